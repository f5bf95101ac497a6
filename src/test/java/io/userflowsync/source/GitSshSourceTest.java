package io.userflowsync.source;

import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SSH with a passphrase-protected key and known_hosts, against a real SSH server on loopback. */
class GitSshSourceTest {
    private static final String PASSPHRASE = "correct-horse-battery-staple-42";
    private static final String GOOD = "userFlows:\n  B2X_1_partner_signup: {}\n";

    @TempDir
    Path tmp;
    private TestRemote remote;
    private SshGitServer server;
    private LogCapture logs;
    private Path privateKey;
    private Path passphraseFile;
    private Path knownHosts;

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        remote = TestRemote.create(tmp, "desired");
        KeyPair client = SshGitServer.newKeyPair();
        server = new SshGitServer(tmp, client.getPublic());
        privateKey = tmp.resolve("id_ecdsa");
        OpenSSHKeyEncryptionContext encryption = new OpenSSHKeyEncryptionContext();
        encryption.setCipherName("AES");
        encryption.setCipherType("256");
        encryption.setPassword(PASSPHRASE);
        try (OutputStream out = Files.newOutputStream(privateKey)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(client, "agent@test", encryption, out);
        }
        passphraseFile = tmp.resolve("passphrase");
        Files.writeString(passphraseFile, PASSPHRASE + "\n", StandardCharsets.UTF_8);
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine(), StandardCharsets.UTF_8);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        remote.close();
        try {
            assertThat(logs.text()).doesNotContain(PASSPHRASE);
        } finally {
            logs.close();
        }
    }

    private GitSettings settings(GitAuth auth) {
        return GitSettings.of(server.url("desired.git"), tmp.resolve("work")).withAuth(auth);
    }

    @Test
    void fetchesWithAPassphraseProtectedKeyAndAKnownHost() throws Exception {
        RevCommit first = remote.commit("first", Map.of("flows.yaml", GOOD));
        GitSettings settings = settings(GitAuth.ssh(privateKey, Optional.of(SecretRef.file(passphraseFile)), knownHosts));
        assertThat(settings.toString()).doesNotContain(PASSPHRASE);
        try (GitMirror source = new GitMirror(settings)) {
            assertThat(source.fetch().revision().commitId()).contains(first.name());
            RevCommit second = remote.commit("second", Map.of("flows.yaml", GOOD + "  B2X_1_b: {}\n"));
            assertThat(source.fetch().revision().commitId()).contains(second.name());
        }
        assertThat(tmp.resolve("work/ssh/config")).content().contains("StrictHostKeyChecking yes");
    }

    @Test
    void aServerWithAnotherHostKeyIsRefused() throws Exception {
        remote.commit("first", Map.of("flows.yaml", GOOD));
        Files.writeString(knownHosts, server.knownHostsLine(SshGitServer.newKeyPair().getPublic()));
        GitSettings settings = settings(GitAuth.ssh(privateKey, Optional.of(SecretRef.file(passphraseFile)), knownHosts));
        try (GitMirror source = new GitMirror(settings)) {
            assertThatThrownBy(source::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.UNREACHABLE))
                    .hasMessageContaining(server.url("desired.git"))
                    .hasMessageContaining("host key is not in the configured known_hosts file")
                    .message().doesNotContain(PASSPHRASE);
        }
        assertThat(tmp.resolve("work/snapshots")).doesNotExist();
    }

    @Test
    void anUnknownServerIsRefusedWithStrictChecking() throws Exception {
        remote.commit("first", Map.of("flows.yaml", GOOD));
        Files.writeString(knownHosts, "");
        GitSettings settings = settings(GitAuth.ssh(privateKey, Optional.of(SecretRef.file(passphraseFile)), knownHosts));
        try (GitMirror source = new GitMirror(settings)) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class);
        }
    }

    @Test
    void strictCheckingOffAcceptsAnyHostKeyAndSaysSoLoudly() throws Exception {
        RevCommit first = remote.commit("first", Map.of("flows.yaml", GOOD));
        GitAuth.Ssh lax = new GitAuth.Ssh(privateKey, Optional.of(SecretRef.file(passphraseFile)), Optional.empty(), false);
        try (GitMirror source = new GitMirror(settings(lax))) {
            assertThat(source.fetch().revision().commitId()).contains(first.name());
        }
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("strict host key checking is OFF"));
    }

    @Test
    void wrongPassphraseFailsWithoutShowingIt() throws Exception {
        remote.commit("first", Map.of("flows.yaml", GOOD));
        Path wrong = tmp.resolve("wrong-passphrase");
        Files.writeString(wrong, "not-the-passphrase-123");
        try (GitMirror source = new GitMirror(settings(GitAuth.ssh(privateKey, Optional.of(SecretRef.file(wrong)), knownHosts)))) {
            assertThatThrownBy(source::fetch).isInstanceOf(GitSourceException.class)
                    .message().doesNotContain("not-the-passphrase-123").doesNotContain(PASSPHRASE);
        }
        assertThat(logs.text()).doesNotContain("not-the-passphrase-123");
    }
}
