package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.HashMap;
import java.util.Map;

import static io.userflowsync.simulator.GraphSimulatorTest.CONFIG;
import static io.userflowsync.simulator.GraphSimulatorTest.EXPAND;
import static org.assertj.core.api.Assertions.assertThat;

/** Neither the client secret nor a connector password nor an access token leaks into answers or the log. */
class SecretHandlingTest {

    private static final String SECRET = "Sup3r-s3cret~value_that+must.not/leak";
    private static final String PASSWORD = "connector-password-never-shown";

    private final SimulatedTenant tenant = new SimulatedTenant("tenant-1", "client-1", SECRET)
            .addConnector("k1", "Hook", "https://hook.example", "svc", PASSWORD)
            .addFlow("B2X_1_a").bind("B2X_1_a", "postAttributeCollection", "k1");
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void secretsNeverAppearInAnyAnswerOrInTheRequestLog() {
        SimulatorClient client = new SimulatorClient(simulator);
        Map<String, String> wrong = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET + "x"));
        client.requestToken(tenant.tenantId(), wrong);
        client.requestToken("other-tenant", SimulatorClient.clientCredentials(tenant, SECRET));
        // a careless client that puts the secret in the query string
        client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/" + tenant.tenantId()
                + "/oauth2/v2.0/token?client_secret=" + SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
        client.signIn(tenant, SECRET);
        client.get("/v1.0/identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration" + EXPAND);
        client.get("/v1.0/identity/apiConnectors");
        client.get("/v1.0/identity/apiConnectors/k1");
        client.put("/v1.0/identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration/postFederationSignup/$ref",
                "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/users/k1\"}");
        ObjectNode batch = SimulatorClient.JSON.createObjectNode();
        batch.putArray("requests").addObject().put("id", "1").put("method", "GET")
                .put("url", "/identity/apiConnectors/k1");
        client.post("/v1.0/$batch", batch.toString());

        String token = client.token();
        for (Answer answer : client.received) {
            assertThat(answer.body()).doesNotContain(SECRET).doesNotContain(PASSWORD);
            assertThat(answer.headers().map().toString()).doesNotContain(SECRET).doesNotContain(PASSWORD);
            if (!answer.body().contains("access_token")) {
                assertThat(answer.body()).doesNotContain(token);
            }
        }
        assertThat(simulator.requests()).hasSizeGreaterThan(8).allSatisfy(r ->
                assertThat(r.toString()).doesNotContain(SECRET).doesNotContain(token));
        assertThat(tenant.toString()).doesNotContain(SECRET);
        assertThat(simulator.requests()).extracting(RecordedRequest::line).as("the query is seen, its value is not")
                .contains("POST /" + tenant.tenantId() + "/oauth2/v2.0/token?client_secret=***");
    }

    @Test
    void theSecretIsComparedExactly() {
        SimulatorClient client = new SimulatorClient(simulator);

        assertThat(client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET))
                .status()).isEqualTo(200);
        assertThat(client.requestToken(tenant.tenantId(),
                SimulatorClient.clientCredentials(tenant, SECRET.substring(1))).status()).isEqualTo(401);
        assertThat(client.requestToken(tenant.tenantId(),
                SimulatorClient.clientCredentials(tenant, SECRET + " ")).status()).isEqualTo(401);
    }
}
