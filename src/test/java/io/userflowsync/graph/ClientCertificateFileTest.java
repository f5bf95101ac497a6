package io.userflowsync.graph;

import io.userflowsync.config.Secret;
import io.userflowsync.config.SettingsException;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** AZURE_CLIENT_CERTIFICATE_PATH in every form the Azure SDK documents, and each way it can be wrong. */
class ClientCertificateFileTest {
    private static final Instant NOW = Instant.now();
    private static final KeyPair KEYS = TestKeys.rsa();
    private static final X509Certificate CERTIFICATE = TestKeys.certificate(KEYS, "userflow-connector-sync");
    private static final KeyPair OTHER = TestKeys.rsa();
    private static final X509Certificate CA = TestKeys.certificate(OTHER, "some CA");
    private static final String PASSWORD = "Pfx-pass+word/1";

    @TempDir
    Path dir;

    /** A file's bytes and the password given with it. */
    record Form(String name, byte[] content, Optional<String> password) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] ascii(String... parts) {
        return String.join("", parts).getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Form> readable() {
        return Stream.of(
                new Form("PEM: PKCS#8 key, then the certificate", ascii(TestKeys.pkcs8Pem(KEYS.getPrivate()),
                        TestKeys.pem(CERTIFICATE)), Optional.empty()),
                new Form("PEM: the certificate, then a PKCS#1 key", ascii(TestKeys.pem(CERTIFICATE),
                        TestKeys.pkcs1Pem(KEYS.getPrivate())), Optional.empty()),
                new Form("PEM: a CA first, the certificate, the key", ascii(TestKeys.pem(CA), TestKeys.pem(CERTIFICATE),
                        TestKeys.pkcs8Pem(KEYS.getPrivate())), Optional.empty()),
                new Form("PEM: an encrypted PKCS#8 key and the password", ascii(TestKeys.encryptedPkcs8Pem(
                        KEYS.getPrivate(), PASSWORD), TestKeys.pem(CERTIFICATE)), Optional.of(PASSWORD)),
                new Form("PKCS#12 with a password", TestKeys.pkcs12(KEYS.getPrivate(), CERTIFICATE, PASSWORD),
                        Optional.of(PASSWORD)),
                new Form("PKCS#12 with an empty password", TestKeys.pkcs12(KEYS.getPrivate(), CERTIFICATE, ""),
                        Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readable")
    void readsTheKeyAndItsCertificate(Form form) throws Exception {
        Path file = Files.write(dir.resolve("app.cert"), form.content());

        ClientCertificateFile loaded = ClientCertificateFile.load(file, form.password().map(Secret::of), NOW);

        assertThat(loaded.certificate()).isEqualTo(CERTIFICATE);
        assertThat(loaded.key().getEncoded()).isEqualTo(KEYS.getPrivate().getEncoded());
        assertThat(loaded.thumbprint()).matches("[0-9A-F]{40}")
                .isEqualTo(hex(Base64.getUrlDecoder().decode(TestKeys.thumbprint(CERTIFICATE, "SHA-1"))));
        assertThat(loaded.toString() + loaded.describe()).as("never the key")
                .contains(loaded.thumbprint()).doesNotContain("private", "exponent");
    }

    @Test
    void theCertificateOfTheKeyComesFirstAndTheRestFollowAsItsChain() throws Exception {
        Path file = Files.write(dir.resolve("app.pem"), ascii(TestKeys.pem(CA), TestKeys.pem(CERTIFICATE),
                TestKeys.pkcs8Pem(KEYS.getPrivate())));

        assertThat(ClientCertificateFile.load(file, Optional.empty(), NOW).chain()).containsExactly(CERTIFICATE, CA);
    }

    static Stream<Form> refused() {
        KeyPair ec = TestKeys.ec();
        return Stream.of(
                new Form("does not exist", null, Optional.empty()),
                new Form("holds a private key but no certificate", ascii(TestKeys.pkcs8Pem(KEYS.getPrivate())),
                        Optional.empty()),
                new Form("holds 0 private keys", ascii(TestKeys.pem(CERTIFICATE)), Optional.empty()),
                new Form("holds a private key that belongs to none of its certificates",
                        ascii(TestKeys.pem(CA), TestKeys.pkcs8Pem(KEYS.getPrivate())), Optional.empty()),
                new Form("holds a EC key; a client certificate for Entra must have an RSA key",
                        ascii(TestKeys.pkcs8Pem(ec.getPrivate()), TestKeys.pem(TestKeys.certificate(ec, "ec"))),
                        Optional.empty()),
                new Form("holds an encrypted private key: set AZURE_CLIENT_CERTIFICATE_PASSWORD",
                        ascii(TestKeys.encryptedPkcs8Pem(KEYS.getPrivate(), PASSWORD), TestKeys.pem(CERTIFICATE)),
                        Optional.empty()),
                new Form("holds an encrypted private key that AZURE_CLIENT_CERTIFICATE_PASSWORD does not open",
                        ascii(TestKeys.encryptedPkcs8Pem(KEYS.getPrivate(), PASSWORD), TestKeys.pem(CERTIFICATE)),
                        Optional.of("not-the-password")),
                new Form("is a PKCS#12 file that AZURE_CLIENT_CERTIFICATE_PASSWORD does not open (wrong password)",
                        TestKeys.pkcs12(KEYS.getPrivate(), CERTIFICATE, PASSWORD), Optional.of("not-the-password")),
                new Form("is a PKCS#12 file that needs a password: set AZURE_CLIENT_CERTIFICATE_PASSWORD",
                        TestKeys.pkcs12(KEYS.getPrivate(), CERTIFICATE, PASSWORD), Optional.empty()),
                new Form("is neither a PEM file (a private key and its certificate) nor a PKCS#12 file",
                        ascii("just some text\n"), Optional.empty()),
                new Form("expired on", ascii(TestKeys.pkcs8Pem(KEYS.getPrivate()), TestKeys.pem(TestKeys.certificate(
                        KEYS, "old", NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1))))),
                        Optional.empty()),
                new Form("is not valid before", ascii(TestKeys.pkcs8Pem(KEYS.getPrivate()), TestKeys.pem(
                        TestKeys.certificate(KEYS, "future", NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(2))))),
                        Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void aFileThatCannotBeUsedIsRefusedByNameWithoutItsSecrets(Form form) throws Exception {
        Path file = dir.resolve("app.pem");
        if (form.content() != null) {
            Files.write(file, form.content());
        }

        assertThatThrownBy(() -> ClientCertificateFile.load(file, form.password().map(Secret::of), NOW))
                .isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("the certificate file " + file + " (AZURE_CLIENT_CERTIFICATE_PATH)")
                .hasMessageContaining(form.name())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(PASSWORD, "not-the-password",
                        "PRIVATE KEY"));
    }

    private static String hex(byte[] bytes) {
        return java.util.HexFormat.of().withUpperCase().formatHex(bytes);
    }
}
