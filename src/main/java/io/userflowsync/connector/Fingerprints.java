package io.userflowsync.connector;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Keyed fingerprints of the secrets the agent sends (issue 9, item 1): HMAC-SHA256 with a random key kept in the
 * work dir, never the secret and never a plain hash, so the record of what was sent says nothing about a password
 * to whoever reads it (a plain SHA-256 of a weak password is a dictionary look-up away).
 */
public final class Fingerprints {
    static final String KEY_FILE = "connector-fingerprint.key";
    private static final int KEY_BYTES = 32;

    private final byte[] key;

    private Fingerprints(byte[] key) {
        this.key = key;
    }

    /** The work dir's key, made on first use (readable by the agent's user only, where the file system can say so). */
    public static Fingerprints in(Path workDir) {
        Path file = workDir.resolve(KEY_FILE);
        try {
            Files.createDirectories(workDir);
            if (!Files.exists(file)) {
                byte[] fresh = new byte[KEY_BYTES];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(workDir, KEY_FILE, ".tmp");
                try {
                    if (Files.getFileStore(tmp).supportsFileAttributeView("posix")) {
                        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
                    }
                    Files.write(tmp, fresh);
                    // Two agents starting at once: the first key wins, the other reads it.
                    Files.move(tmp, file);
                } catch (FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            byte[] stored = Files.readAllBytes(file);
            if (stored.length != KEY_BYTES) {
                throw new IllegalStateException(file + " is not a fingerprint key (" + stored.length + " bytes, "
                        + "expected " + KEY_BYTES + "); delete it and every secret is sent once more");
            }
            return new Fingerprints(stored);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the fingerprint key in " + workDir, e);
        }
    }

    /** The fingerprint of a password, lower-case hex. */
    public String ofPassword(String password) {
        return of("password", password.getBytes(StandardCharsets.UTF_8));
    }

    private String of(String kind, byte[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(kind.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return HexFormat.of().formatHex(mac.doFinal(secret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
