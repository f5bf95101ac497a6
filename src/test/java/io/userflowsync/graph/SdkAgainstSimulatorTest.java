package io.userflowsync.graph;

import com.microsoft.graph.core.content.BatchRequestContent;
import com.microsoft.graph.core.content.BatchResponseContent;
import com.microsoft.graph.models.BasicAuthentication;
import com.microsoft.graph.models.B2xIdentityUserFlow;
import com.microsoft.graph.models.IdentityApiConnector;
import com.microsoft.graph.models.IdentityApiConnectorCollectionResponse;
import com.microsoft.graph.models.UserFlowApiConnectorConfiguration;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.serialization.AdditionalDataHolder;
import io.userflowsync.simulator.AppRegistration;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Microsoft's Graph SDK for Java, generated from the official metadata, against the simulator over loopback HTTP: each
 * answer deserialises into the SDK's own models, and no property lands in additionalData (which would mean the
 * simulator sends something the metadata does not know). OData annotations ({@code @odata.*}, {@code x@odata.*}) are
 * not properties and are left aside. docs/graph-sdk.md.
 */
class SdkAgainstSimulatorTest {
    private static final String SECRET = "demo-secret-not-for-production";
    private static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";

    private final SimulatedTenant tenant = SimulatedTenant.demo().addFlow("B2C_1_susi");
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);

    @AfterEach
    void stop() {
        simulator.close();
    }

    private String token(SimulatedTenant t) throws Exception {
        return SdkRequests.token(simulator.baseUrl(), t.tenantId(), t.clientId(), SECRET);
    }

    /** The properties of an SDK model the metadata does not know, annotations left aside. */
    static Map<String, Object> unknown(AdditionalDataHolder model) {
        return model.getAdditionalData().entrySet().stream().filter(e -> !e.getKey().contains("@odata."))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Test
    void theSdkListsB2xAndB2cFlowsIntoItsModels() throws Exception {
        String token = token(tenant);
        List<B2xIdentityUserFlow> b2x = SdkRequests.v1(simulator.baseUrl(), token).identity().b2xUserFlows().get()
                .getValue();
        assertThat(b2x).extracting(B2xIdentityUserFlow::getId).contains("B2X_1_partner_signup", "B2X_1_customers")
                .doesNotContain("B2C_1_susi");
        assertThat(b2x).allSatisfy(flow -> {
            assertThat(flow.getUserFlowType()).isNotNull();
            assertThat(flow.getUserFlowTypeVersion()).isNotNull();
            assertThat(unknown(flow)).as(flow.getId()).isEmpty();
        });

        var b2c = SdkRequests.beta(simulator.baseUrl(), token).identity().b2cUserFlows().get().getValue();
        assertThat(b2c).extracting(com.microsoft.graph.beta.models.B2cIdentityUserFlow::getId)
                .containsExactly("B2C_1_susi");
        assertThat(b2c).allSatisfy(flow -> assertThat(unknown(flow)).as(flow.getId()).isEmpty());
    }

    @Test
    void theSdkReadsAFlowsExpandedConfigurationWithTheBoundConnector() throws Exception {
        GraphServiceClient sdk = SdkRequests.v1(simulator.baseUrl(), token(tenant));
        UserFlowApiConnectorConfiguration config = sdk.identity().b2xUserFlows()
                .byB2xIdentityUserFlowId("B2X_1_partner_signup").apiConnectorConfiguration()
                .get(c -> c.queryParameters.expand = new String[] {"postFederationSignup", "postAttributeCollection"});

        assertThat(unknown(config)).isEmpty();
        assertThat(config.getPostFederationSignup()).isNull();
        IdentityApiConnector bound = config.getPostAttributeCollection();
        assertThat(bound.getId()).isEqualTo(LEGACY);
        assertThat(bound.getDisplayName()).isNotBlank();
        assertThat(bound.getTargetUrl()).startsWith("https://");
        assertThat(bound.getAuthenticationConfiguration()).isInstanceOf(BasicAuthentication.class);
        assertThat(((BasicAuthentication) bound.getAuthenticationConfiguration()).getPassword()).isEqualTo("******");
        assertThat(unknown(bound)).isEmpty();
        assertThat(unknown(bound.getAuthenticationConfiguration())).isEmpty();
    }

    @Test
    void theSdkListsAndCreatesConnectors() throws Exception {
        GraphServiceClient sdk = SdkRequests.v1(simulator.baseUrl(), token(tenant));
        IdentityApiConnectorCollectionResponse listed = sdk.identity().apiConnectors().get();
        assertThat(listed.getValue()).extracting(IdentityApiConnector::getId).contains(LEGACY);
        assertThat(listed.getValue()).allSatisfy(c -> {
            assertThat(c.getTargetUrl()).isNotBlank();
            assertThat(c.getAuthenticationConfiguration()).isNotNull();
            assertThat(unknown(c)).as(c.getId()).isEmpty();
            assertThat(unknown(c.getAuthenticationConfiguration())).as(c.getId()).isEmpty();
        });

        IdentityApiConnector body = new IdentityApiConnector();
        body.setDisplayName("Made by the SDK");
        body.setTargetUrl("https://sdk.example/validate");
        BasicAuthentication basic = new BasicAuthentication();
        basic.setUsername("sdk");
        basic.setPassword("sdk-password-not-shown");
        body.setAuthenticationConfiguration(basic);
        IdentityApiConnector created = sdk.identity().apiConnectors().post(body);

        assertThat(created.getId()).isNotBlank();
        assertThat(created.getDisplayName()).isEqualTo("Made by the SDK");
        assertThat(created.getTargetUrl()).isEqualTo("https://sdk.example/validate");
        assertThat(created.getAuthenticationConfiguration()).isInstanceOf(BasicAuthentication.class);
        assertThat(((BasicAuthentication) created.getAuthenticationConfiguration()).getPassword()).isEqualTo("******");
        assertThat(unknown(created)).isEmpty();
        assertThat(tenant.connectorIds()).contains(created.getId());
    }

    @Test
    void theSdksBatchIsAnsweredPerRequestIntoItsModels() throws Exception {
        GraphServiceClient sdk = SdkRequests.v1(simulator.baseUrl(), token(tenant));
        BatchRequestContent batch = new BatchRequestContent(sdk);
        RequestInformation config = sdk.identity().b2xUserFlows().byB2xIdentityUserFlowId("B2X_1_customers")
                .apiConnectorConfiguration().toGetRequestInformation(c -> c.queryParameters.expand =
                        new String[] {"postFederationSignup", "postAttributeCollection"});
        String configId = batch.addBatchRequestStep(config);
        String connectorId = batch.addBatchRequestStep(sdk.identity().apiConnectors()
                .byIdentityApiConnectorId(LEGACY).toGetRequestInformation());
        String missingId = batch.addBatchRequestStep(sdk.identity().apiConnectors()
                .byIdentityApiConnectorId("00000000-0000-0000-0000-0000000000ff").toGetRequestInformation());

        BatchResponseContent answer = sdk.getBatchRequestBuilder().post(batch, null);

        assertThat(answer.getResponsesStatusCode()).containsEntry(configId, 200).containsEntry(connectorId, 200)
                .containsEntry(missingId, 404);
        UserFlowApiConnectorConfiguration read = answer.getResponseById(configId,
                UserFlowApiConnectorConfiguration::createFromDiscriminatorValue);
        assertThat(read.getPostFederationSignup().getId()).isEqualTo(LEGACY);
        assertThat(read.getPostAttributeCollection().getId()).isEqualTo(tenant.bindings("B2X_1_customers")
                .get("postAttributeCollection"));
        assertThat(unknown(read)).isEmpty();
        IdentityApiConnector connector = answer.getResponseById(connectorId,
                IdentityApiConnector::createFromDiscriminatorValue);
        assertThat(connector.getId()).isEqualTo(LEGACY);
        assertThat(unknown(connector)).isEmpty();
        assertThat(simulator.batches()).hasSize(1);
    }

    @Test
    void theBetaSdkReadsAnExternalTenantsEventsFlowsAndExtensions() throws Exception {
        String flowId = "0313cc37-d421-421d-857b-a1b4f4e2b5e0";
        String submit = "6fc5012e-7665-43d6-9708-4370863f4e6e";
        SimulatedTenant external = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", SECRET)
                .addCustomExtension(submit, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example/1")
                .addExternalFlow(flowId, "Customer sign-up");
        external.app().grantPermissions(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        external.bindExtension(flowId, "onAttributeCollectionSubmit", submit);
        try (GraphSimulator externalSim = GraphSimulator.start(external, 0)) {
            String token = SdkRequests.token(externalSim.baseUrl(), external.tenantId(), external.clientId(), SECRET);
            var beta = SdkRequests.beta(externalSim.baseUrl(), token);

            var flows = beta.identity().authenticationEventsFlows().get().getValue();
            assertThat(flows).hasSize(1);
            var flow = (com.microsoft.graph.beta.models.ExternalUsersSelfServiceSignUpEventsFlow) flows.get(0);
            assertThat(flow.getId()).isEqualTo(flowId);
            assertThat(flow.getDisplayName()).isEqualTo("Customer sign-up");
            assertThat(unknown(flow)).isEmpty();
            var handler = (com.microsoft.graph.beta.models.OnAttributeCollectionSubmitCustomExtensionHandler)
                    flow.getOnAttributeCollectionSubmit();
            assertThat(unknown(handler)).isEmpty();

            var extensions = beta.identity().customAuthenticationExtensions().get().getValue();
            assertThat(extensions).singleElement().satisfies(e -> {
                assertThat(e).isInstanceOf(
                        com.microsoft.graph.beta.models.OnAttributeCollectionSubmitCustomExtension.class);
                assertThat(e.getId()).isEqualTo(submit);
                assertThat(e.getDisplayName()).isEqualTo("Validate sign-up");
                var endpoint = (com.microsoft.graph.beta.models.HttpRequestEndpoint) e.getEndpointConfiguration();
                assertThat(endpoint.getTargetUrl()).isEqualTo("https://signup.example/validate");
                var auth = (com.microsoft.graph.beta.models.AzureAdTokenAuthentication) e.getAuthenticationConfiguration();
                assertThat(auth.getResourceId()).isEqualTo("api://signup.example/1");
                assertThat(unknown(e)).isEmpty();
                assertThat(unknown(endpoint)).isEmpty();
                assertThat(unknown(auth)).isEmpty();
            });
        }
    }
}
