package io.userflowsync.graph;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Settings;
import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.RecordedBatch;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.simulator.SimulatedTenant;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Graph client's JSON batching (json-batching.md) and its budget over real HTTP against the simulator, whose
 * $batch answers in reverse order, matches fault rules per request inside a batch and refuses what Graph refuses.
 */
class GraphClientBatchingTest {
    private static final String SECRET = "batching-test-secret";
    private static final Set<Step> BOTH = EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION);
    private static final SourceLocation HERE = new SourceLocation("flows.yaml", 1, 1);

    private SimulatedTenant tenant;
    private GraphSimulator simulator;
    private DefaultCamelContext camel;
    private final List<String> observed = new CopyOnWriteArrayList<>();
    private final List<String> budgetEvents = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        tenant = new SimulatedTenant("t-0001", "c-0001", SECRET);
        for (int i = 1; i <= 60; i++) {
            tenant.addConnector(connector(i), "Connector " + i, "https://x.example/" + i, "u", "p");
        }
        for (int i = 1; i <= 60; i++) {
            tenant.addFlow(flow(i));
        }
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        if (simulator != null) {
            simulator.close();
        }
    }

    private static String flow(int i) {
        return String.format(Locale.ROOT, "B2X_1_flow%02d", i);
    }

    private static String connector(int i) {
        return String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", i);
    }

    private GraphClient client(Map<String, String> extra) {
        return client(extra, false);
    }

    private GraphClient client(Map<String, String> extra, boolean oneShot) {
        if (simulator == null) {
            simulator = GraphSimulator.start(tenant, 0);
        }
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", simulator.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
        env.put("AZURE_TENANT_ID", tenant.tenantId());
        env.put("AZURE_CLIENT_ID", tenant.clientId());
        env.put("AZURE_CLIENT_SECRET", SECRET);
        env.put("GRAPH_MAX_ATTEMPTS", "3");
        env.putAll(extra);
        Settings settings = Settings.resolve(Map.of(), env, new Properties());
        return GraphConnection.open(camel, settings, SecretScrubber.of(settings), new GraphObserver() {
            @Override
            public void budgetSpent(Traffic traffic, int requests) {
                budgetEvents.add("spent " + traffic + " " + requests);
            }

            @Override
            public void budgetRefused(Traffic traffic, int requests) {
                budgetEvents.add("refused " + traffic + " " + requests);
            }

            @Override
            public void graphRequest(String method, OptionalInt status, Duration elapsed) {
                observed.add(method + " " + (status.isPresent() ? status.getAsInt() : "none"));
            }

            @Override
            public void tokenRequest(OptionalInt status, Duration elapsed) {
                observed.add("token");
            }

            @Override
            public void batchedRequest(String method, int status) {
                observed.add("  " + method + " " + status);
            }
        }, oneShot);
    }

    private GraphClient client() {
        return client(Map.of());
    }

    private static Map<String, Set<Step>> flows(int from, int to) {
        Map<String, Set<Step>> flows = new LinkedHashMap<>();
        for (int i = from; i <= to; i++) {
            flows.put(flow(i), BOTH);
        }
        return flows;
    }

    private static PlanChange bind(String flowId, Step step, String connectorId) {
        return new PlanChange(flowId, step, ChangeKind.BIND, Optional.empty(),
                Optional.of(new Connector(connectorId, "x")), HERE);
    }

    private static PlanChange unbind(String flowId, Step step) {
        return new PlanChange(flowId, step, ChangeKind.UNBIND, Optional.of(new Connector(connector(1), "x")),
                Optional.empty(), HERE);
    }

    private List<Integer> batchSizes() {
        return simulator.batches().stream().map(RecordedBatch::size).toList();
    }

    @Test
    void readsTravelTwentyToABatchAndEachAnswerFindsItsFlowWhateverOrderTheyComeIn() {
        for (int i = 1; i <= 45; i++) {
            tenant.bind(flow(i), "postAttributeCollection", connector(i));
        }
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 45));

        assertThat(batchSizes()).containsExactlyInAnyOrder(20, 20, 5);
        assertThat(simulator.batches()).allSatisfy(b -> assertThat(b.request().line()).isEqualTo("POST /v1.0/$batch"));
        assertThat(reads.keySet()).containsExactlyElementsOf(flows(1, 45).keySet());
        for (int i = 1; i <= 45; i++) {
            int n = i;
            assertThat(reads.get(flow(i)).flow()).as(flow(i)).hasValueSatisfying(f -> {
                assertThat(f.binding(Step.POST_ATTRIBUTE_COLLECTION)).contains(new Connector(connector(n),
                        "Connector " + n));
                assertThat(f.binding(Step.POST_FEDERATION_SIGNUP)).isEmpty();
            });
        }
    }

    @Test
    void aMixOf204And400And404AnswersBecomesEachChangesOwnResult() {
        GraphClient graph = client();
        List<PlanChange> changes = List.of(
                bind(flow(1), Step.POST_ATTRIBUTE_COLLECTION, connector(2)),
                bind(flow(2), Step.POST_ATTRIBUTE_COLLECTION, "00000000-0000-0000-0000-0000000000ff"),
                bind("B2X_1_gone", Step.POST_ATTRIBUTE_COLLECTION, connector(3)),
                unbind(flow(3), Step.POST_FEDERATION_SIGNUP));

        List<WriteOutcome> outcomes = graph.write(changes);

        assertThat(outcomes).extracting(WriteOutcome::change).containsExactlyElementsOf(changes);
        assertThat(outcomes.get(0).error()).isEmpty();
        assertThat(outcomes.get(1).error()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.code()).isEqualTo("BadRequest");
            assertThat(e.message()).contains("00000000-0000-0000-0000-0000000000ff");
            assertThat(e.requestId()).isPresent();
        });
        assertThat(outcomes.get(2).error()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(404);
            assertThat(e.code()).isEqualTo("ResourceNotFound");
        });
        assertThat(outcomes.get(3).error()).isEmpty();
        assertThat(tenant.binding(flow(1), "postAttributeCollection")).contains(connector(2));
        assertThat(batchSizes()).containsExactly(4);
        assertThat(observed).containsExactly("token", "POST 200", "  PUT 204", "  PUT 400", "  PUT 404",
                "  DELETE 204");
    }

    @Test
    void onlyTheThrottledRequestsAreSentAgainAndNotBeforeTheLargestRetryAfterAmongThem() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_flow02/apiConnectorConfiguration$", 1, 1));
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_flow04/apiConnectorConfiguration$", 1, 2));
        GraphClient graph = client();
        graph.beginRun();

        long start = System.nanoTime();
        Map<String, FlowRead> reads = graph.readBindings(flows(1, 5));
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).as(r.flowId()).isPresent());
        assertThat(simulator.batches()).hasSize(2);
        assertThat(simulator.batches().get(1).inner()).extracting(RecordedRequest::path)
                .containsExactlyInAnyOrder("/v1.0/identity/b2xUserFlows/B2X_1_flow02/apiConnectorConfiguration",
                        "/v1.0/identity/b2xUserFlows/B2X_1_flow04/apiConnectorConfiguration");
        assertThat(took).as("the largest Retry-After is 2 s").isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        assertThat(graph.throttleWait()).isGreaterThan(Duration.ofMillis(1500)).isLessThanOrEqualTo(took);
        assertThat(observed).filteredOn(o -> o.equals("  GET 429")).hasSize(2);
    }

    @Test
    void aBatchAnswered503AsAWholeIsSentAgainWhole() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(FaultRule.transientError("POST", "/\\$batch$", 503, 1));
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 3));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).isPresent());
        assertThat(simulator.batches()).extracting(b -> b.request().status()).containsExactly(503, 200);
        assertThat(simulator.batches().get(1).size()).isEqualTo(3);
    }

    @Test
    void aBatchThatKeepsFailingIsThatFailureForEachRequestInIt() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(new FaultRule("POST", Pattern.compile("/\\$batch$"), 503, 3, Optional.of(0),
                "ServiceUnavailable"));
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 2));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.error()).hasValueSatisfying(e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.code()).isEqualTo("ServiceUnavailable");
        }));
        assertThat(simulator.batches()).hasSize(3);
    }

    @Test
    void moreThanTwentyWritesAreSplitAndTwoWritesToOneFlowNeverTravelTogether() {
        GraphClient graph = client();
        List<PlanChange> changes = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            changes.add(bind(flow(i), Step.POST_FEDERATION_SIGNUP, connector(i)));
            changes.add(bind(flow(i), Step.POST_ATTRIBUTE_COLLECTION, connector(i + 1)));
        }

        List<WriteOutcome> outcomes = graph.write(changes);

        assertThat(outcomes).allMatch(WriteOutcome::accepted);
        assertThat(batchSizes()).containsExactlyInAnyOrder(20, 5, 20, 5);
        List<RecordedBatch> batches = simulator.batches();
        Map<String, Integer> firstWriteBatch = new HashMap<>();
        for (int b = 0; b < batches.size(); b++) {
            List<String> flowsInBatch = batches.get(b).inner().stream().map(r -> r.path().split("/")[4]).toList();
            assertThat(flowsInBatch).as("batch " + b).doesNotHaveDuplicates();
            for (RecordedRequest r : batches.get(b).inner()) {
                String flowId = r.path().split("/")[4];
                if (r.path().contains("postFederationSignup")) {
                    firstWriteBatch.put(flowId, b);
                } else {
                    assertThat(firstWriteBatch.get(flowId)).as(flowId + "'s first write came in an earlier batch")
                            .isLessThan(b);
                }
            }
        }
        for (int i = 1; i <= 25; i++) {
            assertThat(tenant.bindings(flow(i))).containsEntry("postFederationSignup", connector(i))
                    .containsEntry("postAttributeCollection", connector(i + 1));
        }
    }

    @Test
    void b2cFlowsAreReadUnderBetaAndNeverShareABatchWithV1Flows() {
        tenant.addFlow("B2C_1_susi").bind("B2C_1_susi", "postAttributeCollection", connector(7));
        GraphClient graph = client();
        Map<String, Set<Step>> both = new LinkedHashMap<>(flows(1, 2));
        both.put("B2C_1_susi", EnumSet.of(Step.POST_ATTRIBUTE_COLLECTION));

        Map<String, FlowRead> reads = graph.readBindings(both);

        assertThat(reads.get("B2C_1_susi").flow()).hasValueSatisfying(f ->
                assertThat(f.binding(Step.POST_ATTRIBUTE_COLLECTION)).map(Connector::id).contains(connector(7)));
        assertThat(simulator.batches()).extracting(b -> b.request().line() + " " + b.size())
                .containsExactlyInAnyOrder("POST /v1.0/$batch 2", "POST /beta/$batch 1");
    }

    @Test
    void aRefusedDeleteIsWrittenAgainWithPutEmptyBodyAndLaterUnbindsUsePutAtOnce() {
        tenant.bind(flow(1), "postFederationSignup", connector(1)).bind(flow(1), "postAttributeCollection",
                connector(1)).bind(flow(2), "postFederationSignup", connector(1));
        tenant.refuseDeleteRef(true);
        GraphClient graph = client();

        List<WriteOutcome> outcomes = graph.write(List.of(unbind(flow(1), Step.POST_FEDERATION_SIGNUP),
                unbind(flow(1), Step.POST_ATTRIBUTE_COLLECTION), unbind(flow(2), Step.POST_FEDERATION_SIGNUP)));

        assertThat(outcomes).allMatch(WriteOutcome::accepted);
        assertThat(tenant.bindings(flow(1))).isEmpty();
        assertThat(tenant.bindings(flow(2))).isEmpty();
        assertThat(simulator.batches()).extracting(b -> b.inner().stream()
                        .map(r -> r.method() + " " + r.path().replaceAll(".*b2xUserFlows/", ""))
                        .sorted().collect(Collectors.joining(", ")))
                .containsExactly(
                        "DELETE B2X_1_flow01/apiConnectorConfiguration/postFederationSignup/$ref, "
                                + "DELETE B2X_1_flow02/apiConnectorConfiguration/postFederationSignup/$ref",
                        "PUT B2X_1_flow01/apiConnectorConfiguration/postFederationSignup/$ref, "
                                + "PUT B2X_1_flow02/apiConnectorConfiguration/postFederationSignup/$ref",
                        "PUT B2X_1_flow01/apiConnectorConfiguration/postAttributeCollection/$ref");
    }

    @Test
    void aRequestAnswered401InsideABatchGetsOneFreshTokenAndOneMoreTry() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(new FaultRule("GET", Pattern.compile("/B2X_1_flow01/apiConnectorConfiguration$"), 401, 1,
                Optional.empty(), "InvalidAuthenticationToken"));
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 2));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).isPresent());
        assertThat(simulator.requests()).filteredOn(r -> r.path().endsWith("/token")).hasSize(2);
        assertThat(batchSizes()).containsExactly(2, 1);
    }

    @Test
    void aBatchAnswered401AsAWholeIsSentAgainWithAFreshToken() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(new FaultRule("POST", Pattern.compile("/\\$batch$"), 401, 1, Optional.empty(),
                "InvalidAuthenticationToken"));
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 2));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).isPresent());
        assertThat(simulator.requests()).filteredOn(r -> r.path().endsWith("/token")).hasSize(2);
        assertThat(simulator.batches()).extracting(b -> b.request().status() + " " + b.size())
                .containsExactly("401 0", "200 2");
    }

    @Test
    void aRequestAnswered401AgainAfterAFreshTokenIsThatFailure() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(new FaultRule("GET", Pattern.compile("/B2X_1_flow01/apiConnectorConfiguration$"), 401, 2,
                Optional.empty(), "InvalidAuthenticationToken"));
        GraphClient graph = client();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 2));

        assertThat(reads.get(flow(1)).error()).map(GraphError::status).contains(401);
        assertThat(reads.get(flow(2)).flow()).isPresent();
        assertThat(batchSizes()).containsExactly(2, 1);
    }

    @Test
    void theFailedDependencyOfAChainIsAClearFailureNamingWhatFailedBeforeIt() {
        GraphClient graph = client();
        String missing = "/identity/b2xUserFlows/B2X_1_gone/apiConnectorConfiguration/postFederationSignup/$ref";
        String ref = "/identity/b2xUserFlows/" + flow(1) + "/apiConnectorConfiguration/";
        var body = GraphCaller.JSON.createObjectNode().put("@odata.id",
                "https://graph.microsoft.com/v1.0/identity/apiConnectors/" + connector(5));

        Map<String, BatchResult> results = graph.batches().send(List.of(
                BatchRequest.of("a", "PUT", "v1.0", missing, Optional.of(body)),
                BatchRequest.of("b", "PUT", "v1.0", ref + "postFederationSignup/$ref", Optional.of(body))
                        .dependingOn("a"),
                BatchRequest.of("c", "PUT", "v1.0", ref + "postAttributeCollection/$ref", Optional.of(body))
                        .dependingOn("b")));

        assertThat(results.get("a")).isInstanceOfSatisfying(BatchResult.Answered.class,
                a -> assertThat(a.answer().status()).isEqualTo(404));
        for (String id : List.of("b", "c")) {
            assertThat(results.get(id)).as(id).isInstanceOfSatisfying(BatchResult.Failed.class, f -> {
                assertThat(f.error().status()).isEqualTo(424);
                assertThat(f.error().message()).startsWith("not run, because the request it depends on failed (");
            });
        }
        assertThat(((BatchResult.Failed) results.get("b")).error().message()).contains("HTTP 404 ResourceNotFound");
        assertThat(((BatchResult.Failed) results.get("c")).error().message()).contains("HTTP 424");
        assertThat(tenant.bindings(flow(1))).isEmpty();
        assertThat(batchSizes()).containsExactly(3);
    }

    @Test
    void aChainWhoseHeadIsThrottledIsSentAgainFromItsHeadWithItsFollowers() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(FaultRule.throttling("PUT", "/B2X_1_flow01/.*/postFederationSignup/\\$ref$", 1, 0));
        GraphClient graph = client();
        String ref = "/identity/b2xUserFlows/" + flow(1) + "/apiConnectorConfiguration/";
        var body = GraphCaller.JSON.createObjectNode().put("@odata.id",
                "https://graph.microsoft.com/v1.0/identity/apiConnectors/" + connector(5));

        Map<String, BatchResult> results = graph.batches().send(List.of(
                BatchRequest.of("a", "PUT", "v1.0", ref + "postFederationSignup/$ref", Optional.of(body)),
                BatchRequest.of("b", "PUT", "v1.0", ref + "postAttributeCollection/$ref", Optional.of(body))
                        .dependingOn("a"),
                BatchRequest.of("lone", "GET", "v1.0", "/identity/b2xUserFlows/" + flow(2), Optional.empty())));

        assertThat(results.values()).allSatisfy(r -> assertThat(r).isInstanceOfSatisfying(BatchResult.Answered.class,
                a -> assertThat(a.answer().ok()).isTrue()));
        assertThat(tenant.bindings(flow(1))).containsEntry("postFederationSignup", connector(5))
                .containsEntry("postAttributeCollection", connector(5));
        // The chain travels alone (a batch is fully sequential or fully parallel), the lone request on its own.
        assertThat(simulator.batches()).extracting(b -> b.inner().stream().map(r -> r.status() + "")
                        .collect(Collectors.joining(",")))
                .containsExactlyInAnyOrder("200", "429,424", "204,204");
    }

    @Test
    void neverMoreRequestsInFlightThanTheConcurrencyAllowsYetThatManyAtOnce() throws Exception {
        simulator = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(200));
        GraphClient graph = client(Map.of("GRAPH_MAX_CONCURRENCY", "2"));
        graph.listConnectors();
        simulator.clearRequests();

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 60));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).isPresent());
        assertThat(batchSizes()).containsExactly(20, 20, 20);
        assertThat(simulator.maxInFlight()).isEqualTo(2);
    }

    @Test
    void theBudgetPerMinuteMakesBatchesNoLargerThanItselfAndTheOldSettingStillSetsIt() {
        GraphClient graph = client(Map.of("GRAPH_QUOTA_PER_MINUTE", "1000"));
        graph.readBindings(flows(1, 30));
        assertThat(batchSizes()).containsExactlyInAnyOrder(20, 10);

        simulator.clearRequests();
        GraphClient capped = client(Map.of("GRAPH_QUOTA_PER_MINUTE", "8", "SYNC_SCAN_PER_MINUTE", "4"));
        capped.readBindings(flows(1, 8));
        assertThat(batchSizes()).containsExactly(8);

        simulator.clearRequests();
        GraphClient old = client(Map.of("GRAPH_MAX_REQUESTS_PER_MINUTE", "7", "SYNC_SCAN_PER_MINUTE", "4"));
        assertThat(old.budget().quotaPerMinute()).as("graph.max-requests-per-minute, deprecated").isEqualTo(7);
        old.readBindings(flows(1, 7));
        assertThat(batchSizes()).containsExactly(7);
    }

    @Test
    void aRequestGraphRefusesInsideABatchIsCountedInTheBudgetOnItsOwn() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_flow02/apiConnectorConfiguration$", 1, 0));
        simulator.inject(FaultRule.throttling("GET", "/B2X_1_flow04/apiConnectorConfiguration$", 1, 0));
        GraphClient graph = client();
        graph.beginRun(Traffic.SCAN);

        Map<String, FlowRead> reads = graph.readBindings(flows(1, 5));

        assertThat(reads.values()).allSatisfy(r -> assertThat(r.flow()).isPresent());
        GraphBudget budget = graph.budget();
        assertThat(budget.refusedThisRun()).isEqualTo(2);
        assertThat(budget.spentThisRun()).as("5 requests, then the 2 refused again").isEqualTo(7);
        assertThat(budget.scanSpentLastMinute()).isEqualTo(7);
        assertThat(budget.spentLastMinute()).isEqualTo(7);
        assertThat(budget.ceilingPerMinute()).as("7 got through: too few to blame other apps").isEqualTo(200);
        assertThat(budgetEvents).containsExactly("spent SCAN 5", "refused SCAN 2", "spent SCAN 2");
        assertThat(simulator.batches()).extracting(b -> b.inner().stream().filter(r -> r.status() == 429).count())
                .containsExactly(2L, 0L);

        graph.beginRun();
        graph.readBindings(flows(6, 6));
        assertThat(graph.budget().refusedThisRun()).isZero();
        assertThat(graph.budget().refusedSinceStart()).isEqualTo(2);
        assertThat(graph.budget().scanSpentLastMinute()).as("a push run is priority traffic").isEqualTo(7);
        assertThat(graph.budget().spentSinceStart()).isEqualTo(8);
    }

    @Test
    void aBatchAnswered429AsAWholeRefusesEveryRequestInIt() {
        simulator = GraphSimulator.start(tenant, 0);
        simulator.inject(new FaultRule("POST", Pattern.compile("/\\$batch$"), 429, 1, Optional.of(0),
                "TooManyRequests"));
        GraphClient graph = client();
        graph.beginRun();

        graph.readBindings(flows(1, 3));

        assertThat(graph.budget().refusedThisRun()).isEqualTo(3);
        assertThat(graph.budget().spentThisRun()).isEqualTo(6);
        assertThat(budgetEvents).containsExactly("spent PRIORITY 3", "refused PRIORITY 3", "spent PRIORITY 3");
    }

    @Test
    void aOneShotCommandPacesAtTheQuotaLessTheScanShareAndTheDaemonAtTheWholeQuota() {
        GraphClient daemon = client(Map.of());
        GraphClient cli = client(Map.of(), true);
        GraphClient unpaced = client(Map.of("GRAPH_QUOTA_PER_MINUTE", "0"), true);

        assertThat(daemon.budget()).extracting(GraphBudget::quotaPerMinute, GraphBudget::ceilingPerMinute,
                GraphBudget::scanPerMinute, GraphBudget::scanCeilingPerMinute).containsExactly(200, 200, 60, 60);
        assertThat(cli.budget().ceilingPerMinute()).isEqualTo(140);
        assertThat(cli.budget().quotaPerMinute()).isEqualTo(200);
        assertThat(daemon.scanRoom()).isEqualTo(60);
        assertThat(unpaced.budget().paced()).isFalse();
        assertThat(unpaced.scanRoom()).isEqualTo(Integer.MAX_VALUE);
    }
    @Test
    void throttlingIsLoggedOnceARunAtWarn() {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger gateLog = (Logger) LoggerFactory.getLogger(RequestGate.class);
        logs.start();
        gateLog.addAppender(logs);
        try {
            simulator = GraphSimulator.start(tenant, 0);
            GraphClient graph = client();
            graph.beginRun();
            simulator.inject(FaultRule.throttling("GET", "/apiConnectorConfiguration$", 1, 0));
            graph.readBindings(flows(1, 1));
            simulator.inject(FaultRule.throttling("GET", "/apiConnectorConfiguration$", 1, 0));
            graph.readBindings(flows(2, 2));
            assertThat(logs.list).singleElement().satisfies(e -> {
                assertThat(e.getLevel()).isEqualTo(Level.WARN);
                assertThat(e.getFormattedMessage()).startsWith("Graph is throttling (HTTP 429)");
            });

            graph.beginRun();
            simulator.inject(FaultRule.throttling("GET", "/apiConnectorConfiguration$", 1, 0));
            graph.readBindings(flows(3, 3));

            assertThat(logs.list).as("the next run says it again").hasSize(2);
        } finally {
            gateLog.detachAppender(logs);
        }
    }
}
