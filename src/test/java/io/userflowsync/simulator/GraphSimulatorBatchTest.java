package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.userflowsync.simulator.GraphSimulatorTest.CHECK_PARTNER;
import static io.userflowsync.simulator.GraphSimulatorTest.ENRICH;
import static io.userflowsync.simulator.GraphSimulatorTest.LEGACY;
import static io.userflowsync.simulator.GraphSimulatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

class GraphSimulatorBatchTest {

    private static final String FLOW = "/identity/b2xUserFlows/B2X_1_partner_signup/apiConnectorConfiguration";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);
    private final ArrayNode requests = SimulatorClient.JSON.createArrayNode();

    @AfterEach
    void stop() {
        simulator.close();
    }

    private ObjectNode add(String id, String method, String url) {
        ObjectNode request = requests.addObject();
        request.put("id", id);
        request.put("method", method);
        request.put("url", url);
        return request;
    }

    private ObjectNode addPut(String id, String url, String connectorId) {
        ObjectNode request = add(id, "PUT", url);
        request.putObject("headers").put("Content-Type", "application/json");
        request.putObject("body").put("@odata.id", "https://graph.microsoft.com/v1.0/identity/apiConnectors/"
                + connectorId);
        return request;
    }

    private Answer sendBatch() {
        ObjectNode batch = SimulatorClient.JSON.createObjectNode();
        batch.set("requests", requests);
        return client.post("/v1.0/$batch", batch.toString());
    }

    private static Map<String, JsonNode> byId(Answer answer) {
        Map<String, JsonNode> responses = new HashMap<>();
        answer.json().get("responses").forEach(r -> responses.put(r.get("id").asText(), r));
        return responses;
    }

    @Test
    void answersEveryRequestButNotInRequestOrder() {
        add("1", "GET", FLOW + "?$expand=postFederationSignup,postAttributeCollection");
        add("2", "GET", "/identity/b2xUserFlows/B2X_1_customers");
        add("3", "GET", "/identity/b2xUserFlows/B2X_1_nope");

        Answer answer = sendBatch();

        assertThat(answer.status()).isEqualTo(200);
        List<String> order = new ArrayList<>();
        answer.json().get("responses").forEach(r -> order.add(r.get("id").asText()));
        assertThat(order).containsExactlyInAnyOrder("1", "2", "3").isNotEqualTo(List.of("1", "2", "3"));
        Map<String, JsonNode> responses = byId(answer);
        assertThat(responses.get("1").get("status").asInt()).isEqualTo(200);
        assertThat(responses.get("1").at("/body/postAttributeCollection/id").asText()).isEqualTo(LEGACY);
        assertThat(responses.get("1").at("/headers/Content-Type").asText()).isEqualTo("application/json");
        assertThat(responses.get("2").at("/body/id").asText()).isEqualTo("B2X_1_customers");
        assertThat(responses.get("3").get("status").asInt()).isEqualTo(404);
        assertThat(responses.get("3").at("/body/error/code").asText()).isEqualTo("ResourceNotFound");
    }

    @Test
    void theAgentLogCountsABatchAsAWriteOnlyWhenARequestInsideItWrites() throws InterruptedException {
        add("read", "GET", FLOW + "?$expand=postFederationSignup,postAttributeCollection");
        sendBatch();
        requests.removeAll();
        addPut("bind", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);
        sendBatch();

        // The log gets a request once its answer is written, which the client may see first.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (simulator.requestsByAgent().stream().filter(r -> r.path().endsWith("$batch")).count() < 2
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<Boolean> batchWrites = simulator.requestsByAgent().stream().filter(r -> r.path().endsWith("$batch"))
                .map(AgentRequest::write).toList();
        assertThat(batchWrites).containsExactly(false, true);
        assertThat(simulator.requestsByAgent()).filteredOn(r -> r.path().endsWith("/token"))
                .isNotEmpty().noneMatch(AgentRequest::write);
    }

    @Test
    void writesInsideABatchChangeStateAndAreLoggedAndCounted() {
        simulator.clearRequests();
        addPut("bind", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);
        addPut("rebind", FLOW + "/postAttributeCollection/$ref", ENRICH);

        Map<String, JsonNode> responses = byId(sendBatch());

        assertThat(responses.get("bind").get("status").asInt()).isEqualTo(204);
        assertThat(responses.get("bind").has("body")).isFalse();
        assertThat(responses.get("rebind").get("status").asInt()).isEqualTo(204);
        assertThat(tenant.bindings("B2X_1_partner_signup"))
                .isEqualTo(Map.of("postFederationSignup", CHECK_PARTNER, "postAttributeCollection", ENRICH));
        assertThat(simulator.requests()).containsExactly(
                new RecordedRequest("POST", "/v1.0/$batch", "", 200, false, "/v1.0/$batch"),
                new RecordedRequest("PUT", "/v1.0" + FLOW + "/postFederationSignup/$ref", "", 204, true,
                        FLOW + "/postFederationSignup/$ref"),
                new RecordedRequest("PUT", "/v1.0" + FLOW + "/postAttributeCollection/$ref", "", 204, true,
                        FLOW + "/postAttributeCollection/$ref"));
        assertThat(simulator.writeCount()).isEqualTo(2);
    }

    @Test
    void aRequestWhoseDependencyFailedAnswers424AndDoesNotRun() {
        addPut("1", "/identity/b2xUserFlows/B2X_1_nope/apiConnectorConfiguration/postFederationSignup/$ref",
                CHECK_PARTNER);
        addPut("2", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER).putArray("dependsOn").add("1");
        addPut("3", FLOW + "/postAttributeCollection/$ref", ENRICH).putArray("dependsOn").add("2");

        Map<String, JsonNode> responses = byId(sendBatch());

        assertThat(responses.get("1").get("status").asInt()).isEqualTo(404);
        assertThat(responses.get("2").get("status").asInt()).isEqualTo(424);
        assertThat(responses.get("3").get("status").asInt()).isEqualTo(424);
        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
    }

    @Test
    void dependsOnOrdersExecution() {
        ObjectNode read = add("read", "GET", FLOW + "?$expand=postFederationSignup");
        read.putArray("dependsOn").add("write");
        addPut("write", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);

        Map<String, JsonNode> responses = byId(sendBatch());

        assertThat(responses.get("read").at("/body/postFederationSignup/id").asText()).isEqualTo(CHECK_PARTNER);
    }

    @Test
    void moreThanTwentyRequestsIs400() {
        for (int i = 1; i <= 21; i++) {
            add(String.valueOf(i), "GET", "/identity/b2xUserFlows");
        }

        Answer answer = sendBatch();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("BadRequest");
        assertThat(simulator.requests()).noneMatch(RecordedRequest::insideBatch);
    }

    @Test
    void twentyRequestsAreFine() {
        for (int i = 1; i <= 20; i++) {
            add(String.valueOf(i), "GET", "/identity/b2xUserFlows");
        }

        assertThat(byId(sendBatch())).hasSize(20);
    }

    @Test
    void malformedBatchesAre400() {
        add("1", "GET", "/identity/b2xUserFlows");
        add("1", "GET", "/identity/apiConnectors");
        assertThat(sendBatch().status()).as("duplicate ids").isEqualTo(400);

        requests.removeAll();
        add("1", "PUT", FLOW + "/postFederationSignup/$ref").putObject("body").put("@odata.id", "x");
        assertThat(sendBatch().status()).as("write without Content-Type").isEqualTo(400);

        requests.removeAll();
        add("1", "GET", "/identity/b2xUserFlows").putArray("dependsOn").add("9");
        assertThat(sendBatch().status()).as("unknown dependency").isEqualTo(400);

        requests.removeAll();
        add("1", "GET", "/identity/b2xUserFlows").putArray("dependsOn").add("2");
        add("2", "GET", "/identity/b2xUserFlows").putArray("dependsOn").add("1");
        assertThat(sendBatch().status()).as("dependency cycle").isEqualTo(400);

        assertThat(client.post("/v1.0/$batch", "{\"nope\":[]}").status()).isEqualTo(400);
        assertThat(client.post("/v1.0/$batch", "not json").status()).isEqualTo(400);
        assertThat(client.get("/v1.0/$batch").status()).isEqualTo(405);
        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
    }

    @Test
    void anInnerThrottledRequestCarriesItsOwnRetryAfterWhileTheBatchAnswers200() {
        simulator.inject(FaultRule.throttling("PUT", "/postFederationSignup/\\$ref$", 1, 7));
        addPut("1", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);
        addPut("2", FLOW + "/postAttributeCollection/$ref", ENRICH);

        Answer answer = sendBatch();

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Retry-After")).isNull();
        Map<String, JsonNode> responses = byId(answer);
        assertThat(responses.get("1").get("status").asInt()).isEqualTo(429);
        assertThat(responses.get("1").at("/headers/Retry-After").asText()).isEqualTo("7");
        assertThat(responses.get("1").at("/body/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(responses.get("2").get("status").asInt()).isEqualTo(204);
        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", ENRICH));
    }

    @Test
    void aBatchCannotContainABatch() {
        add("1", "POST", "/$batch").putObject("headers").put("Content-Type", "application/json");
        ((ObjectNode) requests.get(0)).putObject("body").putArray("requests");

        assertThat(byId(sendBatch()).get("1").get("status").asInt()).isEqualTo(400);
    }
    @Test
    void aBatchMixingAChainWithIndependentRequestsIs400AsGraphAsksForFullySequentialOrFullyParallel() {
        addPut("1", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);
        addPut("2", FLOW + "/postAttributeCollection/$ref", ENRICH).putArray("dependsOn").add("1");
        add("3", "GET", "/identity/b2xUserFlows/B2X_1_customers");

        Answer answer = sendBatch();

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText()).contains("fully sequential or fully parallel");
        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
    }

    @Test
    void eachThrottledRequestInsideABatchCarriesItsOwnRetryAfter() {
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_customers$", 1, 2));
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_contractors$", 1, 5));
        add("a", "GET", "/identity/b2xUserFlows/B2X_1_customers");
        add("b", "GET", "/identity/b2xUserFlows/B2X_1_contractors");
        add("c", "GET", "/identity/b2xUserFlows/B2X_1_partner_signup");

        Map<String, JsonNode> responses = byId(sendBatch());

        assertThat(responses.get("a").get("status").asInt()).isEqualTo(429);
        assertThat(responses.get("a").at("/headers/Retry-After").asText()).isEqualTo("2");
        assertThat(responses.get("b").get("status").asInt()).isEqualTo(429);
        assertThat(responses.get("b").at("/headers/Retry-After").asText()).isEqualTo("5");
        assertThat(responses.get("c").get("status").asInt()).isEqualTo(200);
        assertThat(responses.get("c").has("Retry-After")).isFalse();
    }

    @Test
    void aRuleOnTheBatchItselfFailsTheWholeBatchAndRunsNothingInsideIt() {
        simulator.inject(FaultRule.transientError("POST", "/\\$batch$", 503, 1));
        addPut("1", FLOW + "/postFederationSignup/$ref", CHECK_PARTNER);

        Answer answer = sendBatch();

        assertThat(answer.status()).isEqualTo(503);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(tenant.binding("B2X_1_partner_signup", "postFederationSignup")).isEmpty();
        assertThat(simulator.batches()).singleElement().satisfies(b -> assertThat(b.inner()).isEmpty());
    }

    @Test
    void theLogGroupsEachBatchWithItsRequestsAndKeepsEachUrlAsWritten() {
        simulator.clearRequests();
        add("1", "GET", FLOW + "?$expand=postFederationSignup");
        add("2", "GET", "identity/b2xUserFlows/B2X_1_customers");
        sendBatch();
        requests.removeAll();
        add("1", "GET", "/identity/apiConnectors?%24select=id");
        sendBatch();

        assertThat(simulator.batches()).hasSize(2);
        assertThat(simulator.batches().get(0).request().line()).isEqualTo("POST /v1.0/$batch");
        assertThat(simulator.batches().get(0).inner()).extracting(RecordedRequest::line).containsExactly(
                "GET " + FLOW + "?$expand=postFederationSignup", "GET identity/b2xUserFlows/B2X_1_customers");
        assertThat(simulator.batches().get(1).inner()).singleElement().satisfies(r -> {
            assertThat(r.line()).isEqualTo("GET /identity/apiConnectors?%24select=id");
            assertThat(r.query()).isEqualTo("$select=id");
            assertThat(r.path()).isEqualTo("/v1.0/identity/apiConnectors");
        });
        assertThat(simulator.requests()).hasSize(5);
    }
}
