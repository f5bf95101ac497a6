package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;

import static io.userflowsync.simulator.GraphSimulatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connector writes as Graph documents them (issue 9, item 1): create 201, update 204, uploadClientCertificate 200,
 * delete 204; secrets never read back (password "******", certificates as SHA-1 thumbprints); 400 on bad input.
 */
class ConnectorWritesTest {
    private static final String CONNECTORS = "/v1.0/identity/apiConnectors";
    private static final String PASSWORD = "first-password-never-read-back";
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0, new MutableClock(NOW));
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static String basic(String displayName, String targetUrl, String password) {
        return "{\"displayName\":\"" + displayName + "\",\"targetUrl\":\"" + targetUrl + "\","
                + "\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.basicAuthentication\","
                + "\"username\":\"agent\",\"password\":\"" + password + "\"}}";
    }

    private String created() {
        Answer answer = client.post(CONNECTORS, basic("Fraud screen", "https://fraud.example/screen", PASSWORD));
        assertThat(answer.status()).isEqualTo(201);
        return answer.json().get("id").asText();
    }

    @Test
    void aCreatedConnectorAnswers201WithItsPasswordMaskedAndTheSimulatorHoldsWhatWasSent() {
        Answer answer = client.post(CONNECTORS, basic("Fraud screen", "https://fraud.example/screen", PASSWORD));

        assertThat(answer.status()).isEqualTo(201);
        JsonNode body = answer.json();
        String id = body.get("id").asText();
        assertThat(answer.headers().firstValue("Location")).contains(simulator.baseUrl() + CONNECTORS + "/" + id);
        assertThat(body.get("displayName").asText()).isEqualTo("Fraud screen");
        assertThat(body.at("/authenticationConfiguration/password").asText()).isEqualTo("******");
        assertThat(answer.body()).doesNotContain(PASSWORD);
        assertThat(client.get(CONNECTORS + "/" + id).json().at("/authenticationConfiguration/username").asText())
                .isEqualTo("agent");
        assertThat(client.get(CONNECTORS).body()).contains(id).doesNotContain(PASSWORD);
        assertThat(tenant.password(id)).contains(PASSWORD);
        assertThat(tenant.secretWrites(id)).isEqualTo(1);
    }

    @Test
    void aPatchOfTheTargetUrlAnswers204AndLeavesTheSecretAsItWas() {
        String id = created();

        Answer answer = client.call("PATCH", CONNECTORS + "/" + id, "{\"targetUrl\":\"https://fraud.example/v2\"}");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(client.get(CONNECTORS + "/" + id).json().get("targetUrl").asText())
                .isEqualTo("https://fraud.example/v2");
        assertThat(tenant.password(id)).contains(PASSWORD);
        assertThat(tenant.secretWrites(id)).isEqualTo(1);
    }

    @Test
    void aPatchWithANewPasswordReplacesIt() {
        String id = created();

        Answer answer = client.call("PATCH", CONNECTORS + "/" + id, "{\"authenticationConfiguration\":{\"@odata.type\":"
                + "\"#microsoft.graph.basicAuthentication\",\"username\":\"agent2\",\"password\":\"second\"}}");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(tenant.password(id)).contains("second");
        assertThat(tenant.secretWrites(id)).isEqualTo(2);
    }

    @Test
    void anUploadedCertificateReadsBackAsItsSha1ThumbprintAndTheLatestValidOneIsActive() throws Exception {
        String id = created();
        KeyPair keys = TestKeys.rsa();
        X509Certificate first = TestKeys.certificate(keys, "first", NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(300, ChronoUnit.DAYS));
        X509Certificate second = TestKeys.certificate(keys, "second", NOW.minus(1, ChronoUnit.HOURS),
                NOW.plus(600, ChronoUnit.DAYS));

        Answer one = client.post(CONNECTORS + "/" + id + "/uploadClientCertificate", upload(keys, first, "pfx-pass"));
        Answer two = client.post(CONNECTORS + "/" + id + "/uploadClientCertificate", upload(keys, second, ""));

        assertThat(one.status()).isEqualTo(200);
        assertThat(two.status()).isEqualTo(200);
        JsonNode list = two.json().at("/authenticationConfiguration/certificateList");
        assertThat(two.json().at("/authenticationConfiguration/@odata.type").asText())
                .isEqualTo("#microsoft.graph.clientCertificateAuthentication");
        assertThat(list).hasSize(2);
        assertThat(list.get(0).get("thumbprint").asText()).isEqualTo(sha1(first));
        assertThat(list.get(0).get("isActive").asBoolean()).isFalse();
        assertThat(list.get(1).get("thumbprint").asText()).isEqualTo(sha1(second));
        assertThat(list.get(1).get("isActive").asBoolean()).isTrue();
        assertThat(list.get(1).get("notAfter").asLong()).isEqualTo(second.getNotAfter().toInstant().getEpochSecond());
        assertThat(two.body()).doesNotContain("pkcs12Value").doesNotContain("pfx-pass");
        assertThat(tenant.certificateThumbprints(id)).containsExactly(sha1(first), sha1(second));
        assertThat(tenant.password(id)).isEmpty();
        assertThat(tenant.secretWrites(id)).isEqualTo(3);
    }

    @Test
    void eachConnectorWriteIsInTheAuditLogAsTheCallingAppsActivityOnThatConnector() throws Exception {
        String id = created();
        KeyPair keys = TestKeys.rsa();
        X509Certificate certificate = TestKeys.certificate(keys, "audit", NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(30, ChronoUnit.DAYS));
        client.call("PATCH", CONNECTORS + "/" + id, "{\"targetUrl\":\"https://fraud.example/v2\"}");
        client.post(CONNECTORS + "/" + id + "/uploadClientCertificate", upload(keys, certificate, "pfx"));
        client.call("DELETE", CONNECTORS + "/" + id, null);
        client.call("PATCH", CONNECTORS + "/" + id, "{\"targetUrl\":\"https://fraud.example/v3\"}");

        assertThat(tenant.auditLog()).extracting(AuditRecord::activity).containsExactly("Delete API connector",
                "Update API connector", "Update API connector", "Add API connector");
        assertThat(tenant.auditLog()).allSatisfy(r -> {
            assertThat(r.flowId()).as("the target resource").isEqualTo(id);
            assertThat(r.actor()).isEqualTo(tenant.callingApp());
            assertThat(r.at()).isEqualTo(NOW);
            assertThat(r.loggedByService()).isEqualTo("B2C");
        });
    }

    @Test
    void aDeletedConnectorIsGoneAndSoAreItsBindings() {
        String id = created();
        tenant.bind("B2X_1_partner_signup", "postAttributeCollection", id);

        assertThat(client.delete(CONNECTORS + "/" + id).status()).isEqualTo(204);

        assertThat(client.get(CONNECTORS + "/" + id).status()).isEqualTo(404);
        assertThat(tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).isEmpty();
        assertThat(client.delete(CONNECTORS + "/" + id).status()).isEqualTo(404);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "create without displayName|POST|{\"targetUrl\":\"https://x.example\",\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.basicAuthentication\",\"username\":\"u\",\"password\":\"p\"}}|'displayName' is required",
            "create over http|POST|" + "{\"displayName\":\"X\",\"targetUrl\":\"http://x.example\",\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.basicAuthentication\",\"username\":\"u\",\"password\":\"p\"}}|https",
            "an unknown property|PATCH|{\"targetURL\":\"https://x.example\"}|Invalid property 'targetURL'",
            "a patch that names nothing|PATCH|{}|names no property",
            "basic without password|PATCH|{\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.basicAuthentication\",\"username\":\"u\"}}|needs a username and a password",
            "the read-only certificate shape|PATCH|{\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.clientCertificateAuthentication\"}}|must be of type",
            "a pkcs12 that is not base64|UPLOAD|{\"pkcs12Value\":\"%%%\",\"password\":\"\"}|not base64",
            "a pkcs12 that is no PKCS#12|UPLOAD|{\"pkcs12Value\":\"aGVsbG8=\",\"password\":\"\"}|could not be read",
            "an upload without password|UPLOAD|{\"pkcs12Value\":\"aGVsbG8=\"}|are required",
            "not JSON|PATCH|not json|Invalid JSON",
    })
    void badInputAnswers400AndChangesNothing(String what, String call, String body, String message) {
        String id = created();
        String path = switch (call) {
            case "POST" -> CONNECTORS;
            case "UPLOAD" -> CONNECTORS + "/" + id + "/uploadClientCertificate";
            default -> CONNECTORS + "/" + id;
        };
        String before = client.get(CONNECTORS).body();

        Answer answer = client.call(call.equals("PATCH") ? "PATCH" : "POST", path, body);

        assertThat(answer.status()).as(what).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains(message);
        assertThat(client.get(CONNECTORS).body()).isEqualTo(before);
        assertThat(tenant.secretWrites(id)).isEqualTo(1);
    }

    @Test
    void aWrongPkcs12PasswordIs400AndNeverEchoed() throws Exception {
        String id = created();
        KeyPair keys = TestKeys.rsa();
        X509Certificate certificate = TestKeys.certificate(keys, "c", NOW.minus(1, ChronoUnit.DAYS),
                NOW.plus(30, ChronoUnit.DAYS));
        String body = upload(keys, certificate, "right-password").replace("right-password", "wrong-password");

        Answer answer = client.post(CONNECTORS + "/" + id + "/uploadClientCertificate", body);

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.body()).doesNotContain("wrong-password");
        assertThat(tenant.certificateThumbprints(id)).isEmpty();
    }

    @Test
    void writesToAConnectorThatDoesNotExistAnswer404() {
        assertThat(client.call("PATCH", CONNECTORS + "/nope", "{\"displayName\":\"X\"}").status()).isEqualTo(404);
        assertThat(client.post(CONNECTORS + "/nope/uploadClientCertificate", "{}").status()).isEqualTo(404);
    }

    private static String upload(KeyPair keys, X509Certificate certificate, String password) {
        return "{\"pkcs12Value\":\"" + Base64.getEncoder().encodeToString(
                TestKeys.pkcs12(keys.getPrivate(), certificate, password)) + "\",\"password\":\"" + password + "\"}";
    }

    private static String sha1(X509Certificate certificate) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    }
}
