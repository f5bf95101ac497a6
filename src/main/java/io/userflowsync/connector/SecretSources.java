package io.userflowsync.connector;

import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads the secrets the desired state references ({@code env:NAME}, {@code file:PATH}, relative to the agent's
 * working directory, never to the config repository: issue 9, item 1). The only place a connector secret is held,
 * and only while a write is built. Problems name the reference, never the value.
 */
public final class SecretSources {
    private final Map<String, String> environment;
    private final Path baseDir;
    private final Fingerprints fingerprints;

    private final Consumer<String> sensitive;

    public SecretSources(Map<String, String> environment, Path baseDir, Fingerprints fingerprints) {
        this(environment, baseDir, fingerprints, secret -> { });
    }

    /**
     * @param sensitive told every secret value read, as read and as sent (a PKCS#12 in base64), before it is used:
     *                  the agent's {@code SecretScrubber} then masks it in any text Graph answers with (an error that
     *                  echoes the request), as it does the client secret
     */
    public SecretSources(Map<String, String> environment, Path baseDir, Fingerprints fingerprints,
                         Consumer<String> sensitive) {
        this.environment = Map.copyOf(environment);
        this.baseDir = baseDir;
        this.fingerprints = fingerprints;
        this.sensitive = sensitive;
    }

    /** A PKCS#12 as Graph takes it ({@code pkcs12Value}, base64), the encoded value made known as sensitive. */
    public String base64(SecretRef.File ref) throws Unreadable {
        String encoded = java.util.Base64.getEncoder().encodeToString(bytes(ref));
        sensitive.accept(encoded);
        return encoded;
    }

    /** Thrown with a message that names the reference, never the secret. */
    public static final class Unreadable extends Exception {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /** The state the planner compares: a password's fingerprint, a certificate's thumbprint, or why neither. */
    public SecretState state(ManagedConnector connector) {
        try {
            if (connector.authentication() instanceof ConnectorAuthentication.Basic basic) {
                return new SecretState.Password(fingerprints.ofPassword(text(basic.password())));
            }
            ConnectorAuthentication.Certificate certificate =
                    (ConnectorAuthentication.Certificate) connector.authentication();
            return new SecretState.Certificate(thumbprint(bytes(certificate.pkcs12()), text(certificate.password()),
                    certificate.pkcs12()));
        } catch (Unreadable e) {
            return new SecretState.Unreadable(e.getMessage());
        }
    }

    public String fingerprint(String password) {
        return fingerprints.ofPassword(password);
    }

    /**
     * A text secret. One line break at the end of a file is dropped: {@code echo secret > file} writes one, and no
     * password ends with one on purpose.
     */
    public String text(SecretRef ref) throws Unreadable {
        if (ref instanceof SecretRef.Env env) {
            String value = environment.get(env.name());
            if (value == null || value.isEmpty()) {
                throw new Unreadable("environment variable " + env.name() + " (" + ref.describe() + ") is not set");
            }
            sensitive.accept(value);
            return value;
        }
        String value = new String(bytes((SecretRef.File) ref), StandardCharsets.UTF_8);
        if (value.endsWith("\r\n")) {
            value = value.substring(0, value.length() - 2);
        } else if (value.endsWith("\n")) {
            value = value.substring(0, value.length() - 1);
        }
        sensitive.accept(value);
        return value;
    }

    public byte[] bytes(SecretRef.File ref) throws Unreadable {
        Path path = baseDir.resolve(ref.path());
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new Unreadable("cannot read " + ref.describe() + " (" + path.toAbsolutePath() + "): "
                    + e.getClass().getSimpleName());
        }
    }

    /** The upper-case SHA-1 hex of the PKCS#12's certificate, as Graph lists it in certificateList. */
    static String thumbprint(byte[] pkcs12, String password, SecretRef.File ref) throws Unreadable {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password.toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias) && store.getCertificate(alias) instanceof X509Certificate x509) {
                    return HexFormat.of().withUpperCase()
                            .formatHex(MessageDigest.getInstance("SHA-1").digest(x509.getEncoded()));
                }
            }
            throw new Unreadable(ref.describe() + " holds no private key with a certificate");
        } catch (IOException | GeneralSecurityException e) {
            throw new Unreadable(ref.describe() + " is not a PKCS#12 file that opens with its password");
        }
    }
}
