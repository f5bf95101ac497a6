package io.userflowsync.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Which commit signatures make a revision trusted, when {@code sync.git.verify-signatures} asks for them: SSH
 * signatures by a key in an allowed-signers file ({@code ssh-keygen -Y verify}'s format, what git's
 * {@code gpg.ssh.allowedSignersFile} names), OpenPGP signatures by a key in a public keyring file. At least one.
 *
 * @param allowedSigners SSH allowed signers file
 * @param openPgpKeyring OpenPGP public keyring ({@code gpg --export [--armor]}, binary or ASCII-armoured)
 */
public record SignedCommits(Optional<Path> allowedSigners, Optional<Path> openPgpKeyring) {
    public SignedCommits {
        Objects.requireNonNull(allowedSigners, "allowedSigners");
        Objects.requireNonNull(openPgpKeyring, "openPgpKeyring");
        if (allowedSigners.isEmpty() && openPgpKeyring.isEmpty()) {
            throw new IllegalArgumentException("verifying commit signatures needs an SSH allowed signers file"
                    + " (sync.git.allowed-signers) or an OpenPGP keyring (sync.git.gpg.keyring), or both");
        }
    }

    @Override
    public String toString() {
        return "SignedCommits[allowedSigners=" + allowedSigners.map(Path::toString).orElse("(none)")
                + ", openPgpKeyring=" + openPgpKeyring.map(Path::toString).orElse("(none)") + "]";
    }
}
