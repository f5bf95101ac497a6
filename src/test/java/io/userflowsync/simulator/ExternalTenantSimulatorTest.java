package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** An External ID external tenant's sign-up flows and custom authentication extensions, over real HTTP. */
class ExternalTenantSimulatorTest {
    private static final String SECRET = "external-tenant-secret";
    private static final String FLOW = "5e1b4c2a-7d3f-4a8e-9b6c-0f1e2d3c4b5a";
    private static final String SUBMIT_EXT = "a1000000-0000-4000-8000-0000000000a1";
    private static final String START_EXT = "b1000000-0000-4000-8000-0000000000b1";
    private static final String FLOWS = "/beta/identity/authenticationEventsFlows";
    private static final String SUBMIT = FLOWS + "/" + FLOW + "/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow"
            + "/onAttributeCollectionSubmit/microsoft.graph.onAttributeCollectionSubmitCustomExtensionHandler"
            + "/customExtension";
    private static final String PATCH_BODY = "{\"@odata.type\":\"#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow\","
            + "\"onAttributeCollectionSubmit\":null}";

    private final SimulatedTenant tenant = externalTenant();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    private static SimulatedTenant externalTenant() {
        SimulatedTenant tenant = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", SECRET);
        tenant.addCustomExtension(SUBMIT_EXT, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example/1")
                .addCustomExtension(START_EXT, "Prefill", "onAttributeCollectionStartCustomExtension",
                        "https://signup.example/prefill", "api://signup.example/1")
                .addExternalFlow(FLOW, "Customer sign-up");
        tenant.app().grantPermissions(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        return tenant;
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String ref(String extensionId) {
        return "{\"@odata.id\":\"" + simulator.baseUrl() + "/beta/identity/customAuthenticationExtensions/"
                + extensionId + "\"}";
    }

    @Test
    void anUnboundEventIsNullAndABoundOneAHandlerWithoutItsExtensionInline() {
        assertThat(client.get(FLOWS + "/" + FLOW).json().get("onAttributeCollectionSubmit").isNull()).isTrue();

        tenant.bindExtension(FLOW, "onAttributeCollectionSubmit", SUBMIT_EXT);
        JsonNode flow = client.get("/v1.0/identity/authenticationEventsFlows/" + FLOW).json();

        assertThat(flow.get("@odata.type").asText()).isEqualTo("#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow");
        assertThat(flow.get("onAttributeCollectionSubmit").get("@odata.type").asText())
                .isEqualTo("#microsoft.graph.onAttributeCollectionSubmitCustomExtensionHandler");
        assertThat(flow.get("onAttributeCollectionSubmit").has("customExtension")).isFalse();
        assertThat(flow.get("onAttributeCollectionStart").isNull()).isTrue();
    }

    @Test
    void aBindThroughTheDocumentedRefIsReadBackOnTheHandlersRelationship() {
        assertThat(client.get(SUBMIT).status()).isEqualTo(404);

        Answer put = client.put(SUBMIT + "/$ref", ref(SUBMIT_EXT));

        assertThat(put.status()).isEqualTo(204);
        JsonNode extension = client.get(SUBMIT).json();
        assertThat(extension.get("id").asText()).isEqualTo(SUBMIT_EXT);
        assertThat(extension.get("@odata.type").asText()).isEqualTo("#microsoft.graph.onAttributeCollectionSubmitCustomExtension");
        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).contains(SUBMIT_EXT);
        assertThat(tenant.auditLog()).first().satisfies(entry -> assertThat(entry.toString()).contains(FLOW));
    }

    @Test
    void anExtensionOfTheOtherEventsTypeIsA400AndAnUnknownOneA404() {
        Answer wrongType = client.put(SUBMIT + "/$ref", ref(START_EXT));
        Answer unknown = client.put(SUBMIT + "/$ref", ref("c0000000-0000-4000-8000-000000000000"));
        Answer noReference = client.put(SUBMIT + "/$ref", "{}");
        Answer unknownFlow = client.put(SUBMIT.replace(FLOW, "7a7a7a7a-0000-4000-8000-000000000000") + "/$ref",
                ref(SUBMIT_EXT));

        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.body()).contains("onAttributeCollectionSubmitCustomExtension");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(noReference.status()).isEqualTo(400);
        assertThat(unknownFlow.status()).isEqualTo(404);
        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).isEmpty();
    }

    @Test
    void aPatchSettingTheEventToNullUnbindsItAndOneWithoutOdataTypeIsRefused() {
        tenant.bindExtension(FLOW, "onAttributeCollectionSubmit", SUBMIT_EXT);

        Answer untyped = client.call("PATCH", FLOWS + "/" + FLOW, "{\"onAttributeCollectionSubmit\":null}");
        assertThat(untyped.status()).isEqualTo(400);
        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).contains(SUBMIT_EXT);

