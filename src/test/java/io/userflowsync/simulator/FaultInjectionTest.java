package io.userflowsync.simulator;

import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.regex.Pattern;

import static io.userflowsync.simulator.GraphSimulatorTest.CHECK_PARTNER;
import static io.userflowsync.simulator.GraphSimulatorTest.CONFIG;
import static io.userflowsync.simulator.GraphSimulatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FaultInjectionTest {

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void aRuleFailsTheNextMatchingRequestsThenStops() {
        simulator.inject(FaultRule.throttling("GET", "^/v1\\.0/identity/b2xUserFlows$", 2, 3));

        Answer first = client.get("/v1.0/identity/b2xUserFlows");
        assertThat(client.get("/v1.0/identity/apiConnectors").status()).as("other paths").isEqualTo(200);
        Answer second = client.get("/v1.0/identity/b2xUserFlows");
        Answer third = client.get("/v1.0/identity/b2xUserFlows");

        assertThat(first.status()).isEqualTo(429);
        assertThat(first.header("Retry-After")).isEqualTo("3");
        assertThat(first.json().at("/error/code").asText()).isEqualTo("TooManyRequests");
        assertThat(first.json().at("/error/innerError/request-id").asText()).isEqualTo(first.header("request-id"));
        assertThat(second.status()).isEqualTo(429);
        assertThat(third.status()).isEqualTo(200);
    }

    @Test
    void aFailedWriteDoesNotTouchState() {
        simulator.inject(FaultRule.transientError("*", "/\\$ref$", 503, 1));

        Answer failed = client.put(CONFIG + "/postFederationSignup/$ref",
                GraphSimulatorTest.ref(simulator, CHECK_PARTNER));

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isNull();
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("ServiceUnavailable");
        assertThat(tenant.binding("B2X_1_partner_signup", "postFederationSignup")).isEmpty();
        assertThat(simulator.writeCount()).as("an attempted write still counts").isEqualTo(1);
        assertThat(client.put(CONFIG + "/postFederationSignup/$ref",
                GraphSimulatorTest.ref(simulator, CHECK_PARTNER)).status()).isEqualTo(204);
    }

    @Test
    void faultsComeAfterAuthentication() {
        simulator.inject(FaultRule.throttling("*", ".*", 1, 1));

        assertThat(new SimulatorClient(simulator).call("GET", "/v1.0/identity/b2xUserFlows", null).status())
                .isEqualTo(401);
        assertThat(client.get("/v1.0/identity/b2xUserFlows").status()).as("the rule is still armed").isEqualTo(429);
    }

    @Test
    void theTokenEndpointCanFailToo() {
        simulator.inject(new FaultRule("POST", Pattern.compile("/oauth2/v2\\.0/token$"), 503, 1, Optional.of(2),
                "temporarily_unavailable"));

        Answer failed = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET));

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.header("Retry-After")).isEqualTo("2");
        assertThat(failed.json().get("error").asText()).isEqualTo("temporarily_unavailable");
        assertThat(client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET))
                .status()).isEqualTo(200);
    }

    @Test
    void anEchoingTokenFaultRepeatsTheFormWithTheSecretLikeAMisbehavingProxy() {
        simulator.inject(FaultRule.echoingRequest("POST", "/oauth2/v2\\.0/token$", 400, 1, "invalid_request"));

        Answer failed = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET));

        assertThat(failed.status()).isEqualTo(400);
        assertThat(failed.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(failed.json().get("error_description").asText())
                .contains("POST /" + tenant.tenantId() + "/oauth2/v2.0/token")
                .containsIgnoringCase("Content-Type: application/x-www-form-urlencoded")
                .contains("client_secret=" + java.net.URLEncoder.encode(SECRET, java.nio.charset.StandardCharsets.UTF_8))
                .contains("client_secret=" + SECRET);
    }

    @Test
    void anEchoingGraphFaultRepeatsTheAuthorizationHeader() {
        simulator.inject(FaultRule.echoingRequest("GET", "/identity/b2xUserFlows$", 502, 1, "BadGateway"));

        Answer failed = client.get("/v1.0/identity/b2xUserFlows?$select=id");

        assertThat(failed.status()).isEqualTo(502);
        assertThat(failed.json().at("/error/message").asText())
                .contains("GET /v1.0/identity/b2xUserFlows?$select=id")
                .contains("Authorization: Bearer " + client.token());
        assertThat(client.get("/v1.0/identity/b2xUserFlows").status()).as("spent").isEqualTo(200);
    }

    @Test
    void rulesAreValidated() {
        assertThatThrownBy(() -> new FaultRule("GET", Pattern.compile("x"), 200, 1, Optional.empty(), "Ok"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FaultRule.throttling("GET", "x", 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
