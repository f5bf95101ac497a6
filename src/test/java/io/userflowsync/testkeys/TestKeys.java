package io.userflowsync.testkeys;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;

/**
 * Keys, certificates and JWTs made by the tests themselves (Bouncy Castle), never checked in: an app's certificate in
 * every file form the agent reads, a federated issuer's signed tokens, a client that trusts a simulator's TLS.
 */
public final class TestKeys {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestKeys() {
    }

    public static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048, RANDOM);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static KeyPair ec() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate valid from an hour ago for a year. */
    public static X509Certificate certificate(KeyPair keys, String commonName) {
        Instant now = Instant.now();
        return certificate(keys, commonName, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(365)));
    }

    public static X509Certificate certificate(KeyPair keys, String commonName, Instant notBefore, Instant notAfter) {
        try {
            X500Name name = new X500Name("CN=" + commonName);
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    new BigInteger(64, RANDOM), Date.from(notBefore), Date.from(notAfter), name, keys.getPublic());
            String algorithm = keys.getPrivate().getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(keys.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String pem(X509Certificate certificate) {
        return pemOf(certificate);
    }

    /** {@code -----BEGIN PRIVATE KEY-----} (PKCS#8), what {@code openssl req -nodes} writes. */
    public static String pkcs8Pem(PrivateKey key) {
        return pemOf(new PemObject("PRIVATE KEY", key.getEncoded()));
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----} (PKCS#1), what older OpenSSL writes. */
    public static String pkcs1Pem(PrivateKey key) {
        try {
            byte[] pkcs1 = PrivateKeyInfo.getInstance(key.getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
            return pemOf(new PemObject("RSA PRIVATE KEY", pkcs1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code -----BEGIN ENCRYPTED PRIVATE KEY-----} (PKCS#8, PBES2 with AES-256). */
    public static String encryptedPkcs8Pem(PrivateKey key, String password) {
        try {
            var encryptor = new JceOpenSSLPKCS8EncryptorBuilder(org.bouncycastle.openssl.PKCS8Generator.AES_256_CBC)
                    .setProvider(new org.bouncycastle.jce.provider.BouncyCastleProvider()).setRandom(RANDOM)
                    .setPassword(password.toCharArray()).build();
            return pemOf(new JcaPKCS8Generator(key, encryptor).generate());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS#12 file (.pfx, .p12) holding the key and its certificate; "" for no password. */
    public static byte[] pkcs12(PrivateKey key, X509Certificate certificate, String password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("app", key, password.toCharArray(), new X509Certificate[] {certificate});
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            store.store(out, password.toCharArray());
            return out.toByteArray();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A compact JWS: RS256 or PS256 with an RSA key. */
    public static String jwt(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
        try {
            Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
            String input = b64.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + b64.encodeToString(JSON.writeValueAsBytes(claims));
            Signature signer;
            if ("PS256".equals(header.get("alg"))) {
                signer = Signature.getInstance("RSASSA-PSS");
                signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                signer = Signature.getInstance("SHA256withRSA");
            }
            signer.initSign(key);
            signer.update(input.getBytes(StandardCharsets.US_ASCII));
            return input + "." + b64.encodeToString(signer.sign());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The base64url SHA-1 ({@code x5t}) or SHA-256 ({@code x5t#S256}) thumbprint of a certificate. */
    public static String thumbprint(X509Certificate certificate, String digest) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A TLS client context that trusts the given PEM certificate (and nothing else). */
    public static SSLContext trusting(String pem) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pemOf(Object object) {
        try {
            StringWriter text = new StringWriter();
            try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
                writer.writeObject(object);
            }
            return text.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
