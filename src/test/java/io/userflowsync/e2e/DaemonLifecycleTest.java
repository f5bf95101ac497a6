package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.source.TestRemote;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's life as an operator sees it: a run at start, readiness that waits for it, health and metrics that
 * follow each run's one result, and runs that always end in a recorded result. Real Quartz, real HTTP servers,
 * the simulated tenant over loopback, real Git repositories.
 */
class DaemonLifecycleTest {
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;
    private TestTenant t;
    private int management;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void tenant() throws Exception {
        t = TestTenant.demoLike();
        management = Replicas.freePort();
    }

    @AfterEach
    void close() {
        t.close();
    }

    private Map<String, String> env(String schedule) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_SCHEDULE", schedule);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
        return env;
    }

    private Map<String, String> envWithFolder(String schedule) throws Exception {
        Map<String, String> env = env(schedule);
        env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        return env;
    }

    private static AgentRuntime daemon(Map<String, String> env) throws Exception {
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    @Test
    void theDaemonReconcilesWhenItStartsWithoutWaitingForACronTick() throws Exception {
        try (AgentRuntime daemon = daemon(envWithFolder(NEVER))) {
            Replicas.await("a run at start", () -> !daemon.status().recent().isEmpty());

            SyncRun first = daemon.status().last().orElseThrow();
            assertThat(first.result().outcome()).isEqualTo(RunResult.Outcome.APPLIED);
            assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
            assertThat(get("/observe/metrics").body())
                    .containsPattern("userflow_sync_runs_total\\{[^}]*result=\"applied\"[^}]*} 1\\.0")
                    .containsPattern("(?m)^userflow_sync_last_success_timestamp_seconds(\\{[^}]*})? 1\\.[0-9]+E9$");
        }
    }

    @Test
    void anIntervalScheduleRunsOnceAtStartAndThenEveryInterval() throws Exception {
        try (AgentRuntime daemon = daemon(envWithFolder("6s"))) {
            Replicas.await("a second run, one interval after the run at start", () -> daemon.status().recent().size() >= 2);

            List<RunStatus.FinishedRun> runs = daemon.status().recent();
            RunStatus.FinishedRun first = runs.get(runs.size() - 1);
            SyncRun second = runs.get(runs.size() - 2).run();
            // Had the interval's trigger fired at start as well, or counted from before Quartz started, the second
            // run would have been queued during the first and begun the moment it ended, well inside one interval of
            // the first run's start. Measured from that start, not from the first run's end: under a loaded build the
            // run at start can take longer than the interval, and the tick that comes due meanwhile waits its turn.
            // The interval counts from when the schedule starts, and the run at start begins up to a second or so
            // after that (its own Quartz trigger), so the two starts are about 5 s apart, not 6 (seen in CI: 4.997 s).
            assertThat(Duration.between(first.run().startedAt(), second.startedAt()))
                    .isGreaterThan(Duration.ofSeconds(3));
            assertThat(first.run().result().outcome()).isEqualTo(RunResult.Outcome.APPLIED);
            assertThat(second.result().outcome()).isEqualTo(RunResult.Outcome.IN_SYNC);
        }
    }

    @Test
    void readinessIsDownUntilTheFirstRunHasFinishedThenUp() throws Exception {
        // Graph throttles the connector listing for 3 s, so the first run is still going when readiness is asked.
        t.simulator.inject(FaultRule.throttling("GET", "/identity/apiConnectors$", 1, 3));
        try (AgentRuntime daemon = daemon(envWithFolder(NEVER))) {
            Replicas.await("the management server", () -> get("/observe/health/live").statusCode() == 200);
            assertThat(daemon.status().recent()).isEmpty();
            HttpResponse<String> before = get("/observe/health/ready");

            Replicas.await("the first run", () -> !daemon.status().recent().isEmpty());
            HttpResponse<String> after = get("/observe/health/ready");

            assertThat(before.statusCode()).isEqualTo(503);
            assertThat(before.body()).contains("userflow-sync-first-run").contains("waiting for the first run");
            assertThat(after.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void aRunFromTheLastGoodRevisionIsDegradedNotASuccessAndHealthSaysWhy() throws Exception {
        try (TestRemote remote = TestRemote.create(dir, "identity-config")) {
            remote.commit("Bind partner checks", Map.of("tenants/prod/flows.yaml", ReconcileCommandsTest.DESIRED));
            Map<String, String> env = env("1s");
            env.put("SYNC_GIT_URL", remote.fileUrl());
            env.put("SYNC_GIT_PATH", "tenants/prod");
            env.put("SYNC_GIT_WORK_DIR", dir.resolve("work").toString());
            try (AgentRuntime daemon = daemon(env)) {
                Replicas.await("a successful run", () -> daemon.status().last().map(r -> r.result().outcome().success())
                        .orElse(false));
                assertThat(get("/observe/health").statusCode()).isEqualTo(200);

                RevCommit bad = remote.commit("Typo", Map.of("tenants/prod/flows.yaml", "userFlows: [\n"));
                Replicas.await("a run from the last good revision", () -> daemon.status().last()
                        .map(r -> r.fallback().isPresent()).orElse(false));
                String successAt = lastSuccess(get("/observe/metrics").body());
                // two more fallback runs, each a chance for the last-success gauge to move if it were going to
                int runs = daemon.status().recent().size();
                Replicas.await("two more runs", () -> daemon.status().recent().size() >= Math.min(runs + 2, 20));

                SyncRun last = daemon.status().last().orElseThrow();
                assertThat(last.result().outcome()).isEqualTo(RunResult.Outcome.DEGRADED);
                assertThat(last.result().reason()).contains("last good revision");
                String metrics = get("/observe/metrics").body();
                assertThat(metrics).containsPattern("userflow_sync_runs_total\\{[^}]*result=\"degraded\"[^}]*} [1-9]");
                assertThat(lastSuccess(metrics)).isEqualTo(successAt);
                HttpResponse<String> health = get("/observe/health?exposureLevel=full");
                assertThat(health.statusCode()).isEqualTo(503);
                assertThat(health.body()).contains("degraded").contains(bad.name().substring(0, 7));
                JsonNode status = new ObjectMapper().readTree(get(daemon, "/status").body());
                assertThat(status.at("/runs/0/result").asText()).isEqualTo("degraded");
            }
        }
    }

    @Test
    void aRunThatBreaksOnAnUnexpectedErrorIsRecordedAsFailed() throws Exception {
        Map<String, String> env = envWithFolder(NEVER);
        // A Graph endpoint the HTTP client cannot turn into a URI: the run breaks on an exception no stage expects.
        env.put("GRAPH_ENDPOINT", t.simulator.baseUrl() + "/a|b");
        try (AgentRuntime daemon = daemon(env)) {
            Replicas.await("a recorded run", () -> !daemon.status().recent().isEmpty());

            SyncRun run = daemon.status().last().orElseThrow();
            assertThat(run.result().outcome()).isEqualTo(RunResult.Outcome.FAILED);
            assertThat(run.result().reason()).contains("unexpected error").doesNotContain("Exception");
            assertThat(get("/observe/metrics").body())
                    .containsPattern("userflow_sync_runs_total\\{[^}]*result=\"failed\"[^}]*} 1\\.0");
            JsonNode status = new ObjectMapper().readTree(get(daemon, "/status").body());
            assertThat(status.at("/runs/0/result").asText()).isEqualTo("failed");
            assertThat(t.writes()).isEmpty();
        }
    }

    private static String lastSuccess(String metrics) {
        return metrics.lines().filter(l -> l.startsWith("userflow_sync_last_success_timestamp_seconds"))
                .findFirst().orElseThrow();
    }

    private HttpResponse<String> get(String path) {
        return get(management, path);
    }

    private HttpResponse<String> get(AgentRuntime daemon, String path) throws Exception {
        int port = Integer.parseInt(daemon.camel().getPropertiesComponent().resolveProperty("camel.server.port")
                .orElseThrow());
        return get(port, path);
    }

    private HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }
}
