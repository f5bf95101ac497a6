package io.userflowsync.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.config.Settings;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.testkeys.TestKeys;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** GraphClient's connector reads and writes (issue 9, item 1) over real HTTP against the simulator. */
class ConnectorWritesOverHttpTest {
    private static final String SECRET = "connector-writes-client-secret";
    private static final String PASSWORD = "the-connector-password";

    private final SimulatedTenant tenant = new SimulatedTenant("t-0002", "c-0002", SECRET);
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final GraphClient graph;

    ConnectorWritesOverHttpTest() {
        camel.start();
        graph = GraphConnection.open(camel, Settings.resolve(Map.of(), Map.of(
                "GRAPH_ENDPOINT", simulator.baseUrl(), "AZURE_AUTHORITY_HOST", simulator.baseUrl(),
                "AZURE_TENANT_ID", tenant.tenantId(), "AZURE_CLIENT_ID", tenant.clientId(),
                "AZURE_CLIENT_SECRET", SECRET), new Properties()));
    }

    @AfterEach
    void stop() {
        camel.stop();
        simulator.close();
    }

    private static ObjectNode basic(String targetUrl) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put("displayName", "Check partner domain")
                .put("targetUrl", targetUrl);
        body.putObject("authenticationConfiguration").put("@odata.type", "#microsoft.graph.basicAuthentication")
                .put("username", "agent").put("password", PASSWORD);
        return body;
    }

    @Test
    void aCreatedConnectorReadsBackWithItsUsernameAndNoPassword() throws Exception {
        GraphClient.ConnectorWriteAnswer created = graph.createConnector(basic("https://partners.example"));

        assertThat(created.error()).isEmpty();
        String id = created.createdId().orElseThrow();
        assertThat(graph.listConnectorDetails()).containsExactly(new LiveConnector(id, "Check partner domain",
                "https://partners.example", new LiveConnector.Basic("agent")));
        assertThat(tenant.password(id)).contains(PASSWORD);
    }

    @Test
    void aPatchAnUploadAndADeleteAreEachOneCallThatGraphAccepts() throws Exception {
        String id = graph.createConnector(basic("https://partners.example")).createdId().orElseThrow();
        KeyPair keys = TestKeys.rsa();
        Instant now = Instant.now();
        X509Certificate certificate = TestKeys.certificate(keys, "c", now.minus(1, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS));
        ObjectNode upload = GraphCaller.JSON.createObjectNode()
                .put("pkcs12Value", Base64.getEncoder().encodeToString(
                        TestKeys.pkcs12(keys.getPrivate(), certificate, "pfx")))
                .put("password", "pfx");

        assertThat(graph.updateConnector(id, GraphCaller.JSON.createObjectNode()
                .put("targetUrl", "https://partners.example/v2"))).isEmpty();
        assertThat(graph.uploadClientCertificate(id, upload)).isEmpty();

        LiveConnector live = graph.listConnectorDetails().get(0);
        assertThat(live.targetUrl()).isEqualTo("https://partners.example/v2");
        String thumbprint = HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
        assertThat(live.authentication()).isEqualTo(new LiveConnector.Certificates(java.util.List.of(
                new LiveConnector.CertificateInfo(thumbprint,
                        Instant.ofEpochSecond(certificate.getNotBefore().toInstant().getEpochSecond()),
                        Instant.ofEpochSecond(certificate.getNotAfter().toInstant().getEpochSecond()), true))));
        assertThat(graph.deleteConnector(id)).isEmpty();
        assertThat(graph.listConnectorDetails()).isEmpty();
    }

    @Test
    void aRefusedWriteIsGraphsErrorAndNeverCarriesTheSecret() throws Exception {
        GraphClient.ConnectorWriteAnswer refused = graph.createConnector(basic("http://partners.example"));

        assertThat(refused.createdId()).isEmpty();
        GraphError error = refused.error().orElseThrow();
        assertThat(error.status()).isEqualTo(400);
        assertThat(error.toString()).doesNotContain(PASSWORD);
        assertThat(graph.deleteConnector("no-such-id")).map(GraphError::status).contains(404);
        assertThat(graph.updateConnector("no-such-id", basic("https://x.example"))).isPresent();
        assertThat(Optional.of(tenant.connectorIds())).contains(java.util.List.of());
    }
}
