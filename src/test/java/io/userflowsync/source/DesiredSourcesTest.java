package io.userflowsync.source;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How the settings choose and configure the desired source. */
class DesiredSourcesTest {
    @TempDir
    Path tmp;

    private Settings settings(Map<String, String> values) {
        return Settings.resolve(values, Map.of(), new Properties());
    }

    @Test
    void aLocalPathWinsOverGitSoCiCanPlanItsOwnCheckout() {
        try (DesiredSource source = DesiredSources.from(settings(Map.of("sync.desired.path", "flows.yaml",
                "sync.git.url", "https://git.example/identity-config.git")))) {
            assertThat(source).isInstanceOf(FolderDesiredSource.class);
        }
    }

    @Test
    void aTenantsViewOfTheSettingsReadsThatTenantsStateFromTheTenantsLayout() throws Exception {
        java.nio.file.Files.createDirectories(tmp.resolve("base"));
        java.nio.file.Files.createDirectories(tmp.resolve("tenants/dev"));
        java.nio.file.Files.createDirectories(tmp.resolve("tenants/prod"));
        java.nio.file.Files.writeString(tmp.resolve("base/flows.yaml"),
                "userFlows:\n  B2X_1_a:\n    postFederationSignup: Check\n");
        java.nio.file.Files.writeString(tmp.resolve("tenants/dev/flows.yaml"),
                "userFlows:\n  B2X_1_a:\n    postFederationSignup: Check (dev)\n");
        java.nio.file.Files.writeString(tmp.resolve("tenants/prod/flows.yaml"), "userFlows: {}\n");
        Settings settings = settings(Map.of("sync.desired.path", tmp.toString(), "sync.tenants", "dev,prod"));

        try (DesiredSource dev = DesiredSources.from(settings.forTenant("dev"));
             DesiredSource prod = DesiredSources.from(settings.forTenant("prod"))) {
            assertThat(connectorOf(dev)).isEqualTo("ByDisplayName[displayName=Check (dev)]");
            assertThat(connectorOf(prod)).isEqualTo("ByDisplayName[displayName=Check]");
        }
    }

    private static String connectorOf(DesiredSource source) throws Exception {
        return source.load().desiredState().orElseThrow().flows().get(0).steps().get(0).connector().orElseThrow()
                .toString();
    }

    @Test
    void eachTenantKeepsItsOwnGitWorkDirSoOneTenantsLastGoodRevisionIsNeverAnothers() {
        Settings settings = settings(Map.of("sync.git.url", "https://git.example/identity-config.git",
                "sync.git.work-dir", tmp.toString(), "sync.tenants", "dev,prod"));

        assertThat(DesiredSources.gitSettings(settings.forTenant("dev")).workDir()).isEqualTo(tmp.resolve("tenants/dev"));
        assertThat(DesiredSources.gitSettings(settings.forTenant("prod")).workDir()).isEqualTo(tmp.resolve("tenants/prod"));
        assertThat(DesiredSources.gitSettings(settings).workDir()).isEqualTo(tmp);
    }

    @Test
    void withoutAnySourceTheRunRefusesToStart() {
        assertThatThrownBy(() -> DesiredSources.from(settings(Map.of())))
                .isInstanceOf(SettingsException.class).hasMessageContaining("SYNC_DESIRED_PATH").hasMessageContaining("SYNC_GIT_URL");
    }

    @Test
    void gitSettingsCarryRefPathWorkDirTimeoutAndATokenFromAFile() {
        GitSettings git = DesiredSources.gitSettings(settings(Map.of(
                "sync.git.url", "https://git.example/identity-config.git", "sync.git.ref", "v3",
                "sync.git.path", "tenants/prod", "sync.git.work-dir", tmp.toString(),
                "sync.git.timeout-seconds", "15", "sync.git.token-file", tmp.resolve("token").toString())));

        assertThat(git.ref()).contains("v3");
        assertThat(git.path()).contains("tenants/prod");
        assertThat(git.workDir()).isEqualTo(tmp);
        assertThat(git.timeout()).isEqualTo(Duration.ofSeconds(15));
        assertThat(git.auth()).isInstanceOfSatisfying(GitAuth.HttpsToken.class, t -> {
            assertThat(t.username()).isEqualTo(GitAuth.DEFAULT_TOKEN_USERNAME);
            assertThat(t.token()).isEqualTo(SecretRef.file(tmp.resolve("token")));
        });
    }