        assertThat(client.call("PATCH", FLOWS + "/" + FLOW, PATCH_BODY).status()).isEqualTo(204);
        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).isEmpty();
        assertThat(client.delete(SUBMIT + "/$ref").status()).as("unbinding by DELETE is not documented").isEqualTo(405);
    }

    @Test
    void withRefWritesIgnoredThePutAnswers204AndBindsNothing() {
        tenant.ignoreExtensionRefWrites(true);

        assertThat(client.put(SUBMIT + "/$ref", ref(SUBMIT_EXT)).status()).isEqualTo(204);

        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).isEmpty();
        assertThat(client.get(SUBMIT).status()).isEqualTo(404);
    }

    @Test
    void theListsPageAndTheExtensionsCarryTheirEndpointAndResource() {
        tenant.pageSize(1);
        tenant.addExternalFlow("6f2c5d3b-8e4a-4b9f-8c7d-1a2b3c4d5e6f", "Partner sign-up");
        List<String> ids = new ArrayList<>();
        String next = FLOWS + "?$select=id";
        while (next != null) {
            JsonNode page = client.get(next).json();
            page.get("value").forEach(f -> ids.add(f.get("id").asText()));
            next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        assertThat(ids).containsExactly(FLOW, "6f2c5d3b-8e4a-4b9f-8c7d-1a2b3c4d5e6f");

        JsonNode extension = client.get("/beta/identity/customAuthenticationExtensions/" + SUBMIT_EXT).json();
        assertThat(extension.at("/endpointConfiguration/targetUrl").asText()).isEqualTo("https://signup.example/validate");
        assertThat(extension.at("/authenticationConfiguration/resourceId").asText()).isEqualTo("api://signup.example/1");
    }

    @Test
    void validationReportsAMissingReceivePayloadConsent() {
        String validate = "/beta/identity/customAuthenticationExtensions/" + SUBMIT_EXT
                + "/validateAuthenticationConfiguration";
        assertThat(client.post(validate, "{}").json().get("errors")).isEmpty();

        tenant.extensionConsentMissing(SUBMIT_EXT, true);

        JsonNode errors = client.post(validate, "{}").json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("message").asText()).contains("CustomAuthenticationExtensions.Receive.Payload");
    }

    @Test
    void withoutEventListenerPermissionsTheFlowsAre403AndWritesNeedReadWrite() {
        tenant.app().grantPermissions(List.of("EventListener.Read.All", "CustomAuthenticationExtension.Read.All"));
        SimulatorClient readOnly = new SimulatorClient(simulator).signIn(tenant, SECRET);

        assertThat(readOnly.get(FLOWS).status()).isEqualTo(200);
        assertThat(readOnly.put(SUBMIT + "/$ref", ref(SUBMIT_EXT)).status()).isEqualTo(403);

        tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All"));
        SimulatorClient workforce = new SimulatorClient(simulator).signIn(tenant, SECRET);
        assertThat(workforce.get(FLOWS).status()).isEqualTo(403);
        assertThat(workforce.get("/beta/identity/customAuthenticationExtensions").status()).isEqualTo(403);
    }

    @Test
    void aBatchCarriesTheReadAndTheWriteOfAnEvent() {
        String batch = "{\"requests\":[{\"id\":\"1\",\"method\":\"PUT\",\"url\":\"" + SUBMIT.replace("/beta", "")
                + "/$ref\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + ref(SUBMIT_EXT) + "},"
                + "{\"id\":\"2\",\"method\":\"GET\",\"url\":\"/identity/authenticationEventsFlows/" + FLOW + "\"}]}";

        JsonNode answer = client.post("/beta/$batch", batch).json();

        List<Integer> statuses = new ArrayList<>();
        answer.get("responses").forEach(r -> statuses.add(r.get("status").asInt()));
        assertThat(statuses).containsExactlyInAnyOrder(204, 200);
        assertThat(tenant.extensionBinding(FLOW, "onAttributeCollectionSubmit")).contains(SUBMIT_EXT);
    }

    @Test
    void anApplicationsEventIsNoSegmentOfASignUpFlowAndNoPropertyOfItsPatch() {
        String tokenIssuance = FLOWS + "/" + FLOW + "/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow"
                + "/onTokenIssuanceStart/microsoft.graph.onTokenIssuanceStartCustomExtensionHandler/customExtension";

        Answer put = client.put(tokenIssuance + "/$ref", ref(SUBMIT_EXT));
        Answer patch = client.call("PATCH", FLOWS + "/" + FLOW, "{\"@odata.type\":"
                + "\"#microsoft.graph.externalUsersSelfServiceSignUpEventsFlow\",\"onTokenIssuanceStart\":null}");

        assertThat(put.status()).isEqualTo(400);
        assertThat(put.body()).contains("onTokenIssuanceStart");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(client.get(FLOWS + "/" + FLOW).json().has("onTokenIssuanceStart")).isFalse();
        assertThat(tenant.auditLog()).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> tenant.bindExtension(FLOW, "onOtpSend", SUBMIT_EXT))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("onOtpSend");
    }
}
