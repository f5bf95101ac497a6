package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.DesiredFlow;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Signer;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.signing.ssh.SshSignerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code sync.git.verify-signatures}, a revision whose commit is not signed by an allowed key is treated like an
 * invalid revision: never applied, never written to a snapshot, the last good one stays, and the reason names the
 * commit and the key (issue 6 item 16). Real commits, signed through JGit's signing path: OpenPGP with a key made by
 * Bouncy Castle, SSH with JGit's own signer.
 */
class SignedCommitsTest {
    private static final String GOOD = "userFlows:\n  B2X_1_partner_signup:\n    postFederationSignup: Check partner\n";
    private static final String GOOD_2 = GOOD + "  B2X_1_customers:\n    postAttributeCollection: null\n";

    private static OpenPgpTestKey allowedPgp;
    private static OpenPgpTestKey strangerPgp;

    @TempDir
    Path tmp;
    private TestRemote remote;
    private LogCapture logs;
    private final DesiredStateReader reader = new DesiredStateLoader(false)::load;
    private Path keyring;
    private Path allowedSigners;
    private SshKey allowedSsh;
    private SshKey strangerSsh;

    /** An SSH key pair on disk as JGit's SSH signer wants it: id_ecdsa and id_ecdsa.pub side by side. */
    record SshKey(Path publicKeyFile, String publicKeyLine) {
        static SshKey create(Path dir, String name) throws Exception {
            KeyPair pair = SshGitServer.newKeyPair();
            Files.createDirectories(dir);
            Path privateKey = dir.resolve(name);
            try (OutputStream out = Files.newOutputStream(privateKey)) {
                OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, name, null, out);
            }
            String line = PublicKeyEntry.toString(pair.getPublic());
            Path publicKey = dir.resolve(name + ".pub");
            Files.writeString(publicKey, line + " " + name + "\n", StandardCharsets.UTF_8);
            return new SshKey(publicKey, line);
        }
    }

    enum Signing {
        UNSIGNED, OPENPGP_ALLOWED, OPENPGP_STRANGER, OPENPGP_OVER_OTHER_CONTENT, SSH_ALLOWED, SSH_STRANGER
    }

    @BeforeAll
    static void generateOpenPgpKeys() throws Exception {
        allowedPgp = OpenPgpTestKey.generate("Ada Author <ada@example.com>");
        strangerPgp = OpenPgpTestKey.generate("Mallory <mallory@example.com>");
    }

    @BeforeEach
    void start() throws Exception {
        logs = new LogCapture();
        remote = TestRemote.create(tmp, "desired");
        keyring = tmp.resolve("trusted.asc");
        OpenPgpTestKey.exportKeyring(keyring, true, allowedPgp);
        allowedSsh = SshKey.create(tmp.resolve("ssh-ada"), "id_ecdsa");
        strangerSsh = SshKey.create(tmp.resolve("ssh-mallory"), "id_ecdsa");
        allowedSigners = tmp.resolve("allowed_signers");
        Files.writeString(allowedSigners, "ada@example.com namespaces=\"git\" " + allowedSsh.publicKeyLine() + "\n");
    }

    @AfterEach
    void stop() {
        remote.close();
        logs.close();
    }

    private GitSettings settings(Optional<SignedCommits> signed) {
        return GitSettings.of(remote.fileUrl(), tmp.resolve("work")).withPath("config").withSignedCommits(signed);
    }

    private GitSettings verifying() {
        return settings(Optional.of(new SignedCommits(Optional.of(allowedSigners), Optional.of(keyring))));
    }

    private RevCommit commit(String message, Signing signing, String yaml) throws Exception {
        Map<String, String> files = Map.of("config/flows.yaml", yaml);
        return switch (signing) {
            case UNSIGNED -> remote.commit(message, files);
            case OPENPGP_ALLOWED -> remote.commitSigned(message, files, allowedPgp, GpgConfig.GpgFormat.OPENPGP, "ada");
            case OPENPGP_STRANGER -> remote.commitSigned(message, files, strangerPgp, GpgConfig.GpgFormat.OPENPGP, "m");
            case OPENPGP_OVER_OTHER_CONTENT -> remote.commitSigned(message, files, signingOtherContent(allowedPgp),
                    GpgConfig.GpgFormat.OPENPGP, "ada");
            case SSH_ALLOWED -> remote.commitSigned(message, files, new SshSignerFactory().create(),
                    GpgConfig.GpgFormat.SSH, allowedSsh.publicKeyFile().toString());
            case SSH_STRANGER -> remote.commitSigned(message, files, new SshSignerFactory().create(),
                    GpgConfig.GpgFormat.SSH, strangerSsh.publicKeyFile().toString());
        };
    }

    /** A valid signature by the allowed key, but over other bytes: what a signature copied from another commit is. */
    private static Signer signingOtherContent(OpenPgpTestKey key) {
        return new Signer() {
            @Override
            public org.eclipse.jgit.lib.GpgSignature sign(org.eclipse.jgit.lib.Repository repository, GpgConfig config,
                    byte[] data, org.eclipse.jgit.lib.PersonIdent committer, String signingKey,
                    org.eclipse.jgit.transport.CredentialsProvider credentials) {
                byte[] other = Arrays.copyOf(data, data.length + 1);
                other[data.length] = '\n';
                return key.sign(repository, config, other, committer, signingKey, credentials);
            }

            @Override
            public boolean canLocateSigningKey(org.eclipse.jgit.lib.Repository repository, GpgConfig config,
                    org.eclipse.jgit.lib.PersonIdent committer, String signingKey,
                    org.eclipse.jgit.transport.CredentialsProvider credentials) {
                return true;
            }
        };
    }

    private List<String> snapshotNames() throws Exception {
        try (Stream<Path> entries = Files.list(tmp.resolve("work/snapshots"))) {
            return entries.map(p -> p.getFileName().toString()).toList();
        }
    }

    @ParameterizedTest(name = "newest commit {0}: applied={1}")
    @CsvSource(delimiter = '|', value = {
            "OPENPGP_ALLOWED            | true  | ''",
            "SSH_ALLOWED                | true  | ''",
            "UNSIGNED                   | false | is not signed",
            "OPENPGP_STRANGER           | false | is signed by OpenPGP key {stranger}, which is not in the keyring",
            "OPENPGP_OVER_OTHER_CONTENT | false | has a signature by OpenPGP key {allowed} (Ada Author <ada@example.com>) that does not match the commit",
            "SSH_STRANGER               | false | is signed by SSH key SHA256:",
    })
    void onlyACommitSignedByAnAllowedKeyIsApplied(Signing newest, boolean applied, String reason) throws Exception {
        RevCommit good = commit("signed and good", Signing.OPENPGP_ALLOWED, GOOD);
        try (GitMirror mirror = new GitMirror(verifying())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(mirror, reader, OnSourceError.LAST_GOOD);
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Current.class);

            RevCommit next = commit("next", newest, GOOD_2);
            SourceOutcome outcome = resolver.resolve();

            if (applied) {
                assertThat(outcome).isInstanceOf(SourceOutcome.Current.class);
                assertThat(outcome.desiredState().orElseThrow().source().commitId()).contains(next.name());
                assertThat(outcome.desiredState().orElseThrow().flows()).extracting(DesiredFlow::flowId)
                        .containsExactly("B2X_1_customers", "B2X_1_partner_signup");
                assertThat(logs.text()).contains("signed by " + (newest == Signing.SSH_ALLOWED
                        ? "SSH key SHA256:" : "OpenPGP key " + allowedPgp.fingerprint()));
                return;
            }
            String expected = reason.replace("{stranger}", strangerPgp.fingerprint())
                    .replace("{allowed}", allowedPgp.fingerprint());
            assertThat(outcome).isInstanceOfSatisfying(SourceOutcome.Fallback.class, f -> {
                assertThat(f.lastGood().source().commitId()).contains(good.name());
                assertThat(f.failedRevision().flatMap(r -> r.commitId())).contains(next.name());
                assertThat(f.reason()).contains("commit " + next.name() + " " + expected)
                        .contains("using the last good revision");
            });
            assertThat(resolver.status().problem().orElseThrow().reason()).contains(next.name()).contains(expected);
            assertThat(snapshotNames()).as("nothing of the untrusted revision is written")
                    .noneMatch(name -> name.startsWith(next.name()));
            assertThat(tmp.resolve("work/last-good.json")).content().contains(good.name());
        }
    }

    @Test
    void withoutVerificationAnUnsignedCommitIsAppliedAsBefore() throws Exception {
        RevCommit unsigned = commit("unsigned", Signing.UNSIGNED, GOOD);
        try (GitMirror mirror = new GitMirror(settings(Optional.empty()))) {
            SourceOutcome outcome = new DesiredSourceResolver(mirror, reader, OnSourceError.LAST_GOOD).resolve();
            assertThat(outcome).isInstanceOf(SourceOutcome.Current.class);
            assertThat(outcome.desiredState().orElseThrow().source().commitId()).contains(unsigned.name());
        }
    }

    @Test
    void aSignatureOfAKindWithoutConfiguredKeysIsRefusedNamingTheKey() throws Exception {
        RevCommit pgpSigned = commit("signed with OpenPGP", Signing.OPENPGP_ALLOWED, GOOD);
        GitSettings sshOnly = settings(Optional.of(new SignedCommits(Optional.of(allowedSigners), Optional.empty())));
        try (GitMirror mirror = new GitMirror(sshOnly)) {
            SourceOutcome outcome = new DesiredSourceResolver(mirror, reader, OnSourceError.LAST_GOOD).resolve();
            assertThat(outcome).isInstanceOfSatisfying(SourceOutcome.Unavailable.class, u -> assertThat(u.reason())
                    .contains("commit " + pgpSigned.name() + " is signed by OpenPGP key " + allowedPgp.fingerprint()
                            + ", and no OpenPGP keyring is configured (sync.git.gpg.keyring)"));
        }
    }

    @Test
    void aBinaryKeyringAsGpgExportWritesItIsReadToo() throws Exception {
        Path binary = tmp.resolve("trusted.gpg");
        OpenPgpTestKey.exportKeyring(binary, false, strangerPgp, allowedPgp);
        RevCommit signed = commit("signed", Signing.OPENPGP_ALLOWED, GOOD);
        GitSettings pgpOnly = settings(Optional.of(new SignedCommits(Optional.empty(), Optional.of(binary))));
        try (GitMirror mirror = new GitMirror(pgpOnly)) {
            assertThat(mirror.fetch().signer()).contains("OpenPGP key " + allowedPgp.fingerprint()
                    + " (Ada Author <ada@example.com>)");
            assertThat(mirror.fetch().revision().commitId()).contains(signed.name());
        }
    }

    @Test
    void aMissingKeyringIsAConfigurationErrorNotABrokenRevision() throws Exception {
        commit("signed", Signing.OPENPGP_ALLOWED, GOOD);
        Path missing = tmp.resolve("not-mounted/trusted.asc");
        GitSettings pgpOnly = settings(Optional.of(new SignedCommits(Optional.empty(), Optional.of(missing))));
        try (GitMirror mirror = new GitMirror(pgpOnly)) {
            org.assertj.core.api.Assertions.assertThatThrownBy(mirror::fetch)
                    .isInstanceOfSatisfying(GitSourceException.class,
                            e -> assertThat(e.kind()).isEqualTo(GitSourceException.Kind.CONFIGURATION))
                    .hasMessageContaining("OpenPGP keyring " + missing + " (sync.git.gpg.keyring) does not exist");
        }
    }

    @Test
    void aLastGoodSavedBeforeSignaturesWereRequiredIsNotAFallbackOnceTheyAre() throws Exception {
        RevCommit unsigned = commit("unsigned but valid", Signing.UNSIGNED, GOOD);
        try (GitMirror mirror = new GitMirror(settings(Optional.empty()))) {
            assertThat(new DesiredSourceResolver(mirror, reader, OnSourceError.LAST_GOOD).resolve())
                    .isInstanceOf(SourceOutcome.Current.class);
        }
        commit("still unsigned", Signing.UNSIGNED, GOOD_2);

        try (GitMirror mirror = new GitMirror(verifying())) {
            DesiredSourceResolver resolver = new DesiredSourceResolver(mirror, reader, OnSourceError.LAST_GOOD);
            assertThat(resolver.resolve()).isInstanceOf(SourceOutcome.Unavailable.class);
            assertThat(resolver.status().lastGood()).isEmpty();
        }
        assertThat(logs.lines()).anyMatch(l -> l.startsWith("WARN") && l.contains("ignoring the persisted last good")
                && l.contains("commit " + unsigned.name() + " is not signed"));
    }
}
