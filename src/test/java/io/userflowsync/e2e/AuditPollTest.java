package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.scan.RunScope;
import io.userflowsync.simulator.AuditActor;
import io.userflowsync.simulator.AuditRecord;
import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.source.LogCapture;
import io.userflowsync.source.TestRemote;
import io.userflowsync.trigger.WebhookSignature;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon reads the directory audit log for changes made outside it (sync.audit-poll): a portal change is undone
 * by a targeted run of its flow, without waiting for the rolling scan; the agent's own writes start nothing; without
 * AuditLog.Read.All it warns once and stops asking.
 */
class AuditPollTest {
    private static final String SECRET = "whsec-audit-3b9e";
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final String CONNECTOR_A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final String CONNECTOR_B = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";
    private static final String STEP = "postAttributeCollection";
    private static final int FLOWS = 300;

    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;
    private int port;
    private final HttpClient http = HttpClient.newHttpClient();

    private static String flowId(int i) {
        return String.format(Locale.ROOT, "B2X_1_flow%04d", i);
    }

    private static String desired(int... onB) {
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            int flow = i;
            boolean b = java.util.Arrays.stream(onB).anyMatch(x -> x == flow);
            yaml.append("  ").append(flowId(i)).append(":\n    ").append(STEP).append(": {id: ")
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
            tenant.bind(flowId(i), STEP, CONNECTOR_A);
        }
        t = TestTenant.of(tenant);
        port = Replicas.freePort();
        remote.commit("Every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
    }

    private AgentRuntime daemon(boolean unlimited, Map<String, String> extra) throws Exception {
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

    /**
     * A daemon that has read every flow once, restarted with Graph's quota on and a rolling scan so slow (one flow
     * a minute: a sweep of 300 minutes) that only a targeted run can undo a change within the test. The first
     * daemon reads without the quota, to be done in seconds.
     */
    private AgentRuntime scannedDaemonUnderTheQuota(Map<String, String> extra) throws Exception {
        t.simulator.quota(GraphQuota.unlimited());
        try (AgentRuntime first = daemon(true, Map.of("SYNC_AUDIT_POLL", "off"))) {
            awaitRun(first, r -> r.scope().kind() == RunScope.Kind.PASS
                    && r.scope().scope().reason().contains(FLOWS + " of " + FLOWS), Duration.ofSeconds(90));
        }
        t.simulator.quota(GraphQuota.published());
        Map<String, String> env = new HashMap<>(Map.of("SYNC_SCAN_PER_MINUTE", "1"));
        env.putAll(extra);
        AgentRuntime daemon = daemon(false, env);
        awaitRun(daemon, r -> true, Duration.ofSeconds(30));
        return daemon;
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

    private static List<String> describe(List<SyncRun> runs) {
        return runs.stream().map(r -> r.scope().kind() + " " + r.scope().scope().reason() + " → " + r.result())
                .toList();
    }

    private List<RecordedRequest> auditRequests() {
        return t.simulator.requests().stream().filter(r -> r.path().endsWith("/auditLogs/directoryAudits")).toList();
    }

    @Test
    void aPortalUnbindIsUndoneByATargetedRunOfThatFlowAfterTheAuditPollNotByAScan() throws Exception {
        t.tenant.auditDelay(Duration.ofSeconds(3)); // shows after a newer poll would have asked from a later time
        try (AgentRuntime daemon = scannedDaemonUnderTheQuota(Map.of())) {
            int before = runs(daemon).size();
            t.tenant.unbindOutside(flowId(150), STEP, AuditActor.user("alice@contoso.com"), Instant.now());

            SyncRun undone = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED,
                    Duration.ofSeconds(60));

            assertThat(undone.scope().scope().flows()).contains(Set.of(flowId(150)));
            assertThat(undone.applied()).isPresent();
            assertThat(t.tenant.binding(flowId(150), STEP)).contains(CONNECTOR_A);
            List<SyncRun> since = runs(daemon).subList(before, runs(daemon).size());
            assertThat(since).as(describe(since).toString()).noneMatch(r -> r.scope().kind() == RunScope.Kind.FULL
                    || r.scope().kind() == RunScope.Kind.FULL_SCAN || r.scope().kind() == RunScope.Kind.PASS);
            assertThat(auditRequests()).allMatch(r -> r.query().contains("activityDateTime ge"));
            assertThat(auditRequests()).as("the audit polls stay inside Graph's reports quota")
                    .isNotEmpty().noneMatch(r -> r.status() == 429);
        }
    }

    @Test
    void theAgentsOwnWritesInTheAuditLogStartNoRunOfTheirOwn() throws Exception {
        try (AgentRuntime daemon = scannedDaemonUnderTheQuota(Map.of("SYNC_AUDIT_POLL", "3s"))) {
            remote.commit("flow0007 calls B", Map.of("tenants/prod/flows.yaml", desired(7)));
            push();
            SyncRun pushed = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED,
                    Duration.ofSeconds(60));
            assertThat(pushed.applied()).isPresent();
            assertThat(t.tenant.auditLog()).as("the agent's write is in the audit log")
                    .anyMatch(r -> r.flowId().equals(flowId(7)) && r.actor().appId().equals(t.tenant.clientId()));
            int polled = auditRequests().size();

            Replicas.await("two audit polls after the agent's write", Duration.ofSeconds(30),
                    () -> auditRequests().size() >= polled + 2);

            List<SyncRun> all = runs(daemon);
            List<SyncRun> after = all.subList(all.indexOf(pushed) + 1, all.size());
            assertThat(after).as(describe(after).toString()).noneMatch(r -> r.scope().kind() == RunScope.Kind.TARGETED);
            assertThat(t.tenant.auditLog().stream().map(AuditRecord::flowId)).containsOnly(flowId(7));
        }
    }

    @Test
    void withoutAuditLogReadAllTheDaemonWarnsOnceStopsAskingAndKeepsReconciling() throws Exception {
        t.tenant.grantAuditLogRead(false);
        t.simulator.quota(GraphQuota.unlimited());
        try (LogCapture logs = new LogCapture();
             AgentRuntime daemon = daemon(true, Map.of("SYNC_AUDIT_POLL", "1s"))) {
            Replicas.await("the first audit poll", Duration.ofSeconds(60), () -> !auditRequests().isEmpty());
            assertThat(auditRequests().get(0).status()).isEqualTo(403);

            Thread.sleep(4_000); // four more polls' worth of 1 s

            assertThat(auditRequests()).as("asked once, not every second").hasSize(1);
            assertThat(logs.lines()).filteredOn(l -> l.startsWith("WARN") && l.contains("AuditWatcher"))
                    .singleElement().satisfies(l -> assertThat(l).contains("AuditLog.Read.All",
                            "found only by the rolling scan"));

            remote.commit("flow0007 calls B", Map.of("tenants/prod/flows.yaml", desired(7)));
            push();
            SyncRun pushed = awaitRun(daemon, r -> r.scope().kind() == RunScope.Kind.TARGETED,
                    Duration.ofSeconds(60));
            assertThat(pushed.result().outcome().success()).as(pushed.result().toString()).isTrue();
            assertThat(t.tenant.binding(flowId(7), STEP)).contains(CONNECTOR_B);
        }
    }
}
