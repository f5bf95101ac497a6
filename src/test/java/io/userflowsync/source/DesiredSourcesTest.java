package io.userflowsync.source;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
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
}
