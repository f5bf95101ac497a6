package io.userflowsync.source;

import io.userflowsync.config.Setting;
import org.bouncycastle.bcpg.sig.IssuerFingerprint;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSignature;
import org.bouncycastle.openpgp.PGPSignatureList;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.openpgp.operator.bc.BcKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.bc.BcPGPContentVerifierBuilderProvider;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.GpgConfig;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.SignatureVerifier;
import org.eclipse.jgit.lib.SignatureVerifiers;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.signing.ssh.SshSignatureVerifierFactory;
import org.eclipse.jgit.util.RawParseUtils;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides whether a commit is signed by a key the operator allows ({@code sync.git.verify-signatures}, issue 6 item
 * 16). Only the commit's own signature counts (not a signed tag pointing at it, not earlier commits), as
 * {@code git verify-commit} does.
 *
 * <ul>
 * <li>SSH: JGit's verifier ({@code org.eclipse.jgit.ssh.apache}) checks the signature and looks the key up in the
 * allowed signers file, with its namespaces, validity dates and certificate authorities, as
 * {@code ssh-keygen -Y verify} would.</li>
 * <li>OpenPGP: Bouncy Castle checks the signature against the configured keyring file; a revoked key, or one
 * expired when it signed, is refused. (JGit's {@code org.eclipse.jgit.gpg.bc} verifier would look keys up in the
 * GnuPG home directory of the process instead, which cannot be pointed at a file per source.)</li>
 * <li>X.509 (gpgsm) signatures are refused: there is no way to say which certificates are allowed.</li>
 * </ul>
 */
final class CommitSignatures {
    private static final byte[] GPGSIG = {'g', 'p', 'g', 's', 'i', 'g'};

    /** What the check concluded. */
    sealed interface Verdict {
    }

    /** @param signer which key signed, e.g. {@code SSH key SHA256:... (ada@example.com)}, for the log */
    record Trusted(String signer) implements Verdict {
    }

    /** @param reason for a person: the commit id, and the signer or key id when there is a signature */
    record Refused(String reason) implements Verdict {
    }

    private final SignedCommits trust;
    private final SignatureVerifier ssh = new SshSignatureVerifierFactory().create();

    CommitSignatures(SignedCommits trust) {
        this.trust = trust;
    }

    /**
     * @throws GitSourceException of kind CONFIGURATION when a configured allowed signers file or keyring cannot be
     *                            read: the source is misconfigured, which is not the revision's fault
     */
    Verdict verify(Repository repo, RevCommit commit) throws GitSourceException {
        byte[] signature = commit.getRawGpgSignature();
        String id = "commit " + commit.name();
        if (signature == null) {
            return new Refused(id + " is not signed");
        }
        GpgConfig.GpgFormat format = SignatureVerifiers.getFormat(signature);
        if (format == null) {
            return new Refused(id + " has a signature of an unknown format");
        }
        return switch (format) {
            case SSH -> verifySsh(repo, id, signedData(commit), signature);
            case OPENPGP -> verifyOpenPgp(id, signedData(commit), signature);
            case X509 -> new Refused(id + " has an X.509 (gpgsm) signature; only SSH and OpenPGP signatures can be"
                    + " checked against allowed keys");
        };
    }

    private Verdict verifySsh(Repository repo, String id, byte[] data, byte[] signature) throws GitSourceException {
        Config config = new Config();
        if (trust.allowedSigners().isPresent()) {
            Path file = trust.allowedSigners().get();
            requireReadable(file, "SSH allowed signers file", Setting.GIT_ALLOWED_SIGNERS);
            // JGit resolves a relative path against the work tree, which a bare clone does not have
            config.setString(ConfigConstants.CONFIG_GPG_SECTION, ConfigConstants.CONFIG_SSH_SUBSECTION,
                    ConfigConstants.CONFIG_KEY_SSH_ALLOWED_SIGNERS_FILE, file.toAbsolutePath().toString());
        }
        SignatureVerifier.SignatureVerification result;
        try {
            result = ssh.verify(repo, new GpgConfig(config), data, signature);
        } catch (IOException | RuntimeException e) {
            return new Refused(id + " has an SSH signature that cannot be read: " + e.getMessage());
        }
        String key = "SSH key " + Optional.ofNullable(result.keyFingerprint()).orElse("(unknown)");
        if (trust.allowedSigners().isEmpty()) {
            return new Refused(id + " is signed by " + key + ", and no SSH allowed signers file is configured ("
                    + Setting.GIT_ALLOWED_SIGNERS.key() + ")");
        }
        if (!result.verified()) {
            return new Refused(id + " is signed by " + key + ", which " + trust.allowedSigners().get()
                    + " does not allow" + Optional.ofNullable(result.message()).map(m -> ": " + m).orElse(""));
        }
        return new Trusted(key + " (" + result.keyUser() + ")");
    }

