package io.userflowsync.graph;

import io.userflowsync.config.Secret;
import io.userflowsync.config.Setting;
import io.userflowsync.config.SettingsException;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The app's certificate and private key from {@code AZURE_CLIENT_CERTIFICATE_PATH}, as the Azure SDK reads it: a PEM
 * file holding the private key and the certificate (and any chain), or a PKCS#12 file (.pfx, .p12), protected by
 * {@code AZURE_CLIENT_CERTIFICATE_PASSWORD} or not. Which of the two is told by the content, not the file name.
 * An encrypted PEM key is opened with the same password.
 *
 * <p>Every problem is a {@link SettingsException} that names the file and what to do; none quotes the password or
 * the key. The key must be RSA: msal4j signs client assertions with RS256 only ({@code JwtHelper}), so another key
 * would fail at the first token request instead of now.
 */
record ClientCertificateFile(Path path, PrivateKey key, List<X509Certificate> chain) {
    /** OpenSSL's encrypted keys name ciphers the JDK does not (AES/CBC/PKCS7Padding); not registered JVM-wide. */
    private static final Provider BC = new BouncyCastleProvider();

    ClientCertificateFile {
        chain = List.copyOf(chain);
    }

    /** What {@link #describe()} says: a record would print the key object and every certificate in full. */
    @Override
    public String toString() {
        return "ClientCertificateFile[" + describe() + "]";
    }

    /** The leaf: the certificate of {@link #key()}. */
    X509Certificate certificate() {
        return chain.get(0);
    }

    /** SHA-1 of the certificate, upper-case hex: what the portal shows as the thumbprint (and {@code x5t} carries). */
    String thumbprint() {
        return digest("SHA-1");
    }

    String thumbprintSha256() {
        return digest("SHA-256");
    }

    /** For the start-up line: file, thumbprint, subject and expiry; never the key. */
    String describe() {
        return "certificate " + thumbprint() + " (" + certificate().getSubjectX500Principal().getName()
                + ", valid until " + certificate().getNotAfter().toInstant() + ") from " + path;
    }

    static ClientCertificateFile load(Path path, Optional<Secret> password, Instant now) {
        String where = "the certificate file " + path + " (" + Setting.CLIENT_CERTIFICATE_PATH.envName() + ")";
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new SettingsException(where + " does not exist");
        } catch (AccessDeniedException e) {
            throw new SettingsException(where + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new SettingsException(where + " cannot be read: " + e.getMessage());
        }
        ClientCertificateFile file = isPem(bytes) ? fromPem(path, where, bytes, password)
                : fromPkcs12(path, where, bytes, password);
        file.checkUsable(where, now);
        return file;
    }

    private static boolean isPem(byte[] bytes) {
        return new String(bytes, StandardCharsets.US_ASCII).contains("-----BEGIN ");
    }

