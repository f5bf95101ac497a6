package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.desired.TenantDesiredStates;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Chooses the desired source from the settings: a local file or folder ({@code sync.desired.path}, which wins, so a
 * CI job can plan its own checkout) or a Git repository ({@code sync.git.url}).
 */
public final class DesiredSources {
    private static final Logger LOG = LoggerFactory.getLogger(DesiredSources.class);

    private DesiredSources() {
    }

    public static DesiredSource from(Settings settings) {
        return from(settings, SecretScrubber.of(settings));
    }

    /** @param scrubber the agent's one scrubber, which learns the Git secrets this source reads */
    public static DesiredSource from(Settings settings, SecretScrubber scrubber) {
        DesiredStateLoader loader = new DesiredStateLoader(settings.bool(Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE));
        // A tenant's view of the settings reads that tenant's state from the tenants/ layout (issue 9, item 3).
        DesiredStateReader reader = settings.tenant().<DesiredStateReader>map(tenant -> {
            TenantDesiredStates tenants = new TenantDesiredStates(loader);
            return (root, shownAs, revision) -> tenants.loadTenant(root, shownAs, revision, tenant);
        }).orElse(loader::load);
        Optional<String> path = settings.optional(Setting.DESIRED_PATH);
        if (path.isPresent()) {
            return new FolderDesiredSource(Path.of(path.get()), reader);
        }
        if (settings.optional(Setting.GIT_URL).isEmpty()) {
            throw new SettingsException("no desired state: set " + Setting.DESIRED_PATH.key() + " (--desired PATH, "
                    + Setting.DESIRED_PATH.envName() + ") or " + Setting.GIT_URL.key() + " (" + Setting.GIT_URL.envName() + ")");
        }
        GitMirror mirror = new GitMirror(gitSettings(settings), scrubber);
        OnSourceError onError = OnSourceError.parse(settings.required(Setting.ON_SOURCE_ERROR));
        return new GitDesiredSource(mirror, new DesiredSourceResolver(mirror, reader, onError));
    }

    /**
     * The agent's state directory: {@code sync.git.work-dir}, expanded, which holds the last good revision; other
     * per-agent state (connectors as code's record of what was sent) lives there too, whatever the source.
     */
    public static Path stateDir(Settings settings) {
        return workDir(settings.required(Setting.GIT_WORK_DIR), System.getenv(),
                Path.of(System.getProperty("user.home")));
    }

    static GitSettings gitSettings(Settings settings) {
        try {
            return gitSettingsOrThrow(settings);
        } catch (IllegalArgumentException e) {
            // a setting the Git source cannot work with: the message names it and never repeats a secret
            throw new SettingsException(e.getMessage());
        }
    }

    private static GitSettings gitSettingsOrThrow(Settings settings) {
        Path workDir = workDir(settings.required(Setting.GIT_WORK_DIR), System.getenv(),
                Path.of(System.getProperty("user.home")));
        GitSettings git = GitSettings.of(settings.required(Setting.GIT_URL), workDir)
                .withShallow(settings.bool(Setting.GIT_SHALLOW))
                .withTimeout(java.time.Duration.ofSeconds(settings.integer(Setting.GIT_TIMEOUT_SECONDS)))
                .withAuth(auth(settings));
        git = git.withSignedCommits(signedCommits(settings));
        git = settings.optional(Setting.GIT_REF).map(git::withRef).orElse(git);
        return settings.optional(Setting.GIT_PATH).map(git::withPath).orElse(git);
    }

    private static Optional<SignedCommits> signedCommits(Settings settings) {
        Optional<Path> allowedSigners = settings.optional(Setting.GIT_ALLOWED_SIGNERS).map(Path::of);
        Optional<Path> keyring = settings.optional(Setting.GIT_GPG_KEYRING).map(Path::of);
        if (!settings.bool(Setting.GIT_VERIFY_SIGNATURES)) {
            if (allowedSigners.isPresent() || keyring.isPresent()) {
                // a trust file alone checks nothing: say so rather than let the operator believe it does
                LOG.warn("{} or {} is set, but {} is false: commit signatures are not checked",
                        Setting.GIT_ALLOWED_SIGNERS.key(), Setting.GIT_GPG_KEYRING.key(),
                        Setting.GIT_VERIFY_SIGNATURES.key());
            }
            return Optional.empty();
        }
        return Optional.of(new SignedCommits(allowedSigners, keyring));
    }

    private static GitAuth auth(Settings settings) {
        Optional<String> key = settings.optional(Setting.GIT_SSH_KEY_FILE);
        if (key.isPresent()) {
            Path knownHosts = Path.of(settings.optional(Setting.GIT_SSH_KNOWN_HOSTS).orElseThrow(() -> new SettingsException(
                    Setting.GIT_SSH_KNOWN_HOSTS.key() + " (" + Setting.GIT_SSH_KNOWN_HOSTS.envName()
                            + ") is required with an SSH key: host keys are always checked against it")));
            GitAuth.Ssh ssh = (GitAuth.Ssh) GitAuth.ssh(Path.of(key.get()),
                    secretRef(settings, Setting.GIT_SSH_PASSPHRASE_ENV, Setting.GIT_SSH_PASSPHRASE_FILE), knownHosts);
            return settings.bool(Setting.GIT_SSH_STRICT_HOST_KEY_CHECKING) ? ssh : ssh.withoutStrictHostKeyChecking();
        }
        Optional<SecretRef> token = secretRef(settings, Setting.GIT_TOKEN_ENV, Setting.GIT_TOKEN_FILE);
        if (token.isPresent()) {
            Optional<String> user = settings.optional(Setting.GIT_USERNAME);
            return user.isPresent() ? GitAuth.httpsToken(user.get(), token.get()) : GitAuth.httpsToken(token.get());
        }
        return GitAuth.none();
    }

    private static Optional<SecretRef> secretRef(Settings settings, Setting env, Setting file) {
        Optional<String> envName = settings.optional(env);
        Optional<String> filePath = settings.optional(file);
        if (envName.isPresent() && filePath.isPresent()) {
            throw new SettingsException("set " + env.key() + " or " + file.key() + ", not both");
        }
        return envName.<SecretRef>map(SecretRef::env).or(() -> filePath.map(f -> SecretRef.file(Path.of(f))));
    }

    /**
     * The work directory a setting names, expanded as a shell would: {@code ${NAME}} and {@code ${NAME:-fallback}}
     * from the environment, and a leading {@code ~}. The default,
     * {@code ${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync}, keeps the clone and the last good revision
     * out of whatever directory the agent was started in (issue 6 item 14). An {@code XDG_*} variable holding a
     * relative path is ignored, as the XDG Base Directory specification says.
     */
    static Path workDir(String value, Map<String, String> env, Path home) {
        String expanded = VARIABLE.matcher(value).replaceAll(m -> {
            String name = m.group(1);
            String set = env.get(name);
            boolean usable = set != null && !set.isEmpty() && !(name.startsWith("XDG_") && !set.startsWith("/"));
            return Matcher.quoteReplacement(usable ? set : m.group(2) == null ? "" : m.group(2));
        });
        if (expanded.equals("~") || expanded.startsWith("~/")) {
            return home.resolve(expanded.substring(expanded.length() == 1 ? 1 : 2));
        }
        return Path.of(expanded);
    }

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");
}
