package io.userflowsync.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Settings validation, URL redaction, secret references and the SSH configuration (no network). */
class GitSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void redactsPasswordsAndTokensInUrls() {
        assertThat(GitSettings.redact("https://alice:s3cret-pw@git.example.com/org/repo.git"))
                .isEqualTo("https://alice:***@git.example.com/org/repo.git");
        assertThat(GitSettings.redact("https://ghp_abcdef123456@github.com/org/repo.git"))
                .isEqualTo("https://***@github.com/org/repo.git");
        assertThat(GitSettings.redact("ssh://git@github.com/org/repo.git")).isEqualTo("ssh://git@github.com/org/repo.git");
        assertThat(GitSettings.redact("ssh://git:pw1234@github.com/org/repo.git")).isEqualTo("ssh://git:***@github.com/org/repo.git");
        assertThat(GitSettings.redact("git@github.com:org/repo.git")).isEqualTo("git@github.com:org/repo.git");
        assertThat(GitSettings.redact("https://github.com/org/repo.git")).isEqualTo("https://github.com/org/repo.git");
        assertThat(GitSettings.redact("cannot fetch https://bob:hunter22@h/x: not authorized"))
                .isEqualTo("cannot fetch https://bob:***@h/x: not authorized");
        assertThat(GitSettings.redact("https://bob:p@ss@host/x")).isEqualTo("https://bob:***@host/x");
    }

    @Test
    void rejectsCredentialsInTheUrlWithoutRepeatingThem() {
        assertThatThrownBy(() -> GitSettings.of("https://alice:s3cret-pw@git.example.com/org/repo.git", tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("carries credentials")
                .hasMessageContaining("https://alice:***@git.example.com")
                .message().doesNotContain("s3cret-pw");
        assertThatThrownBy(() -> GitSettings.of("https://ghp_abcdef123456@github.com/org/repo.git", tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("ghp_abcdef123456");
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
            "https://gitlab.example/org/repo.git?private_token=glpat-Secret123",
            "https://git.example/org/repo.git?access_token=Secret123",
            "https://git.example/org/repo.git?token=Secret123",
            "https://git.example/org/repo.git?password=Secret123",
            "https://git.example/org/repo.git?Secret123",
            "https://git.example/org/repo.git?ref=main&x=Secret123",
            "https://git.example/org/repo.git#Secret123",
            "ssh://git@git.example/org/repo.git?key=Secret123",
            "git@git.example:org/repo.git?token=Secret123",
            "file:///srv/git/repo.git?token=Secret123"})
    void aQueryOrFragmentIsRefusedWithoutRepeatingIt(String url) {
        assertThatThrownBy(() -> GitSettings.of(url, tmp))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("query or fragment")
                .hasMessageContaining(url.substring(0, url.indexOf(url.contains("?") ? '?' : '#')) + (url.contains("?") ? "?***" : "#***"))
                .hasMessageContaining("sync.git.token-env")
                .message().doesNotContain("Secret123");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} + {1} -> {2}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "file:///srv/git/repo.git/            | tenants/prod   | file:///srv/git/repo.git//tenants/prod",
            "file:///srv/git/repo.git             | /tenants/prod/ | file:///srv/git/repo.git//tenants/prod",
            "file:///srv/git/repo.git//           | tenants/prod   | file:///srv/git/repo.git//tenants/prod",
            "https://git.example/org/repo.git/    | config         | https://git.example/org/repo.git//config",
            "git@git.example:org/repo.git         | config         | git@git.example:org/repo.git//config",
            "file:///srv/git/repo.git/            | .              | file:///srv/git/repo.git/",
    })
    void theLocationJoinsUrlAndPathWithOneDoubleSlashOnly(String url, String path, String location) {
        GitSettings settings = GitSettings.of(url, tmp).withPath(path);

        assertThat(settings.location()).isEqualTo(location);
        String afterScheme = location.substring(location.indexOf("://") + 3);
        assertThat(afterScheme).doesNotContain("///").satisfies(
                rest -> assertThat(rest.indexOf("//")).isEqualTo(rest.lastIndexOf("//")));
    }

    @Test
    void aTrailingSlashDoesNotMakeAnotherSource() {
        assertThat(SourceKey.of(GitSettings.of("file:///srv/git/repo.git/", tmp).withPath("config")))
                .isEqualTo(SourceKey.of(GitSettings.of("file:///srv/git/repo.git", tmp).withPath("config")));
    }

    @Test
    void acceptsTheUsualUrlForms() {
        for (String url : new String[] {"https://github.com/org/repo.git", "ssh://git@github.com/org/repo.git",
                "git@github.com:org/repo.git", "file:///srv/git/repo.git", "git://127.0.0.1/repo.git"}) {
            assertThat(GitSettings.of(url, tmp).url()).isEqualTo(url);
        }
        assertThatThrownBy(() -> GitSettings.of("ftp://example.com/repo.git", tmp)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GitSettings.of(" ", tmp)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void defaultsAndPathNormalisation() {
        GitSettings s = GitSettings.of("https://github.com/org/repo.git", tmp);
        assertThat(s.ref()).isEmpty();
        assertThat(s.path()).isEmpty();
        assertThat(s.shallow()).isTrue();
        assertThat(s.auth()).isEqualTo(GitAuth.none());
        assertThat(s.shownAs()).isEqualTo(".");
        assertThat(s.location()).isEqualTo("https://github.com/org/repo.git");
        assertThat(s.withPath("/config/prod/").path()).contains("config/prod");
        assertThat(s.withPath("config/prod").location()).isEqualTo("https://github.com/org/repo.git//config/prod");
        assertThat(s.withPath(".").path()).isEmpty();
        assertThat(s.withRef("  ").ref()).isEmpty();
        assertThatThrownBy(() -> s.withPath("config/../../etc")).isInstanceOf(IllegalArgumentException.class);
        assertThat(s.withRef("3f2a9c1").refLooksLikeCommitId()).isTrue();
        assertThat(s.withRef("main").refLooksLikeCommitId()).isFalse();
    }

    @Test
    void authMustFitTheTransport() {
        GitSettings https = GitSettings.of("https://github.com/org/repo.git", tmp);
        assertThatThrownBy(() -> https.withAuth(GitAuth.ssh(tmp.resolve("id"), Optional.empty(), tmp.resolve("kh"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SSH key auth needs");
        GitSettings ssh = GitSettings.of("git@github.com:org/repo.git", tmp);
        assertThatThrownBy(() -> ssh.withAuth(GitAuth.httpsToken(SecretRef.env("GIT_TOKEN"))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs an https:// URL");
    }

    @Test
    void toStringNamesWhereSecretsLiveNeverTheirValues() throws Exception {
        Path tokenFile = tmp.resolve("token");
        Files.writeString(tokenFile, "tok-VALUE-123\n");
        GitSettings s = GitSettings.of("https://github.com/org/repo.git", tmp)
                .withAuth(GitAuth.httpsToken(SecretRef.file(tokenFile)));
        assertThat(s.toString()).contains("token=file:" + tokenFile).doesNotContain("tok-VALUE-123");
        assertThat(GitSettings.of("https://github.com/org/repo.git", tmp)
                .withAuth(GitAuth.httpsPassword("alice", SecretRef.env("GIT_PASSWORD"))).toString())
                .contains("password=env:GIT_PASSWORD");
    }

    @Test
    void secretsAreReadAtUseTimeWithTheTrailingNewlineTrimmed() throws Exception {
        Path file = tmp.resolve("secret");
        Files.writeString(file, "first-value\n");
        SecretRef ref = SecretRef.file(file);
        assertThat(ref.read()).isEqualTo("first-value");
        Files.writeString(file, "rotated-value\r\n");
        assertThat(ref.read()).isEqualTo("rotated-value");
        Files.writeString(file, "\n");
        assertThatThrownBy(ref::read).hasMessageContaining("is empty");
        assertThatThrownBy(() -> SecretRef.env("USERFLOWSYNC_TEST_SURELY_UNSET_VAR").read())
                .hasMessageContaining("USERFLOWSYNC_TEST_SURELY_UNSET_VAR is not set");
        assertThat(SecretRef.env("PATH").read()).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void sshStrictHostKeyCheckingIsOnByDefault() {
        GitAuth.Ssh ssh = (GitAuth.Ssh) GitAuth.ssh(tmp.resolve("id_ed25519"), Optional.empty(), tmp.resolve("known_hosts"));
        assertThat(ssh.strictHostKeyChecking()).isTrue();
        assertThat(SshSessionFactories.sshConfig(true)).contains("StrictHostKeyChecking yes");
        assertThat(SshSessionFactories.sshConfig(false)).contains("StrictHostKeyChecking no");
        assertThat(ssh.withoutStrictHostKeyChecking().strictHostKeyChecking()).isFalse();
        assertThatThrownBy(() -> new GitAuth.Ssh(tmp.resolve("id"), Optional.empty(), Optional.empty(), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs a known_hosts file");
    }

    @Test
    void missingKnownHostsFileIsAClearConfigurationError() throws Exception {
        Path key = tmp.resolve("id_ed25519");
        Files.writeString(key, "-----BEGIN OPENSSH PRIVATE KEY-----\n");
        Path knownHosts = tmp.resolve("mounted/known_hosts");
        GitSettings s = GitSettings.of("ssh://git@127.0.0.1:1/repo.git", tmp.resolve("work"))
                .withAuth(GitAuth.ssh(key, Optional.empty(), knownHosts));
        try (GitMirror source = new GitMirror(s)) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.CONFIGURATION))
                    .hasMessageContaining("SSH known_hosts file " + knownHosts + " does not exist");
        }
    }

    @Test
    void missingPrivateKeyIsAClearConfigurationError() throws Exception {
        Path knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, "");
        GitSettings s = GitSettings.of("git@127.0.0.1:repo.git", tmp.resolve("work"))
                .withAuth(GitAuth.ssh(tmp.resolve("no-key"), Optional.empty(), knownHosts));
        try (GitMirror source = new GitMirror(s)) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.CONFIGURATION))
                    .hasMessageContaining("SSH private key file " + tmp.resolve("no-key"));
        }
    }

    @Test
    void onSourceErrorSetting() {
        assertThat(OnSourceError.parse("last-good")).isEqualTo(OnSourceError.LAST_GOOD);
        assertThat(OnSourceError.parse(null)).isEqualTo(OnSourceError.LAST_GOOD);
        assertThat(OnSourceError.parse(" SKIP ")).isEqualTo(OnSourceError.SKIP);
        assertThatThrownBy(() -> OnSourceError.parse("ignore")).hasMessageContaining("last-good or skip");
    }
}