    private static ClientCertificateFile fromPem(Path path, String where, byte[] bytes, Optional<Secret> password) {
        List<X509Certificate> certificates = new ArrayList<>();
        List<PrivateKey> keys = new ArrayList<>();
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.US_ASCII)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                } else if (o instanceof PrivateKeyInfo info) {
                    keys.add(converter.getPrivateKey(info));
                } else if (o instanceof PEMKeyPair pair) {
                    keys.add(converter.getKeyPair(pair).getPrivate());
                } else if (o instanceof PKCS8EncryptedPrivateKeyInfo encrypted) {
                    keys.add(converter.getPrivateKey(encrypted.decryptPrivateKeyInfo(
                            new JceOpenSSLPKCS8DecryptorProviderBuilder().setProvider(BC).build(passwordFor(where, password)))));
                } else if (o instanceof PEMEncryptedKeyPair encrypted) {
                    keys.add(converter.getKeyPair(encrypted.decryptKeyPair(
                            new JcePEMDecryptorProviderBuilder().setProvider(BC).build(passwordFor(where, password)))).getPrivate());
                }
            }
        } catch (SettingsException e) {
            throw e;
        } catch (PKCSException | org.bouncycastle.openssl.EncryptionException e) {
            throw new SettingsException(where + " holds an encrypted private key that "
                    + Setting.CLIENT_CERTIFICATE_PASSWORD.envName() + " does not open");
        } catch (IOException | GeneralSecurityException | OperatorCreationException | RuntimeException e) {
            throw new SettingsException(where + " is not a PEM file of a private key and its certificate: "
                    + e.getClass().getSimpleName());
        }
        if (keys.size() != 1) {
            throw new SettingsException(where + " holds " + keys.size() + " private keys; it must hold exactly one,"
                    + " with its certificate (PEM: the key and the certificate in one file, as the Azure SDK reads it)");
        }
        if (certificates.isEmpty()) {
            throw new SettingsException(where + " holds a private key but no certificate; put the certificate in the"
                    + " same file");
        }
        return withChain(path, where, keys.get(0), certificates);
    }

    private static char[] passwordFor(String where, Optional<Secret> password) {
        return password.map(p -> p.reveal().toCharArray()).orElseThrow(() -> new SettingsException(where
                + " holds an encrypted private key: set " + Setting.CLIENT_CERTIFICATE_PASSWORD.envName()));
    }

    private static ClientCertificateFile fromPkcs12(Path path, String where, byte[] bytes, Optional<Secret> password) {
        char[] secret = password.map(p -> p.reveal().toCharArray()).orElse(new char[0]);
        KeyStore store;
        try {
            store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(bytes), secret);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new SettingsException(where + " is a PKCS#12 file that " + (password.isPresent()
                        ? Setting.CLIENT_CERTIFICATE_PASSWORD.envName() + " does not open (wrong password)"
                        : "needs a password: set " + Setting.CLIENT_CERTIFICATE_PASSWORD.envName()));
            }
            throw new SettingsException(where + " is neither a PEM file (a private key and its certificate) nor a"
                    + " PKCS#12 file (.pfx, .p12)");
        } catch (GeneralSecurityException e) {
            throw new SettingsException(where + " cannot be read as PKCS#12: " + e.getClass().getSimpleName());
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (!store.isKeyEntry(alias)) {
                    continue;
                }
                Key key = store.getKey(alias, secret);
                Certificate[] chain = store.getCertificateChain(alias);
                if (key instanceof PrivateKey privateKey && chain != null && chain.length > 0) {
                    List<X509Certificate> certificates = new ArrayList<>();
                    for (Certificate c : chain) {
                        certificates.add((X509Certificate) c);
                    }
                    return withChain(path, where, privateKey, certificates);
                }
            }
        } catch (UnrecoverableKeyException e) {
            throw new SettingsException(where + " is a PKCS#12 file whose key " + Setting.CLIENT_CERTIFICATE_PASSWORD
                    .envName() + " does not open (wrong password)");
        } catch (GeneralSecurityException e) {
            throw new SettingsException(where + " cannot be read as PKCS#12: " + e.getClass().getSimpleName());
        }
        throw new SettingsException(where + " is a PKCS#12 file without a private key and its certificate");
    }

    /** The certificate of {@code key} first, then the others (a chain), as msal4j sends them. */
    private static ClientCertificateFile withChain(Path path, String where, PrivateKey key,
                                                   List<X509Certificate> certificates) {
        if (!(key instanceof RSAPrivateCrtKey rsa)) {
            throw new SettingsException(where + " holds a " + key.getAlgorithm() + " key; a client certificate for"
                    + " Entra must have an RSA key (msal4j signs with RS256)");
        }
        Optional<X509Certificate> leaf = certificates.stream()
                .filter(c -> c.getPublicKey() instanceof RSAPublicKey pub && pub.getModulus().equals(rsa.getModulus())
                        && pub.getPublicExponent().equals(rsa.getPublicExponent()))
                .findFirst();
        if (leaf.isEmpty()) {
            throw new SettingsException(where + " holds a private key that belongs to none of its certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf.get());
        certificates.stream().filter(c -> c != leaf.get()).forEach(chain::add);
        return new ClientCertificateFile(path, key, chain);
    }

    /** Entra refuses an assertion signed with a key credential outside its validity, so the agent says so first. */
    private void checkUsable(String where, Instant now) {
        Instant notAfter = certificate().getNotAfter().toInstant();
        Instant notBefore = certificate().getNotBefore().toInstant();
        if (now.isAfter(notAfter)) {
            throw new SettingsException(where + ": certificate " + thumbprint() + " expired on " + notAfter
                    + "; upload a new one to the app registration and point " + Setting.CLIENT_CERTIFICATE_PATH
                    .envName() + " at it");
        }
        if (now.isBefore(notBefore)) {
            throw new SettingsException(where + ": certificate " + thumbprint() + " is not valid before "
                    + notBefore);
        }
    }

    private String digest(String algorithm) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(certificate().getEncoded()))
                    .toUpperCase(Locale.ROOT);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JRE has " + algorithm, e);
        }
    }
}
