package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The Graph resources: user flows, their apiConnectorConfiguration and $refs, API connectors. */
class GraphSimulatorTest {

    static final String SECRET = "demo-secret-not-for-production";
    static final String CHECK_PARTNER = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    static final String ENRICH = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";
    static final String LOYALTY = "c4a1e9d2-58b3-4f60-a7e2-91d0b3c5f824";
    static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";
    static final String CONFIG = "/v1.0/identity/b2xUserFlows/B2X_1_partner_signup/apiConnectorConfiguration";
    static final String EXPAND = "?$expand=postFederationSignup,postAttributeCollection";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    @AfterEach
    void stop() {
        simulator.close();
    }

    static String ref(GraphSimulator simulator, String connectorId) {
        return "{\"@odata.id\":\"" + simulator.baseUrl() + "/v1.0/identity/apiConnectors/" + connectorId + "\"}";
    }

    @Test
    void theDemoTenantIsSeededAsDocumented() {
        assertThat(tenant.tenantId()).isEqualTo("00000000-0000-0000-0000-00000000d3e0");
        assertThat(tenant.clientId()).isEqualTo("11111111-2222-3333-4444-555555555555");
        assertThat(tenant.connectorIds()).containsExactlyInAnyOrder(CHECK_PARTNER, ENRICH, LOYALTY, LEGACY);
        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
        assertThat(tenant.bindings("B2X_1_customers"))
                .isEqualTo(Map.of("postFederationSignup", LEGACY, "postAttributeCollection", LOYALTY));
        assertThat(tenant.bindings("B2X_1_contractors")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
        assertThat(tenant.bindings("B2X_1_employees")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
    }

    @Test
    void listsFlowsSortedAndPagedUntilNextLinkIsAbsent() {
        tenant.pageSize(3);
        for (int i = 1; i <= 4; i++) {
            tenant.addFlow("B2X_1_extra" + i);
        }
        tenant.addFlow("B2C_1_susi"); // a B2C flow is not in the b2x collection

        List<String> ids = new ArrayList<>();
        int pages = 0;
        String next = "/v1.0/identity/b2xUserFlows";
        while (next != null) {
            JsonNode page = client.get(next).json();
            pages++;
            page.get("value").forEach(flow -> ids.add(flow.get("id").asText()));
            next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            assertThat(next == null || next.startsWith(simulator.baseUrl() + "/v1.0/identity/b2xUserFlows?"))
                    .isTrue();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(ids).containsExactly("B2X_1_contractors", "B2X_1_customers", "B2X_1_employees",
                "B2X_1_extra1", "B2X_1_extra2", "B2X_1_extra3", "B2X_1_extra4", "B2X_1_partner_signup");
    }

    @Test
    void honoursTopAndKeepsItInTheNextLink() {
        JsonNode first = client.get("/v1.0/identity/b2xUserFlows?$top=3").json();
        assertThat(first.get("value")).hasSize(3);
        assertThat(first.get("value").get(0).get("userFlowType").asText()).isEqualTo("signUpOrSignIn");
        assertThat(first.get("value").get(0).get("userFlowTypeVersion").asInt()).isEqualTo(1);
        assertThat(first.get("@odata.nextLink").asText()).contains("$top=3");

        JsonNode last = client.get(first.get("@odata.nextLink").asText()).json();
        assertThat(last.get("value")).hasSize(1);
        assertThat(last.has("@odata.nextLink")).isFalse();

        assertThat(client.get("/v1.0/identity/b2xUserFlows?$top=999").json().get("value")).hasSize(4);
        assertThat(client.get("/v1.0/identity/b2xUserFlows?$top=1000").status()).isEqualTo(400);
        assertThat(client.get("/v1.0/identity/b2xUserFlows?$top=0").status()).isEqualTo(400);
    }

    @Test
    void getsOneFlowOr404WithGraphsErrorBody() {
        assertThat(client.get("/v1.0/identity/b2xUserFlows/B2X_1_customers").json().get("id").asText())
                .isEqualTo("B2X_1_customers");

        Answer missing = client.get("/v1.0/identity/b2xUserFlows/B2X_1_nope/apiConnectorConfiguration");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.header("Content-Type")).isEqualTo("application/json");
        assertThat(missing.json().at("/error/code").asText()).isEqualTo("ResourceNotFound");
        assertThat(missing.json().at("/error/message").asText()).contains("B2X_1_nope");
        assertThat(missing.json().at("/error/innerError/request-id").asText())
                .isEqualTo(missing.header("request-id")).isNotBlank();
        assertThat(missing.json().at("/error/innerError/client-request-id").asText())
                .isEqualTo(missing.header("client-request-id"));
        assertThat(missing.json().at("/error/innerError/date").asText()).endsWith("Z");
        assertThat(client.get("/v1.0/identity/b2xUserFlows/B2X_1_nope").status()).isEqualTo(404);
    }

    @Test
    void withoutExpandTheConfigurationHasNoSteps() {
        JsonNode configuration = client.get(CONFIG).json();

        assertThat(configuration.has("@odata.context")).isTrue();
        assertThat(configuration.has("postFederationSignup")).isFalse();
        assertThat(configuration.has("postAttributeCollection")).isFalse();
    }

    @Test
    void expandReturnsBoundConnectorsWithMaskedPasswordsAndNullForUnboundSteps() {
        Answer answer = client.get(CONFIG + EXPAND);

        assertThat(answer.status()).isEqualTo(200);
        JsonNode configuration = answer.json();
        assertThat(configuration.get("postFederationSignup").isNull()).isTrue();
        JsonNode bound = configuration.get("postAttributeCollection");
        assertThat(configuration.get("postAttributeCollection@odata.context").asText()).contains("$metadata#");
        assertThat(bound.get("id").asText()).isEqualTo(LEGACY);
        assertThat(bound.get("displayName").asText()).isEqualTo("Legacy CRM hook");
        assertThat(bound.get("targetUrl").asText()).startsWith("https://");
        assertThat(bound.at("/authenticationConfiguration/@odata.type").asText())
                .isEqualTo("#microsoft.graph.basicAuthentication");
        assertThat(bound.at("/authenticationConfiguration/username").asText()).isEqualTo("crm-hook");
        assertThat(bound.at("/authenticationConfiguration/password").asText()).isEqualTo("******");
    }

    @Test
    void expandMayBeUrlEncodedOrWithoutDollar() {
        JsonNode encoded = client.get(CONFIG + "?%24expand=postFederationSignup%2CpostAttributeCollection").json();
        JsonNode dollarLess = client.get(CONFIG + "?expand=postAttributeCollection").json();

        assertThat(encoded.get("postAttributeCollection").get("id").asText()).isEqualTo(LEGACY);
        assertThat(encoded.has("postFederationSignup")).isTrue();
        assertThat(dollarLess.get("postAttributeCollection").get("id").asText()).isEqualTo(LEGACY);
        assertThat(dollarLess.has("postFederationSignup")).isFalse();
    }

    @Test
    void anUnknownStepInExpandIs400() {
        Answer answer = client.get(CONFIG + "?$expand=postSignIn");

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("BadRequest");
        assertThat(answer.json().at("/error/message").asText()).isEqualTo(
                "Could not find a property named 'postSignIn' on type"
                        + " 'microsoft.graph.userFlowApiConnectorConfiguration'.");
    }

    @Test
    void putRefBindsAndRebinds() {
        Answer bind = client.put(CONFIG + "/postFederationSignup/$ref", ref(simulator, CHECK_PARTNER));
        Answer rebind = client.put(CONFIG + "/postAttributeCollection/$ref", ref(simulator, ENRICH));

        assertThat(bind.status()).isEqualTo(204);
        assertThat(bind.body()).isEmpty();
        assertThat(rebind.status()).isEqualTo(204);
        assertThat(tenant.bindings("B2X_1_partner_signup"))
                .isEqualTo(Map.of("postFederationSignup", CHECK_PARTNER, "postAttributeCollection", ENRICH));
        JsonNode read = client.get(CONFIG + EXPAND).json();
        assertThat(read.at("/postFederationSignup/id").asText()).isEqualTo(CHECK_PARTNER);
        assertThat(read.at("/postAttributeCollection/id").asText()).isEqualTo(ENRICH);
    }

    @Test
    void putRefAcceptsAnyHostThatNamesAConnector() {
        Answer answer = client.put(CONFIG + "/postFederationSignup/$ref",
                "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/identity/apiConnectors/" + LOYALTY + "\"}");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(LOYALTY);
    }

    @Test
    void putRefWithAnEmptyObjectUnbinds() {
        Answer answer = client.put(CONFIG + "/postAttributeCollection/$ref", "{}");

        assertThat(answer.status()).isEqualTo(204);
        assertThat(tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).isEmpty();
    }

    @Test
    void putRefRefusesBadReferencesWithoutChangingAnything() {
        String path = CONFIG + "/postAttributeCollection/$ref";
        List<Answer> answers = List.of(
                client.put(path, "{\"@odata.id\":\"https://graph.microsoft.com/v1.0/users/" + LOYALTY + "\"}"),
                client.put(path, ref(simulator, "00000000-dead-beef-0000-000000000000")),
                client.put(path, "{\"@odata.id\":42}"),
                client.put(path, "{\"odata.id\":\"x\"}"),
                client.put(path, "not json"),
                client.put(path, "[]"),
                client.call("PUT", path, ""));

        assertThat(answers).allSatisfy(a -> {
            assertThat(a.status()).isEqualTo(400);
            assertThat(a.json().at("/error/code").asText()).isEqualTo("BadRequest");
        });
        assertThat(tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).contains(LEGACY);
    }

    @Test
    void putRefOnAnUnknownFlowIs404() {
        Answer answer = client.put("/v1.0/identity/b2xUserFlows/B2X_1_nope/apiConnectorConfiguration"
                + "/postAttributeCollection/$ref", ref(simulator, LOYALTY));

        assertThat(answer.status()).isEqualTo(404);
    }

    @Test
    void anUnknownStepInARefPathIs400() {
        Answer answer = client.put(CONFIG + "/postSignIn/$ref", ref(simulator, LOYALTY));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().at("/error/message").asText())
                .isEqualTo("Resource not found for the segment 'postSignIn'.");
    }

    @Test
    void deleteRefUnbindsAndIsIdempotent() {
        assertThat(client.delete(CONFIG + "/postAttributeCollection/$ref").status()).isEqualTo(204);
        assertThat(client.delete(CONFIG + "/postAttributeCollection/$ref").status()).isEqualTo(204);

        assertThat(tenant.bindings("B2X_1_partner_signup")).isEmpty();
    }

    @Test
    void deleteRefCanBeRefusedWith405() {
        tenant.refuseDeleteRef(true);

        Answer refused = client.delete(CONFIG + "/postAttributeCollection/$ref");

        assertThat(refused.status()).isEqualTo(405);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("MethodNotAllowed");
        assertThat(tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).contains(LEGACY);
        assertThat(client.put(CONFIG + "/postAttributeCollection/$ref", "{}").status()).isEqualTo(204);
        assertThat(tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).isEmpty();
    }

    @Test
    void wrongMethodsOnKnownPathsAre405() {
        assertThat(client.post(CONFIG + "/postAttributeCollection/$ref", ref(simulator, LOYALTY)).status())
                .isEqualTo(405);
        assertThat(client.call("PATCH", CONFIG, "{}").status()).isEqualTo(405);
        assertThat(client.delete("/v1.0/identity/b2xUserFlows").status()).isEqualTo(405);
    }

    @Test
    void ignoredWritesAnswer204ButChangeNothing() {
        tenant.ignoreWritesFor("B2X_1_partner_signup");

        assertThat(client.put(CONFIG + "/postFederationSignup/$ref", ref(simulator, CHECK_PARTNER)).status())
                .isEqualTo(204);
        assertThat(client.delete(CONFIG + "/postAttributeCollection/$ref").status()).isEqualTo(204);

        assertThat(tenant.bindings("B2X_1_partner_signup")).isEqualTo(Map.of("postAttributeCollection", LEGACY));
        assertThat(client.put("/v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration"
                + "/postFederationSignup/$ref", "{}").status()).isEqualTo(204);
        assertThat(tenant.binding("B2X_1_customers", "postFederationSignup")).isEmpty();
    }

    @Test
    void b2cFlowsAndPreTokenIssuanceExistOnlyInBeta() {
        tenant.addFlow("B2C_1_susi").bind("B2C_1_susi", "preTokenIssuance", LOYALTY);

        Answer v1 = client.get("/v1.0/identity/b2cUserFlows");
        assertThat(v1.status()).isEqualTo(400);
        assertThat(v1.json().at("/error/message").asText())
                .isEqualTo("Resource not found for the segment 'b2cUserFlows'.");
        assertThat(client.get("/beta/identity/b2cUserFlows").json().get("value").get(0).get("id").asText())
                .isEqualTo("B2C_1_susi");

        Answer v1Expand = client.get(CONFIG + "?$expand=preTokenIssuance");
        assertThat(v1Expand.status()).isEqualTo(400);
        assertThat(v1Expand.json().at("/error/message").asText()).isEqualTo("Could not find a property named"
                + " 'preTokenIssuance' on type 'microsoft.graph.userFlowApiConnectorConfiguration'.");
        assertThat(client.put(CONFIG + "/preTokenIssuance/$ref", ref(simulator, LOYALTY)).status()).isEqualTo(400);

        JsonNode beta = client.get("/beta/identity/b2cUserFlows/B2C_1_susi/apiConnectorConfiguration"
                + "?$expand=postFederationSignup,postAttributeCollection,preTokenIssuance").json();
        assertThat(beta.at("/preTokenIssuance/id").asText()).isEqualTo(LOYALTY);
        assertThat(beta.get("postAttributeCollection").isNull()).isTrue();
        assertThat(client.get("/beta/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration"
                + "?$expand=preTokenIssuance").json().get("preTokenIssuance").isNull()).isTrue();
        assertThat(client.get("/beta/identity/b2xUserFlows/B2C_1_susi").status()).isEqualTo(404);
        assertThat(client.get("/v2.0/identity/b2xUserFlows").status()).isEqualTo(400);
    }

    @Test
    void listsAndGetsConnectorsWithMaskedPasswords() {
        tenant.pageSize(3);
        JsonNode first = client.get("/v1.0/identity/apiConnectors").json();
        JsonNode second = client.get(first.get("@odata.nextLink").asText()).json();

        List<String> ids = new ArrayList<>();
        first.get("value").forEach(c -> ids.add(c.get("id").asText()));
        second.get("value").forEach(c -> ids.add(c.get("id").asText()));
        assertThat(ids).containsExactly(CHECK_PARTNER, ENRICH, LOYALTY, LEGACY);
        assertThat(second.has("@odata.nextLink")).isFalse();

        JsonNode one = client.get("/beta/identity/apiConnectors/" + ENRICH).json();
        assertThat(one.get("displayName").asText()).isEqualTo("Enrich partner profile");
        assertThat(one.at("/authenticationConfiguration/password").asText()).isEqualTo("******");
        assertThat(client.get("/v1.0/identity/apiConnectors/nope").status()).isEqualTo(404);
    }

    @Test
    void readsOneStepAndItsReference() {
        JsonNode connector = client.get(CONFIG + "/postAttributeCollection").json();
        JsonNode reference = client.get(CONFIG + "/postAttributeCollection/$ref").json();

        assertThat(connector.get("id").asText()).isEqualTo(LEGACY);
        assertThat(reference.get("@odata.id").asText()).endsWith("/v1.0/identity/apiConnectors/" + LEGACY);
        assertThat(client.get(CONFIG + "/postFederationSignup").status()).isEqualTo(404);
    }

    @Test
    void logsRequestsAndCountsWrites() {
        simulator.clearRequests();

        client.get(CONFIG + EXPAND);
        client.put(CONFIG + "/postFederationSignup/$ref", ref(simulator, CHECK_PARTNER));
        client.delete(CONFIG + "/postAttributeCollection/$ref");
        client.put(CONFIG + "/postSignIn/$ref", "{}");

        assertThat(simulator.requests()).containsExactly(
                new RecordedRequest("GET", CONFIG, "$expand=postFederationSignup,postAttributeCollection", 200, false,
                        CONFIG + EXPAND),
                new RecordedRequest("PUT", CONFIG + "/postFederationSignup/$ref", "", 204, false,
                        CONFIG + "/postFederationSignup/$ref"),
                new RecordedRequest("DELETE", CONFIG + "/postAttributeCollection/$ref", "", 204, false,
                        CONFIG + "/postAttributeCollection/$ref"),
                new RecordedRequest("PUT", CONFIG + "/postSignIn/$ref", "", 400, false, CONFIG + "/postSignIn/$ref"));
        assertThat(simulator.writeCount()).isEqualTo(3);

        simulator.clearRequests();
        assertThat(simulator.requests()).isEmpty();
        assertThat(simulator.writeCount()).isZero();
    }

    @Test
    void tokenRequestsAreLoggedButNeverCountAsWrites() {
        simulator.clearRequests();
        new SimulatorClient(simulator).signIn(tenant, SECRET);

        assertThat(simulator.requests()).singleElement().satisfies(r -> {
            assertThat(r.path()).isEqualTo("/" + tenant.tenantId() + "/oauth2/v2.0/token");
            assertThat(r.status()).isEqualTo(200);
        });
        assertThat(simulator.writeCount()).isZero();
    }
    @Test
    void theLogKeepsEachRequestLineAsSentStillEncoded() {
        simulator.clearRequests();

        client.get("/v1.0/identity/b2xUserFlows?%24select=id&$top=2");
        client.get("/v1.0/identity/b2xUserFlows/B2X_1_partner%5Fsignup");

        assertThat(simulator.requests()).extracting(RecordedRequest::line).containsExactly(
                "GET /v1.0/identity/b2xUserFlows?%24select=id&$top=2",
                "GET /v1.0/identity/b2xUserFlows/B2X_1_partner%5Fsignup");
        assertThat(simulator.requests().get(0).query()).isEqualTo("$select=id&$top=2");
        assertThat(simulator.requests().get(1).path()).isEqualTo("/v1.0/identity/b2xUserFlows/B2X_1_partner_signup");
    }
}
