package io.userflowsync.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.graph.models.IdentityApiConnector;
import com.microsoft.graph.models.ReferenceUpdate;
import com.microsoft.graph.serviceclient.GraphServiceClient;
import io.userflowsync.config.Settings;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.simulator.SimulatedTenant;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every request the agent sends, as the simulator logged it, has the method and path of the request Microsoft's Graph
 * SDK for Java (generated from the official metadata) builds for the same operation. The agent's lines are what it
 * really sent, and the external tenant's paths come from the agent's own path builders, so a change of the agent's
 * paths fails here. docs/graph-sdk.md.
 */
class AgentPathsMatchSdkTest {
    private static final String SECRET = "sdk-paths-secret";
    private static final String CONNECTOR = "00000000-0000-0000-0000-000000000002";
    private static final String SECOND = "00000000-0000-0000-0000-000000000003";
    private static final SourceLocation HERE = new SourceLocation("flows.yaml", 1, 1);

    private final SimulatedTenant tenant = new SimulatedTenant("t-0001", "c-0001", SECRET)
            .addConnector(CONNECTOR, "Connector 2", "https://x.example/2", "u", "p")
            .addConnector(SECOND, "Connector 3", "https://x.example/3", "u", "p")
            .addFlow("B2X_1_flow1").addFlow("B2X_1_flow2").addFlow("B2C_1_susi")
            .bind("B2X_1_flow1", "postFederationSignup", CONNECTOR)
            .bind("B2X_1_flow2", "postFederationSignup", CONNECTOR);
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final GraphServiceClient sdk = SdkRequests.v1("http://127.0.0.1:1", "unused");
    private final com.microsoft.graph.beta.serviceclient.GraphServiceClient beta =
            SdkRequests.beta("http://127.0.0.1:1", "unused");

    @AfterEach
    void stop() {
        camel.stop();
        simulator.close();
    }

    private GraphClient agent() {
        camel.start();
        return GraphConnection.open(camel, Settings.resolve(Map.of(), Map.of(
                "GRAPH_ENDPOINT", simulator.baseUrl(), "AZURE_AUTHORITY_HOST", simulator.baseUrl(),
                "AZURE_TENANT_ID", tenant.tenantId(), "AZURE_CLIENT_ID", tenant.clientId(),
                "AZURE_CLIENT_SECRET", SECRET), new Properties()));
    }

    /** The agent's request as the simulator logged it, version and query split off. */
    private static SdkRequests.Line agentLine(RecordedRequest r) {
        String path = r.path().replaceFirst("^/(v1\\.0|beta)", "");
        return new SdkRequests.Line(r.method(), path, r.query());
    }

    private List<SdkRequests.Line> agentGraphLines() {
        List<SdkRequests.Line> lines = new ArrayList<>();
        for (RecordedRequest r : simulator.requests()) {
            if (!r.path().contains("/oauth2/") && !r.path().endsWith("/$batch")) {
                lines.add(agentLine(r));
            }
        }
        simulator.clearRequests();
        return lines;
    }

