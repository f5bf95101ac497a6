package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.scan.RunScope;
import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.source.TestRemote;
import io.userflowsync.trigger.WebhookSignature;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon from Git against a tenant large enough that reading it takes many runs: a pushed change is read,
 * written and read back on its own, first, whatever the scan is doing; a revision whose changes cannot be computed
 * makes a full pass and says why; the scan's cursor outlives a restart.
 */
class TargetedReconcileTest {
    private static final String SECRET = "whsec-targeted-7c1d";
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final String CONNECTOR_A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final String CONNECTOR_B = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";
    private static final int FLOWS = 400;

    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;
    private int port;
    private boolean unlimited;
    private final HttpClient http = HttpClient.newHttpClient();

    private static String flowId(int i) {
        return String.format(Locale.ROOT, "B2X_1_flow%04d", i);
    }

    /** Every flow calls A after attribute collection, except the ones {@code onB} names, which call B. */
    private static String desired(int... onB) {
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            int flow = i;
            boolean b = java.util.Arrays.stream(onB).anyMatch(x -> x == flow);
            yaml.append("  ").append(flowId(i)).append(":\n    postAttributeCollection: {id: ")
                    .append(b ? CONNECTOR_B : CONNECTOR_A).append("}\n");
        }
        return yaml.toString();
    }

    @BeforeEach
    void start() throws Exception {
        remote = TestRemote.create(tmp, "identity-config");
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(CONNECTOR_A, "Check partner domain", "https://partner.example/check", "api", "pw-1")
                .addConnector(CONNECTOR_B, "Enrich partner profile", "https://partner.example/enrich", "api", "pw-2");
        for (int i = 0; i < FLOWS; i++) {
            tenant.addFlow(flowId(i));
            tenant.bind(flowId(i), "postAttributeCollection", CONNECTOR_A);
        }
        t = TestTenant.of(tenant);
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
    }

    /** What these tests look at needs every flow read more than once: without the quota it takes seconds. */
    private void liftQuota() {
        t.simulator.quota(GraphQuota.unlimited());
        unlimited = true;
    }

    private AgentRuntime daemon(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_GIT_URL", remote.fileUrl());
        env.put("SYNC_GIT_PATH", "tenants/prod");
        env.put("SYNC_GIT_WORK_DIR", tmp.resolve("work").toString());
        env.put("SYNC_SCHEDULE", NEVER);
        env.put("SYNC_WEBHOOK_SECRET", SECRET);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(port));
        if (unlimited) {
            env.put("GRAPH_MAX_REQUESTS_PER_MINUTE", "0");
        }
        env.putAll(extra);
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    private void push() throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                        + "/hooks/git")).POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Content-Type", "application/json")
                .header(WebhookSignature.GITHUB_HEADER, WebhookSignature.gitHubSignature(body, SECRET)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(answer.statusCode()).isEqualTo(202);
    }

    /** The daemon's runs, oldest first. */
    private static List<SyncRun> runs(AgentRuntime daemon) {
        List<SyncRun> runs = new ArrayList<>(daemon.status().recent().stream().map(RunStatus.FinishedRun::run)
                .toList());
        java.util.Collections.reverse(runs);
        return runs;
    }

    private static SyncRun awaitRun(AgentRuntime daemon, Predicate<SyncRun> wanted, Duration within)
            throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<SyncRun> found = runs(daemon).stream().filter(wanted).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no such run within " + within + "; runs: " + describe(runs(daemon)));
    }

    /** Each run as {@code KIND reason → result}: what an assertion shows when it fails (a run itself is huge). */
    private static List<String> describe(List<SyncRun> runs) {
        return runs.stream().map(r -> r.scope().kind() + " " + r.scope().scope().reason() + " → " + r.result())
                .toList();
    }

    private static Predicate<SyncRun> kind(RunScope.Kind kind) {
        return r -> r.scope().kind() == kind;
    }

    private static Predicate<SyncRun> passCompleted() {
        return r -> r.scope().kind() == RunScope.Kind.PASS && r.scope().scope().reason().contains(FLOWS + " of " + FLOWS);
    }

    /** Graph's quota on (the simulator's default): 400 flows take the app's quota for two minutes to read. */
    @Test
    void aPushDuringAFullPassIsAppliedBeforeThePassEnds() throws Exception {
        remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        try (AgentRuntime daemon = daemon(Map.of())) {
            SyncRun first = awaitRun(daemon, kind(RunScope.Kind.PASS), Duration.ofSeconds(30));
            assertThat(first.scope().scope().reason()).contains("full pass", "no run on record", "of " + FLOWS);
            assertThat(first.applied()).as("a slice only reads").isEmpty();

            RevCommit change = remote.commit("flow0123 calls B", Map.of("tenants/prod/flows.yaml", desired(123)));
            push();

            SyncRun targeted = awaitRun(daemon, kind(RunScope.Kind.TARGETED), Duration.ofSeconds(30));
            assertThat(targeted.requireDesired().source().commitId()).contains(change.name());
            assertThat(targeted.scope().scope().flows()).contains(java.util.Set.of(flowId(123)));
            assertThat(targeted.scope().scope().reason()).contains("changes 1 flow");
            assertThat(targeted.applied()).isPresent();
            assertThat(t.tenant.binding(flowId(123), "postAttributeCollection")).contains(CONNECTOR_B);
            List<SyncRun> all = runs(daemon);
            assertThat(describe(all.subList(0, all.indexOf(targeted)))).as("the pass had not ended before")
                    .noneMatch(d -> d.contains(FLOWS + " of " + FLOWS));
        }
    }

    /**
     * A tenant too large for one run at the scan budget rolls from one sweep into the next without waiting for the
     * schedule, so that every flow is verified once per F ÷ sync.scan-per-minute minutes and not a schedule later.
     */
    @Test
    void aSweepTooLargeForOneRunIsFollowedByTheNextAtOnceWithoutASchedule() throws Exception {
        liftQuota();
        remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        try (AgentRuntime daemon = daemon(Map.of("SYNC_SCAN_PER_MINUTE", "1000"))) { // slices of 100
            awaitRun(daemon, passCompleted(), Duration.ofSeconds(60));
            SyncRun last = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.SCAN
                    && r.scope().scope().reason().contains("flows 301–400 of " + FLOWS), Duration.ofSeconds(30));
            SyncRun again = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.SCAN
                    && r.startedAt().isAfter(last.startedAt())
                    && r.scope().scope().reason().contains("flows 1–100 of " + FLOWS), Duration.ofSeconds(30));

            assertThat(again.applied()).as("a slice only reads").isEmpty();
        }
    }

    @Test
    void twoPushesInARowAreEachReadAloneAndAForcePushMakesAFullPass() throws Exception {
        liftQuota();
        RevCommit base = remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        try (AgentRuntime daemon = daemon(Map.of())) {
            awaitRun(daemon, passCompleted(), Duration.ofSeconds(60));
            int seen = runs(daemon).size();

            remote.commit("flow0007 calls B", Map.of("tenants/prod/flows.yaml", desired(7)));
            push();
            awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED
                    && r.scope().scope().covers(flowId(7)), Duration.ofSeconds(30));
            remote.commit("flow0008 calls B too", Map.of("tenants/prod/flows.yaml", desired(7, 8)));
            push();
            SyncRun second = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED
                    && r.scope().scope().covers(flowId(8)), Duration.ofSeconds(30));

            assertThat(second.scope().scope().flows()).contains(java.util.Set.of(flowId(8)));
            assertThat(t.tenant.binding(flowId(7), "postAttributeCollection")).contains(CONNECTOR_B);
            assertThat(t.tenant.binding(flowId(8), "postAttributeCollection")).contains(CONNECTOR_B);
            assertThat(describe(runs(daemon).subList(seen, runs(daemon).size()))).noneMatch(d -> d.startsWith("PASS"));

            remote.forcePush(base, "Rewritten: flow0009 calls B", Map.of("tenants/prod/flows.yaml", desired(9)));
            push();
            SyncRun rewritten = awaitRun(daemon, r -> r.scope().scope().reason().contains("does not descend"),
                    Duration.ofSeconds(30));
            assertThat(rewritten.scope().kind()).isEqualTo(RunScope.Kind.PASS);
            assertThat(rewritten.scope().scope().reason()).contains("history was rewritten");
            awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED
                    && r.scope().scope().covers(flowId(9)), Duration.ofSeconds(60));
            assertThat(t.tenant.binding(flowId(9), "postAttributeCollection")).contains(CONNECTOR_B);
            assertThat(t.tenant.binding(flowId(7), "postAttributeCollection")).contains(CONNECTOR_A);
        }
    }

    @Test
    void theScanCursorOutlivesARestart() throws Exception {
        liftQuota();
        remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        String lastBeforeStop;
        try (AgentRuntime daemon = daemon(Map.of())) {
            awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.PASS
                    && r.scope().scope().reason().contains("flows 101–150"), Duration.ofSeconds(30));
            lastBeforeStop = runs(daemon).get(runs(daemon).size() - 1).scope().scope().reason();
        }
        try (AgentRuntime daemon = daemon(Map.of())) {
            SyncRun first = awaitRun(daemon, r -> true, Duration.ofSeconds(30));
            assertThat(first.scope().kind()).isEqualTo(RunScope.Kind.PASS);
            assertThat(first.scope().scope().reason()).as("after " + lastBeforeStop)
                    .doesNotContain("flows 1–50 ").contains("no run on record");
        }
    }

    @Test
    void aGuardHoldsATargetedRunAndNoSliceWritesWhatItHeld() throws Exception {
        liftQuota();
        remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        try (AgentRuntime daemon = daemon(Map.of("SYNC_MAX_CHANGES", "3"))) {
            awaitRun(daemon, passCompleted(), Duration.ofSeconds(60));
            remote.commit("Five flows call B", Map.of("tenants/prod/flows.yaml", desired(1, 2, 3, 4, 5)));
            push();

            SyncRun held = awaitRun(daemon, kind(RunScope.Kind.TARGETED), Duration.ofSeconds(30));
            assertThat(held.result().outcome().label()).as(held.result().toString()).isEqualTo("held");
            assertThat(held.requirePlan().guards().trips()).singleElement()
                    .satisfies(trip -> assertThat(trip.managedSteps()).isEqualTo(FLOWS));
            for (int i = 1; i <= 5; i++) {
                assertThat(t.tenant.binding(flowId(i), "postAttributeCollection")).contains(CONNECTOR_A);
            }
        }
    }
}
