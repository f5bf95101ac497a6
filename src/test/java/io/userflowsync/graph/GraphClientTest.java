package io.userflowsync.graph;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Settings;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Graph client over real HTTP (camel-http) against the simulated tenant. */
class GraphClientTest {
    private static final String SECRET = "graph-client-test-secret";
    private SimulatedTenant tenant;
    private GraphSimulator simulator;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        tenant = new SimulatedTenant("t-0001", "c-0001", SECRET);
        for (int i = 1; i <= 7; i++) {
            tenant.addConnector("00000000-0000-0000-0000-00000000000" + i, "Connector " + i, "https://x.example/" + i, "u", "p" + i);
        }
        for (int i = 1; i <= 5; i++) {
            tenant.addFlow("B2X_1_flow" + i);
        }
        tenant.pageSize(2);
        simulator = GraphSimulator.start(tenant, 0);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        simulator.close();
    }

    private Map<String, String> environment(String secret) {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", simulator.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
        env.put("AZURE_TENANT_ID", tenant.tenantId());
        env.put("AZURE_CLIENT_ID", tenant.clientId());
        env.put("AZURE_CLIENT_SECRET", secret);
        env.put("GRAPH_MAX_ATTEMPTS", "3");
        return env;
    }

    private GraphClient client(String secret) {
        return GraphConnection.open(camel, Settings.resolve(Map.of(), environment(secret), new Properties()));
    }

    /** What a {@link GraphObserver} was told, one line per request: {@code graph GET 200} or {@code token none}. */
    private static final class RecordingObserver implements GraphObserver {
        final List<String> requests = new CopyOnWriteArrayList<>();

        @Override
        public void graphRequest(String method, OptionalInt status, Duration elapsed) {
            assertThat(elapsed).isPositive();
            requests.add("graph " + method + " " + (status.isPresent() ? status.getAsInt() : "none"));
        }

        @Override
        public void tokenRequest(OptionalInt status, Duration elapsed) {
            requests.add("token " + (status.isPresent() ? status.getAsInt() : "none"));
        }
    }

    private long count(String pathSuffix) {
        return simulator.requests().stream().filter(r -> r.path().endsWith(pathSuffix)).count();
    }

    @Test
    void listsFollowNextLinkToTheLastPage() throws Exception {
        GraphClient graph = client(SECRET);

        List<Connector> connectors = graph.listConnectors();
        Set<String> flows = graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X));

        assertThat(connectors).hasSize(7).extracting(Connector::displayName).contains("Connector 1", "Connector 7");
        assertThat(flows).containsExactly("B2X_1_flow1", "B2X_1_flow2", "B2X_1_flow3", "B2X_1_flow4", "B2X_1_flow5");
        assertThat(count("/identity/apiConnectors")).isEqualTo(4);
        assertThat(count("/identity/b2xUserFlows")).isEqualTo(3);
    }

    @Test
    void theTokenIsFetchedOnceAndReused() throws Exception {
        GraphClient graph = client(SECRET);

        graph.listConnectors();
        graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X));
        graph.readBindings(Map.of("B2X_1_flow1", EnumSet.of(Step.POST_ATTRIBUTE_COLLECTION)));

        assertThat(count("/oauth2/v2.0/token")).isEqualTo(1);
    }

    @Test
    void aRejectedTokenIsReplacedOnce() throws Exception {
        GraphClient graph = client(SECRET);
        graph.listConnectors();
        simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/b2xUserFlows"), 401, 1, Optional.empty(),
                "InvalidAuthenticationToken"));

        assertThat(graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X))).hasSize(5);
        assertThat(count("/oauth2/v2.0/token")).isEqualTo(2);
    }

    @Test
    void readsBoundAndUnboundStepsAndReportsAMissingFlowOnItsOwn() {
        tenant.bind("B2X_1_flow1", "postAttributeCollection", "00000000-0000-0000-0000-000000000003");
        GraphClient graph = client(SECRET);

        Map<String, FlowRead> reads = graph.readBindings(Map.of(
                "B2X_1_flow1", EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION),
                "B2X_1_gone", EnumSet.of(Step.POST_ATTRIBUTE_COLLECTION)));

        FlowRead flow1 = reads.get("B2X_1_flow1");
        assertThat(flow1.flow()).hasValueSatisfying(f -> {
            assertThat(f.binding(Step.POST_ATTRIBUTE_COLLECTION)).contains(
                    new Connector("00000000-0000-0000-0000-000000000003", "Connector 3"));
            assertThat(f.binding(Step.POST_FEDERATION_SIGNUP)).isEmpty();
        });
        assertThat(reads.get("B2X_1_gone").error()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.requestId()).isPresent();
        });
    }

    @Test
    void aWrongSecretIsAnErrorThatNamesTheClientButNotTheSecret() {
        GraphClient graph = client("not-the-" + SECRET);

        assertThatThrownBy(graph::listConnectors)
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("c-0001").hasMessageContaining("401").hasMessageContaining("invalid_client")
                .hasMessageNotContaining(SECRET);
    }

    @Test
    void transientFailuresAreRetriedUntilAttemptsRunOut() {
        GraphClient graph = client(SECRET);
        simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/apiConnectors"), 503, 5, Optional.of(0),
                "serviceNotAvailable"));

        assertThatThrownBy(graph::listConnectors).isInstanceOf(GraphException.class).hasMessageContaining("503");
        assertThat(count("/identity/apiConnectors")).as("GRAPH_MAX_ATTEMPTS=3").isEqualTo(3);
    }

    @Test
    void theObserverIsToldOfEveryAttemptWithItsStatus() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        Settings settings = Settings.resolve(Map.of(), environment(SECRET), new Properties());
        GraphClient graph = GraphConnection.open(camel, settings, SecretScrubber.of(settings), observer);
        simulator.inject(FaultRule.throttling("GET", "/identity/b2xUserFlows$", 1, 0));

        graph.listUserFlowIds(EnumSet.of(UserFlowKind.B2X));

        assertThat(observer.requests).containsExactly("token 200", "graph GET 429", "graph GET 200", "graph GET 200",
                "graph GET 200");
    }

    @Test
    void aRequestThatGetsNoAnswerIsObservedWithoutAStatus() throws Exception {
        RecordingObserver observer = new RecordingObserver();
        Map<String, String> env = environment(SECRET);
        try (ServerSocket closed = new ServerSocket(0)) {
            env.put("GRAPH_ENDPOINT", "http://127.0.0.1:" + closed.getLocalPort());
        }
        Settings settings = Settings.resolve(Map.of(), env, new Properties());
        GraphClient graph = GraphConnection.open(camel, settings, SecretScrubber.of(settings), observer);

        assertThatThrownBy(graph::listConnectors).isInstanceOf(GraphException.class).hasMessageContaining("no HTTP answer");
        assertThat(observer.requests).containsExactly("token 200", "graph GET none", "graph GET none", "graph GET none");
    }

    /**
     * cookieManagementDisabled is a camel-http component option: given in the endpoint URI it was sent to Graph and
     * the token endpoint as a query parameter ({@code PUT .../$ref?cookieManagementDisabled=true}), and cookies were
     * kept after all.
     */
    @Test
    void aRequestCarriesOnlyTheQueryTheClientAskedFor() {
        GraphClient graph = client(SECRET);
        PlanChange bind = new PlanChange("B2X_1_flow1", Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.BIND,
                Optional.empty(), Optional.of(new Connector("00000000-0000-0000-0000-000000000002", "Connector 2")),
                new SourceLocation("flows.yaml", 1, 1));

        assertThat(graph.write(List.of(bind))).allMatch(WriteOutcome::accepted);

        assertThat(simulator.requests()).filteredOn(r -> r.method().equals("PUT"))
                .singleElement().satisfies(r -> assertThat(r.query()).isEmpty());
    }
}
