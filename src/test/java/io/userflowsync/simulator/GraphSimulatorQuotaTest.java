package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static io.userflowsync.simulator.GraphSimulatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graph's published quota, on by default: 200 requests a minute per app and 300 for all apps of the tenant to the
 * identity resources, the audit log five per 10 s per app (throttling-limits.md). Time is the test's ticker, moved
 * instead of slept through.
 */
class GraphSimulatorQuotaTest {

    private static final String FLOWS = "/v1.0/identity/b2xUserFlows";
    private static final String CONNECTORS = "/v1.0/identity/apiConnectors";
    private static final String AUDITS = "/v1.0/auditLogs/directoryAudits";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final AtomicLong ticker = new AtomicLong();
    private GraphSimulator simulator;
    private SimulatorClient client;

    @AfterEach
    void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    private SimulatorClient start(GraphQuota quota) {
        simulator = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ZERO, quota, ticker::get);
        client = new SimulatorClient(simulator).signIn(tenant, SECRET);
        return client;
    }

    private void at(double seconds) {
        ticker.set((long) (seconds * TimeUnit.SECONDS.toNanos(1)));
    }

    private void send(int requests) {
        for (int i = 0; i < requests; i++) {
            Answer answer = client.get(i % 2 == 0 ? FLOWS : CONNECTORS);
            assertThat(answer.status()).as("request %d", i + 1).isEqualTo(200);
        }
    }

    private Answer batch(int requests) {
        ObjectNode body = SimulatorClient.JSON.createObjectNode();
        ArrayNode list = body.putArray("requests");
        for (int i = 1; i <= requests; i++) {
            list.addObject().put("id", String.valueOf(i)).put("method", "GET")
                    .put("url", i % 2 == 0 ? "/identity/apiConnectors" : "/identity/b2xUserFlows");
        }
        return client.post("/v1.0/$batch", body.toString());
    }

    private static Map<String, JsonNode> byId(Answer answer) {
        Map<String, JsonNode> responses = new HashMap<>();
        answer.json().get("responses").forEach(r -> responses.put(r.get("id").asText(), r));
        return responses;
    }

    @Test
    void everySimulatorEnforcesGraphsPublishedQuotaUnlessItsStartSaysOtherwise() {
        simulator = GraphSimulator.start(tenant, 0);
        client = new SimulatorClient(simulator).signIn(tenant, SECRET);

        send(200);

        assertThat(client.get(FLOWS).status()).as("the 201st within a minute, in real time").isEqualTo(429);
        assertThat(simulator.quota()).isEqualTo(GraphQuota.published());
    }

    @Test
    void the201stRequestInAMinuteFromOneAppIs429AndItsRetryAfterIsHonest() {
        start(GraphQuota.published());
        at(10);
        send(100);
        at(40);
        send(100);

        at(50);
        Answer refused = client.get(FLOWS);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(refused.json().at("/error/message").asText()).contains("this app's limit of 200")
                .doesNotContain("for all apps");
        assertThat(refused.json().at("/error/innerError/request-id").asText()).isEqualTo(refused.header("request-id"));
        // The window slides: the requests of 0:10 leave it at 1:10, twenty seconds on, and no sooner.
        assertThat(refused.header("Retry-After")).isEqualTo("20");
        at(50 + 19);
        assertThat(client.get(FLOWS).status()).as("a second before Retry-After has passed").isEqualTo(429);
        at(50 + 20);
        assertThat(client.get(FLOWS).status()).as("once Retry-After has passed").isEqualTo(200);
        assertThat(simulator.throttledCount()).isEqualTo(2);
        assertThat(simulator.requests()).filteredOn(r -> r.status() == 429).hasSize(2)
                .allSatisfy(r -> assertThat(r.path()).isEqualTo(FLOWS));
    }

    @Test
    void refusedRequestsCountTooSoAClientThatIgnoresRetryAfterStaysThrottled() {
        start(GraphQuota.of(2, 300));
        send(2);
        at(1);
        Answer refused = client.get(FLOWS);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isEqualTo("59");

        at(30); // retried early, against the advice
        Answer again = client.get(FLOWS);

        assertThat(again.status()).isEqualTo(429);
        assertThat(again.header("Retry-After")).as("the early retry counted, so the wait is longer").isEqualTo("31");
        at(60);
        assertThat(client.get(FLOWS).status()).as("when the first Retry-After would have let it in").isEqualTo(429);
        assertThat(simulator.quotaUsage().app(tenant.clientId())).isEqualTo(3);
    }

    @Test
    void requestsInsideABatchCountOneByOneAndThosePastTheLimitAre429EachWithItsOwnRetryAfter() {
        start(GraphQuota.published());
        for (int second = 0; second < 19; second++) {
            at(second);
            send(10);
        }

        at(30);
        Answer answer = batch(20);

        assertThat(answer.status()).isEqualTo(200);
        Map<String, JsonNode> responses = byId(answer);
        for (int id = 1; id <= 10; id++) {
            assertThat(responses.get(String.valueOf(id)).get("status").asInt()).as("request %d", id).isEqualTo(200);
            assertThat(responses.get(String.valueOf(id)).at("/headers/Retry-After").isMissingNode()).isTrue();
        }
        for (int id = 11; id <= 20; id++) {
            JsonNode response = responses.get(String.valueOf(id));
            assertThat(response.get("status").asInt()).as("request %d", id).isEqualTo(429);
            assertThat(response.at("/body/error/code").asText()).isEqualTo("TooManyRequests");
            // Each refusal counts, so the 20th needs one more of the oldest to leave: one sent at 0:01.
            assertThat(response.at("/headers/Retry-After").asText()).as("request %d", id)
                    .isEqualTo(id < 20 ? "30" : "31");
        }
        assertThat(simulator.batches()).singleElement().satisfies(b -> {
            assertThat(b.request().status()).isEqualTo(200);
            assertThat(b.inner()).extracting(RecordedRequest::status).filteredOn(s -> s == 429).hasSize(10);
        });
        assertThat(simulator.throttledCount()).isEqualTo(10);
        assertThat(simulator.quotaUsage().app(tenant.clientId())).isEqualTo(210);
    }

    @Test
    void theOuterBatchRequestItselfIsNotCounted() {
        start(GraphQuota.published());
        send(199);

        Answer answer = batch(1);

        assertThat(answer.status()).isEqualTo(200);
        assertThat(byId(answer).get("1").get("status").asInt()).as("the 200th request").isEqualTo(200);
        assertThat(simulator.quotaUsage().app(tenant.clientId())).isEqualTo(200);
        assertThat(client.get(FLOWS).status()).as("the 201st").isEqualTo(429);
    }

    @Test
    void otherAppsLoadFillsTheTenantsWindowForAllAppsAndItsRefusalSaysSo() {
        start(GraphQuota.published().otherAppsPerMinute(200));
        send(100);

        Answer refused = client.get(CONNECTORS);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(refused.json().at("/error/message").asText()).contains("the tenant's limit for all apps of 300")
                .doesNotContain("this app's limit");
        assertThat(refused.header("Retry-After")).isEqualTo("60");
        QuotaUsage usage = simulator.quotaUsage();
        assertThat(usage.app(tenant.clientId())).isEqualTo(101);
        assertThat(usage.otherApps()).isEqualTo(200);
        assertThat(usage.tenant()).isEqualTo(301);
        at(60);
        assertThat(client.get(CONNECTORS).status()).isEqualTo(200);
    }

    @Test
    void theAuditLogHasItsOwnWindowOfFivePerTenSecondsThatUserFlowRequestsDoNotShare() {
        start(GraphQuota.published());
        for (int second = 0; second < 5; second++) {
            at(second);
            assertThat(client.get(AUDITS).status()).as("audit request %d", second + 1).isEqualTo(200);
        }

        at(5);
        Answer refused = client.get(AUDITS);

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(refused.json().at("/error/message").asText()).contains("5 audit log requests per 10 seconds");
        // Five in the window after this one: the one of 0:01 must leave, at 0:11.
        assertThat(refused.header("Retry-After")).isEqualTo("6");
        assertThat(client.get(FLOWS).status()).as("the user flow quota is another").isEqualTo(200);
        QuotaUsage usage = simulator.quotaUsage();
        assertThat(usage.audit(tenant.clientId())).isEqualTo(6);
        assertThat(usage.app(tenant.clientId())).isEqualTo(1);
        at(10);
        assertThat(client.get(AUDITS).status()).isEqualTo(429);
        at(12);
        assertThat(client.get(AUDITS).status()).isEqualTo(200);
    }

    @Test
    void theTokenEndpointIsNeverCounted() {
        start(GraphQuota.of(1, 1));
        for (int i = 0; i < 5; i++) {
            client.signIn(tenant, SECRET);
        }

        assertThat(client.get(FLOWS).status()).isEqualTo(200);
        assertThat(client.get(FLOWS).status()).isEqualTo(429);
        assertThat(simulator.quotaUsage().tenant()).isEqualTo(2);
    }

    @Test
    void requestsOutsideTheMeteredResourcesAndUnauthenticatedOnesAreNotCounted() {
        start(GraphQuota.of(1, 1));

        assertThat(client.get("/v1.0/users").status()).isEqualTo(400);
        assertThat(new SimulatorClient(simulator).get(FLOWS).status()).isEqualTo(401);
        assertThat(client.get(FLOWS).status()).isEqualTo(200);
        assertThat(client.get(FLOWS).status()).isEqualTo(429);
    }

    @Test
    void unlimitedNeverRefusesYetStillCountsAndLiftingARunningSimulatorTakesEffectAtOnce() {
        start(GraphQuota.unlimited());
        send(250);
        assertThat(batch(20).json().get("responses")).allSatisfy(r -> assertThat(r.get("status").asInt())
                .isEqualTo(200));
        for (int i = 0; i < 6; i++) {
            assertThat(client.get(AUDITS).status()).isEqualTo(200);
        }
        assertThat(simulator.throttledCount()).isZero();
        assertThat(simulator.quotaUsage().app(tenant.clientId())).isEqualTo(270);
        simulator.close();

        start(GraphQuota.published());
        send(200);
        assertThat(client.get(FLOWS).status()).isEqualTo(429);
        simulator.quota(GraphQuota.unlimited());
        assertThat(client.get(FLOWS).status()).isEqualTo(200);
        assertThat(simulator.quota().limited()).isFalse();
    }

    @Test
    void clearingTheRequestLogForgetsTheThrottledCountButNotTheWindows() {
        start(GraphQuota.of(1, 300));
        send(1);
        assertThat(client.get(FLOWS).status()).isEqualTo(429);
        assertThat(simulator.throttledCount()).isEqualTo(1);

        simulator.clearRequests();

        assertThat(simulator.throttledCount()).isZero();
        assertThat(client.get(FLOWS).status()).isEqualTo(429);
    }

    @Test
    void figuresThatCouldNeverAdmitARequestAreRefused() {
        assertThatThrownBy(() -> GraphQuota.of(0, 300)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphQuota.published().otherAppsPerMinute(300))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphQuota.published().otherAppsPerMinute(-1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GraphQuota.unlimited().otherAppsPerMinute(10))
                .isInstanceOf(IllegalStateException.class);
        assertThat(GraphQuota.published().otherAppsPerMinute(299).otherAppsPerMinute()).isEqualTo(299);
        assertThat(List.of(GraphQuota.published().toString(), GraphQuota.unlimited().toString()))
                .containsExactly("200 requests a minute per app, 300 for all apps, the audit log 5 per 10 s per app",
                        "no quota");
    }
}
