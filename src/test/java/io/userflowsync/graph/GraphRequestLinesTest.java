package io.userflowsync.graph;

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
 * Issue 7 item 5: every kind of call goes out with exactly the request line the agent means (method, path, query),
 * as the simulator's log keeps it: no option of the HTTP client leaks into a URL (camel-http sends an endpoint
 * option it does not know, such as cookieManagementDisabled, to the server as a query parameter).
 */
class GraphRequestLinesTest {
    private static final String CONNECTOR = "00000000-0000-0000-0000-000000000002";
    private static final String FLOW = "/identity/b2xUserFlows/B2X_1_flow1/apiConnectorConfiguration";
    private static final String FLOW2 = "/identity/b2xUserFlows/B2X_1_flow2/apiConnectorConfiguration";
    private static final SourceLocation HERE = new SourceLocation("flows.yaml", 1, 1);

    private final SimulatedTenant tenant = new SimulatedTenant("t-0001", "c-0001", "request-lines-secret")
            .addConnector(CONNECTOR, "Connector 2", "https://x.example/2", "u", "p")
            .addFlow("B2X_1_flow1").addFlow("B2X_1_flow2").addFlow("B2C_1_susi")
            .bind("B2X_1_flow1", "postFederationSignup", CONNECTOR)
            .bind("B2X_1_flow2", "postFederationSignup", CONNECTOR);
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final DefaultCamelContext camel = new DefaultCamelContext();

    @AfterEach
    void stop() {
        camel.stop();
        simulator.close();
    }

    @Test
    void eachKindOfCallCarriesExactlyTheMethodPathAndQueryItMeans() throws Exception {
        camel.start();
        GraphClient graph = GraphConnection.open(camel, Settings.resolve(Map.of(), Map.of(
                "GRAPH_ENDPOINT", simulator.baseUrl(), "AZURE_AUTHORITY_HOST", simulator.baseUrl(),
                "AZURE_TENANT_ID", tenant.tenantId(), "AZURE_CLIENT_ID", tenant.clientId(),
                "AZURE_CLIENT_SECRET", "request-lines-secret"), new Properties()));
        Map<String, Set<Step>> reads = new LinkedHashMap<>();
        reads.put("B2X_1_flow1", EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION));
        reads.put("B2C_1_susi", EnumSet.of(Step.POST_ATTRIBUTE_COLLECTION));

        graph.listConnectors();
        graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X, UserFlowKind.B2C));
        graph.readBindings(reads);
        graph.write(List.of(change("B2X_1_flow1", Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.BIND)));
        graph.write(List.of(change("B2X_1_flow1", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND)));
        tenant.refuseDeleteRef(true);
        graph.write(List.of(change("B2X_1_flow2", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND)));

        List<String> calls = calls(simulator.requests());
        assertThat(calls).hasSize(10);
        assertThat(calls.subList(0, 4)).containsExactly(
                "POST /t-0001/oauth2/v2.0/token 200",
                "GET /v1.0/identity/apiConnectors?$select=id,displayName 200",
                "GET /v1.0/identity/b2xUserFlows?$select=id 200",
                "GET /beta/identity/b2cUserFlows?$select=id 200");
        assertThat(calls.subList(4, 6)).as("v1.0 and beta reads go side by side").containsExactlyInAnyOrder(
                "POST /v1.0/$batch 200 | GET " + FLOW + "?$expand=postFederationSignup,postAttributeCollection 200",
                "POST /beta/$batch 200 | GET /identity/b2cUserFlows/B2C_1_susi/apiConnectorConfiguration"
                        + "?$expand=postAttributeCollection 200");
        assertThat(calls.subList(6, 10)).containsExactly(
                "POST /v1.0/$batch 200 | PUT " + FLOW + "/postAttributeCollection/$ref 204",
                "POST /v1.0/$batch 200 | DELETE " + FLOW + "/postFederationSignup/$ref 204",
                "POST /v1.0/$batch 200 | DELETE " + FLOW2 + "/postFederationSignup/$ref 405",
                "POST /v1.0/$batch 200 | PUT " + FLOW2 + "/postFederationSignup/$ref 204");
        assertThat(tenant.bindings("B2X_1_flow2")).as("the PUT carried {}").isEmpty();
        assertThat(simulator.requests()).noneMatch(r -> r.line().contains("cookie") || r.line().contains("Timeout"));
    }

    /** One line per HTTP request, a $batch followed by the requests inside it: {@code POST /v1.0/$batch 200 | GET ...}. */
    private static List<String> calls(List<RecordedRequest> log) {
        List<String> calls = new ArrayList<>();
        for (RecordedRequest r : log) {
            String line = r.line() + " " + r.status();
            if (r.insideBatch()) {
                calls.set(calls.size() - 1, calls.get(calls.size() - 1) + " | " + line);
            } else {
                calls.add(line);
            }
        }
        return calls;
    }

    private static PlanChange change(String flowId, Step step, ChangeKind kind) {
        Optional<Connector> connector = Optional.of(new Connector(CONNECTOR, "Connector 2"));
        return new PlanChange(flowId, step, kind, kind == ChangeKind.BIND ? Optional.empty() : connector,
                kind == ChangeKind.UNBIND ? Optional.empty() : connector, HERE);
    }
}