    @Test
    void anSshKeyNeedsKnownHostsAndChecksHostKeysUnlessTurnedOff() {
        Map<String, String> ssh = Map.of("sync.git.url", "ssh://git@git.example/identity-config.git",
                "sync.git.work-dir", tmp.toString(), "sync.git.ssh.key-file", tmp.resolve("id_ed25519").toString());
        assertThatThrownBy(() -> DesiredSources.gitSettings(settings(ssh)))
                .isInstanceOf(SettingsException.class).hasMessageContaining("SYNC_GIT_SSH_KNOWN_HOSTS");

        Map<String, String> withHosts = new java.util.HashMap<>(ssh);
        withHosts.put("sync.git.ssh.known-hosts", tmp.resolve("known_hosts").toString());
        assertThat(DesiredSources.gitSettings(settings(withHosts)).auth())
                .isInstanceOfSatisfying(GitAuth.Ssh.class, s -> assertThat(s.strictHostKeyChecking()).isTrue());

        withHosts.put("sync.git.ssh.strict-host-key-checking", "false");
        assertThat(DesiredSources.gitSettings(settings(withHosts)).auth())
                .isInstanceOfSatisfying(GitAuth.Ssh.class, s -> assertThat(s.strictHostKeyChecking()).isFalse());
    }

    @Test
    void aSecretComesFromAnEnvironmentVariableOrAFileNotBoth() {
        assertThatThrownBy(() -> DesiredSources.gitSettings(settings(Map.of(
                "sync.git.url", "https://git.example/x.git", "sync.git.work-dir", tmp.toString(),
                "sync.git.token-env", "GIT_TOKEN", "sync.git.token-file", "/run/secrets/git-token"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("not both");
    }

    @Test
    void withoutAWorkDirTheStateGoesToTheUsersStateDirectoryNotTheCurrentOne() {
        GitSettings git = DesiredSources.gitSettings(settings(Map.of("sync.git.url", "https://git.example/x.git")));

        assertThat(git.workDir()).isAbsolute().endsWithRaw(Path.of("userflow-connector-sync"))
                .isEqualTo(DesiredSources.workDir(io.userflowsync.config.Setting.GIT_WORK_DIR.defaultValue(),
                        System.getenv(), Path.of(System.getProperty("user.home"))));
        assertThat(git.workDir().startsWith(Path.of("").toAbsolutePath())).as("not in the current directory").isFalse();
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} with XDG_STATE_HOME={1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', nullValues = "(unset)", value = {
            "${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync | /var/state | /var/state/userflow-connector-sync",
            "${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync | (unset)    | /home/ada/.local/state/userflow-connector-sync",
            "${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync | ''         | /home/ada/.local/state/userflow-connector-sync",
            "${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync | relative   | /home/ada/.local/state/userflow-connector-sync",
            "~/ucs                                                     | /var/state | /home/ada/ucs",
            "/var/lib/userflow-connector-sync/git                      | /var/state | /var/lib/userflow-connector-sync/git",
            "state/ucs                                                 | /var/state | state/ucs",
    })
    void theWorkDirExpandsTheHomeAndXdgStateHomeAsAShellWould(String value, String xdgStateHome, String expected) {
        Map<String, String> env = new java.util.HashMap<>();
        if (xdgStateHome != null) {
            env.put("XDG_STATE_HOME", xdgStateHome);
        }
        assertThat(DesiredSources.workDir(value, env, Path.of("/home/ada"))).isEqualTo(Path.of(expected));
    }

    @Test
    void signaturesAreVerifiedOnlyWhenAskedAndThenNeedAnAllowedSignersFileOrAKeyring() {
        Map<String, String> git = Map.of("sync.git.url", "https://git.example/x.git", "sync.git.work-dir", tmp.toString());
        java.util.function.Function<Map<String, String>, GitSettings> with = extra -> {
            Map<String, String> all = new java.util.HashMap<>(git);
            all.putAll(extra);
            return DesiredSources.gitSettings(settings(all));
        };

        assertThat(with.apply(Map.of()).signedCommits()).as("off by default").isEmpty();
        assertThatThrownBy(() -> with.apply(Map.of("sync.git.verify-signatures", "true")))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("sync.git.allowed-signers").hasMessageContaining("sync.git.gpg.keyring");
        assertThat(with.apply(Map.of("sync.git.verify-signatures", "true",
                "sync.git.allowed-signers", "/etc/ucs/allowed_signers", "sync.git.gpg.keyring", "/etc/ucs/keys.asc"))
                .signedCommits()).contains(new SignedCommits(Optional.of(Path.of("/etc/ucs/allowed_signers")),
                Optional.of(Path.of("/etc/ucs/keys.asc"))));
        try (LogCapture logs = new LogCapture()) {
            assertThat(with.apply(Map.of("sync.git.gpg.keyring", "/etc/ucs/keys.asc")).signedCommits()).isEmpty();
            assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("signatures are not checked"));
        }
    }
}