    private Verdict verifyOpenPgp(String id, byte[] data, byte[] signatureBytes) throws GitSourceException {
        PGPSignature signature;
        try {
            signature = parseSignature(signatureBytes);
        } catch (IOException | PGPException | RuntimeException e) {
            return new Refused(id + " has an OpenPGP signature that cannot be read: " + e.getMessage());
        }
        String keyId = keyIdOf(signature);
        if (trust.openPgpKeyring().isEmpty()) {
            return new Refused(id + " is signed by OpenPGP key " + keyId + ", and no OpenPGP keyring is configured ("
                    + Setting.GIT_GPG_KEYRING.key() + ")");
        }
        Path keyringFile = trust.openPgpKeyring().get();
        PGPPublicKeyRingCollection keyrings = readKeyring(keyringFile);
        PGPPublicKey key = keyrings.getPublicKey(signature.getKeyID());
        if (key == null) {
            return new Refused(id + " is signed by OpenPGP key " + keyId + ", which is not in the keyring " + keyringFile);
        }
        PGPPublicKeyRing ring = keyrings.getPublicKeyRing(signature.getKeyID());
        PGPPublicKey primary = ring.getPublicKey();
        String signer = "OpenPGP key " + fingerprint(key) + userId(primary).map(u -> " (" + u + ")").orElse("");
        if (key.hasRevocation() || primary.hasRevocation()) {
            return new Refused(id + " is signed by " + signer + ", which is revoked");
        }
        Instant signedAt = signature.getCreationTime().toInstant();
        if (expiredAt(key, signedAt) || expiredAt(primary, signedAt)) {
            return new Refused(id + " is signed by " + signer + ", which had expired when it signed (" + signedAt + ")");
        }
        boolean valid;
        try {
            signature.init(new BcPGPContentVerifierBuilderProvider(), key);
            signature.update(data);
            valid = signature.verify();
        } catch (PGPException | RuntimeException e) {
            valid = false;
        }
        if (!valid) {
            return new Refused(id + " has a signature by " + signer + " that does not match the commit (changed after"
                    + " signing, or forged)");
        }
        return new Trusted(signer);
    }

    private static PGPSignature parseSignature(byte[] armored) throws IOException, PGPException {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(armored))) {
            Object object = new BcPGPObjectFactory(in).nextObject();
            if (object instanceof PGPSignatureList list && !list.isEmpty()) {
                return list.get(0);
            }
            throw new PGPException("not a detached signature");
        }
    }

    private static PGPPublicKeyRingCollection readKeyring(Path file) throws GitSourceException {
        requireReadable(file, "OpenPGP keyring", Setting.GIT_GPG_KEYRING);
        // read at each check, so a rotated keyring (a re-mounted secret) is used by the next run
        try (InputStream in = PGPUtil.getDecoderStream(Files.newInputStream(file))) {
            return new PGPPublicKeyRingCollection(in, new BcKeyFingerprintCalculator());
        } catch (IOException | PGPException | RuntimeException e) {
            throw new GitSourceException(GitSourceException.Kind.CONFIGURATION, "cannot read the OpenPGP keyring "
                    + file + " (" + Setting.GIT_GPG_KEYRING.key() + "): " + e.getMessage()
                    + "; export it with `gpg --export --armor KEYID... > " + file.getFileName() + "`", Optional.empty());
        }
    }

    private static void requireReadable(Path file, String what, Setting setting) throws GitSourceException {
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new GitSourceException(GitSourceException.Kind.CONFIGURATION, what + " " + file + " ("
                    + setting.key() + ") does not exist or is not readable", Optional.empty());
        }
    }

    private static boolean expiredAt(PGPPublicKey key, Instant when) {
        long validSeconds = key.getValidSeconds();
        return validSeconds > 0 && key.getCreationTime().toInstant().plusSeconds(validSeconds).isBefore(when);
    }

    private static String keyIdOf(PGPSignature signature) {
        IssuerFingerprint issuer = signature.getHashedSubPackets() == null ? null
                : signature.getHashedSubPackets().getIssuerFingerprint();
        return issuer != null ? HexFormat.of().withUpperCase().formatHex(issuer.getFingerprint())
                : String.format(Locale.ROOT, "%016X", signature.getKeyID());
    }

    private static String fingerprint(PGPPublicKey key) {
        return HexFormat.of().withUpperCase().formatHex(key.getFingerprint());
    }

    private static Optional<String> userId(PGPPublicKey key) {
        Iterator<String> ids = key.getUserIDs();
        return ids.hasNext() ? Optional.of(ids.next()) : Optional.empty();
    }

    /** The bytes a commit signature covers: the raw commit without its {@code gpgsig} header (as git computes them). */
    static byte[] signedData(RevCommit commit) {
        byte[] raw = commit.getRawBuffer();
        int start = RawParseUtils.headerStart(GPGSIG, raw, 0);
        if (start < 0) {
            return raw;
        }
        int end = RawParseUtils.nextLfSkippingSplitLines(raw, start);
        start -= GPGSIG.length + 1; // back to the header name
        if (end < raw.length) {
            end++; // and its terminating LF
        }
        byte[] data = new byte[raw.length - (end - start)];
        System.arraycopy(raw, 0, data, 0, start);
        System.arraycopy(raw, end, data, start, raw.length - end);
        return data;
    }
}