    @Test
    void theAgentsReadsOfFlowsAndConnectorsAreTheSdksRequests() throws Exception {
        GraphClient graph = agent();
        graph.listConnectors();
        graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X, UserFlowKind.B2C));
        Map<String, Set<Step>> reads = new LinkedHashMap<>();
        reads.put("B2X_1_flow1", EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION));
        reads.put("B2C_1_susi", EnumSet.of(Step.POST_ATTRIBUTE_COLLECTION));
        graph.readBindings(reads);

        var flow1 = sdk.identity().b2xUserFlows().byB2xIdentityUserFlowId("B2X_1_flow1").apiConnectorConfiguration();
        // Known difference: the beta SDK 6.55.0 has the property apiConnectorConfiguration on b2cIdentityUserFlow but
        // generates no request builder below b2cUserFlows/{id} for it (only identityProviders, languages,
        // userAttributeAssignments, userFlowIdentityProviders), although api-reference/beta/api/
        // b2cidentityuserflow-get-apiconnectorconfiguration.md documents GET .../b2cUserFlows/{id}/apiConnectorConfiguration
        // ?$expand=...: the agent's B2C read is the SDK's flow path plus that documented segment.
        SdkRequests.Line susiFlow = SdkRequests.line(
                beta.identity().b2cUserFlows().byB2cIdentityUserFlowId("B2C_1_susi").toGetRequestInformation());
        assertThat(agentGraphLines()).containsExactlyInAnyOrder(
                SdkRequests.line(sdk.identity().apiConnectors().toGetRequestInformation(
                        c -> c.queryParameters.select = new String[] {"id", "displayName"})),
                SdkRequests.line(sdk.identity().b2xUserFlows().toGetRequestInformation(
                        c -> c.queryParameters.select = new String[] {"id"})),
                SdkRequests.line(beta.identity().b2cUserFlows().toGetRequestInformation(
                        c -> c.queryParameters.select = new String[] {"id"})),
                SdkRequests.line(flow1.toGetRequestInformation(c -> c.queryParameters.expand =
                        new String[] {"postFederationSignup", "postAttributeCollection"})),
                new SdkRequests.Line("GET", susiFlow.path() + "/apiConnectorConfiguration",
                        "$expand=postAttributeCollection"));
    }

    @Test
    void theAgentsBindAndUnbindAreTheSdksReferenceRequests() throws Exception {
        GraphClient graph = agent();
        graph.write(List.of(change("B2X_1_flow1", Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.BIND)));
        graph.write(List.of(change("B2X_1_flow1", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND)));
        tenant.refuseDeleteRef(true);
        graph.write(List.of(change("B2X_1_flow2", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND)));

        var config1 = sdk.identity().b2xUserFlows().byB2xIdentityUserFlowId("B2X_1_flow1").apiConnectorConfiguration();
        var config2 = sdk.identity().b2xUserFlows().byB2xIdentityUserFlowId("B2X_1_flow2").apiConnectorConfiguration();
        assertThat(agentGraphLines()).containsExactly(
                SdkRequests.line(config1.postAttributeCollection().ref().toPutRequestInformation(new ReferenceUpdate())),
                SdkRequests.line(config1.postFederationSignup().ref().toDeleteRequestInformation()),
                SdkRequests.line(config2.postFederationSignup().ref().toDeleteRequestInformation()),
                // the documented fallback: the same $ref with PUT and the body {}
                SdkRequests.line(config2.postFederationSignup().ref().toPutRequestInformation(new ReferenceUpdate())));
    }

    @Test
    void theAgentsConnectorWritesAreTheSdksRequests() throws Exception {
        GraphClient graph = agent();
        ObjectNode body = GraphCaller.JSON.createObjectNode().put("displayName", "New").put("targetUrl",
                "https://x.example/new");
        body.putObject("authenticationConfiguration").put("@odata.type", "#microsoft.graph.basicAuthentication")
                .put("username", "u").put("password", "new-password");
        graph.listConnectorDetails();
        graph.createConnector(body);
        graph.updateConnector(SECOND, GraphCaller.JSON.createObjectNode().put("displayName", "Renamed"));
        graph.deleteConnector(SECOND);

        var connectors = sdk.identity().apiConnectors();
        List<SdkRequests.Line> lines = agentGraphLines();
        assertThat(lines.get(0).path()).isEqualTo(SdkRequests.line(connectors.toGetRequestInformation()).path());
        assertThat(lines.get(0).method()).isEqualTo("GET");
        assertThat(lines.subList(1, lines.size())).containsExactly(
                SdkRequests.line(connectors.toPostRequestInformation(new IdentityApiConnector())),
                SdkRequests.line(connectors.byIdentityApiConnectorId(SECOND)
                        .toPatchRequestInformation(new IdentityApiConnector())),
                SdkRequests.line(connectors.byIdentityApiConnectorId(SECOND).toDeleteRequestInformation()));
    }

    @Test
    void theAgentsExternalTenantPathsAreTheSdksRequests() throws Exception {
        String flow = "0313cc37-d421-421d-857b-a1b4f4e2b5e0";
        String listener = "990d94e5-cc8f-4c4b-97b4-27e2678aac28";
        String extension = "6fc5012e-7665-43d6-9708-4370863f4e6e";
        var identity = sdk.identity();
        assertThat(EventsFlowRequests.flowPath(flow)).isEqualTo(SdkRequests.line(identity
                .authenticationEventsFlows().byAuthenticationEventsFlowId(flow).toGetRequestInformation()).path());
        assertThat(ListenerRequests.listenerPath(listener)).isEqualTo(SdkRequests.line(identity
                .authenticationEventListeners().byAuthenticationEventListenerId(listener)
                .toPatchRequestInformation(new com.microsoft.graph.models.AuthenticationEventListener())).path());
        assertThat(ListenerRequests.listenerPath(listener)).startsWith(
                SdkRequests.line(identity.authenticationEventListeners().toGetRequestInformation()).path() + "/");

        // the extensions' list, as the agent sends it (this workforce tenant's app lacks the permission: the 403
        // does not matter, the request line does)
        try {
            agent().listExtensions();
        } catch (GraphException expected) {
            assertThat(expected.getMessage()).contains("403");
        }
        assertThat(agentGraphLines()).extracting(SdkRequests.Line::path).containsExactly(
                SdkRequests.line(identity.customAuthenticationExtensions().toGetRequestInformation()).path());
        assertThat(SdkRequests.line(identity.customAuthenticationExtensions()
                .byCustomAuthenticationExtensionId(extension).validateAuthenticationConfiguration()
                .toPostRequestInformation()).path())
                .isEqualTo("/identity/customAuthenticationExtensions/" + extension
                        + "/validateAuthenticationConfiguration");
    }

    @Test
    void theAgentsExternalTenantRequestsAreTheSdksRequests() throws Exception {
        String flow = "0313cc37-d421-421d-857b-a1b4f4e2b5e0";
        String submit = "6fc5012e-7665-43d6-9708-4370863f4e6e";
        String app = "7a3f1c2e-9b4d-4e8a-b6c5-2d1e0f9a8b7c";
        SimulatedTenant external = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", SECRET)
                .addCustomExtension(submit, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example/1")
                .addExternalFlow(flow, "Customer sign-up");
        external.app().grantPermissions(io.userflowsync.simulator.AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        try (GraphSimulator externalSim = GraphSimulator.start(external, 0)) {
            camel.start();
            GraphClient graph = GraphConnection.open(camel, Settings.resolve(Map.of(), Map.of(
                    "GRAPH_ENDPOINT", externalSim.baseUrl(), "AZURE_AUTHORITY_HOST", externalSim.baseUrl(),
                    "AZURE_TENANT_ID", external.tenantId(), "AZURE_CLIENT_ID", external.clientId(),
                    "AZURE_CLIENT_SECRET", SECRET), new Properties()));
            graph.listExtensions();
            graph.validateExtension(submit);
            Map<String, Set<Step>> reads = new LinkedHashMap<>();
            reads.put(flow, EnumSet.of(Step.ON_ATTRIBUTE_COLLECTION_SUBMIT));
            reads.put(UserFlowKind.APPLICATION_PREFIX + app, EnumSet.of(Step.ON_TOKEN_ISSUANCE_START));
            graph.readBindings(reads);

            List<String> sent = new ArrayList<>();
            for (RecordedRequest r : externalSim.requests()) {
                if (!r.path().contains("/oauth2/") && !r.path().endsWith("/$batch")) {
                    SdkRequests.Line line = agentLine(r);
                    sent.add(line.method() + " " + line.path());
                }
            }
            var identity = sdk.identity();
            var betaIdentity = beta.identity();
            assertThat(sent).containsExactlyInAnyOrder(
                    methodAndPath(identity.customAuthenticationExtensions().toGetRequestInformation()),
                    methodAndPath(identity.customAuthenticationExtensions().byCustomAuthenticationExtensionId(submit)
                            .validateAuthenticationConfiguration().toPostRequestInformation()),
                    methodAndPath(betaIdentity.authenticationEventsFlows().byAuthenticationEventsFlowId(flow)
                            .toGetRequestInformation()),
                    methodAndPath(identity.authenticationEventListeners().toGetRequestInformation()));
        }
    }

    private static String methodAndPath(com.microsoft.kiota.RequestInformation info) {
        SdkRequests.Line line = SdkRequests.line(info);
        return line.method() + " " + line.path();
    }

    private static PlanChange change(String flowId, Step step, ChangeKind kind) {
        Optional<Connector> connector = Optional.of(new Connector(CONNECTOR, "Connector 2"));
        return new PlanChange(flowId, step, kind, kind == ChangeKind.BIND ? Optional.empty() : connector,
                kind == ChangeKind.UNBIND ? Optional.empty() : connector, HERE);
    }
}
