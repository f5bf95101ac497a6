package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.trigger.WebhookSignature;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Report-only (issue 8, item 2): with {@code sync.mode=report}, or while the desired state says {@code suspend: true},
 * every trigger (the run at start, the schedule, the push webhook, the CLI's {@code apply}) reads and plans against
 * the simulated tenant and writes nothing, and {@code /status}, the plan and the metrics show the drift and why
 * nothing is written.
 */
class ReportOnlyModeTest {
    private static final String WEBHOOK_SECRET = "whsec-report-only-7d2c";
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    /** Why the agent is report-only. */
    enum Why {
        SETTING("report", "setting", "report-only (sync.mode=report)"),
        SUSPENDED("report", "suspended", "report-only (suspended by the desired state at FILE:1)");

        final String mode;
        final String reason;
        private final String description;

        Why(String mode, String reason, String description) {
            this.mode = mode;
            this.reason = reason;
            this.description = description;
        }

        /** Where the desired state says {@code suspend: true} is named as the file was given. */
        String description(Path dir) {
            return description.replace("FILE", dir.resolve("flows.yaml").toString());
        }
    }

    @TempDir
    Path dir;
    private TestTenant t;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void tenant() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void close() {
        t.close();
    }

    /** The desired state with drift (4 changes); suspended when {@code why} says so. */
    private Path desired(Why why) throws Exception {
        return TestTenant.desired(dir, (why == Why.SUSPENDED ? "suspend: true\n" : "") + ReconcileCommandsTest.DESIRED);
    }

    private Map<String, String> env(Why why, String schedule, int httpPort, int management) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_DESIRED_PATH", desired(why).toString());
        if (why == Why.SETTING) {
            env.put("SYNC_MODE", "report");
        }
        env.put("SYNC_SCHEDULE", schedule);
        env.put("SYNC_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
        return env;
    }

    @ParameterizedTest
    @EnumSource(Why.class)
    void theRunAtStartAndAPushPlanAndReportButNeverWrite(Why why) throws Exception {
        int port = Replicas.freePort();
        int management = Replicas.freePort();
        try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(),
                env(why, NEVER, port, management), new Properties()), Optional.empty())) {
            Replicas.await("the run at start", () -> !daemon.status().recent().isEmpty());
            NotifyBuilder pushed = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1)
                    .create();
            byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> push = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/hooks/git")).header("Content-Type", "application/json")
                    .header(WebhookSignature.GITHUB_HEADER, WebhookSignature.gitHubSignature(body, WEBHOOK_SECRET))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(push.statusCode()).isEqualTo(202);
            assertThat(pushed.matches(30, TimeUnit.SECONDS)).as("a run after the push").isTrue();
            Replicas.await("the pushed run recorded", () -> daemon.status().recent().size() >= 2);

            assertThat(t.writes()).isEmpty();
            assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection"))
                    .contains(ReconcileCommandsTest.LEGACY);
            for (RunStatus.FinishedRun run : daemon.status().recent()) {
                assertThat(run.run().result().outcome()).isEqualTo(RunResult.Outcome.DRIFT);
                assertThat(run.run().result().reason()).isEqualTo("4 changes to make; not written: the agent is "
                        + why.description(dir));
            }

            JsonNode status = new ObjectMapper().readTree(get(port, "/status"));
            assertThat(status.at("/mode/mode").asText()).isEqualTo(why.mode);
            assertThat(status.at("/mode/reason").asText()).isEqualTo(why.reason);
            assertThat(status.at("/mode/description").asText()).isEqualTo(why.description(dir));
            assertThat(status.at("/drift/steps").asInt()).isEqualTo(4);
            assertThat(status.at("/drift/byFlow/B2X_1_partner_signup").asInt()).isEqualTo(2);
            assertThat(status.at("/drift/byFlow/B2X_1_customers").asInt()).isEqualTo(1);
            assertThat(status.at("/drift/byFlow/B2X_1_contractors").asInt()).isEqualTo(1);
            assertThat(status.at("/runs/0/result").asText()).isEqualTo("drift");
            assertThat(status.at("/runs/0/writeMode").asText()).isEqualTo(why.description(dir));
            assertThat(status.at("/runs/0/apply").asText()).startsWith("nothing written (report-only); applied 0");

            String metrics = get(management, "/observe/metrics");
            assertThat(metrics)
                    .containsPattern("(?m)^userflow_sync_mode\\{mode=\"" + why.mode + "\",reason=\"" + why.reason
                            + "\"} 1\\.0$")
                    .containsPattern("(?m)^userflow_sync_drift_steps_by_flow\\{flow=\"B2X_1_partner_signup\"} 2\\.0$")
                    .containsPattern("(?m)^userflow_sync_drift_steps_by_flow\\{flow=\"B2X_1_contractors\"} 1\\.0$")
                    .containsPattern("userflow_sync_runs_total\\{[^}]*mode=\"apply\",result=\"drift\"[^}]*} 2\\.0")
                    .doesNotContain("userflow_sync_changes_total")
                    .doesNotContain("B2X_1_employees");
            assertThat(metrics.lines().filter(l -> l.startsWith("userflow_sync_mode{"))).hasSize(1);
            // a report-only agent does what it was told: healthy, drift or not
            assertThat(httpGet(management, "/observe/health").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void theScheduleWritesNothingWhileSuspended() throws Exception {
        try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(),
                env(Why.SUSPENDED, "1s", Replicas.freePort(), Replicas.freePort()), new Properties()), Optional.empty())) {
            Replicas.await("the run at start and two scheduled runs", () -> daemon.status().recent().size() >= 3);

            assertThat(daemon.status().recent()).allSatisfy(r ->
                    assertThat(r.run().result().outcome()).isEqualTo(RunResult.Outcome.DRIFT));
            assertThat(t.writes()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Why.class)
    void theCliApplyWritesNothingSaysWhyAndExitsWithTheDriftCode(Why why) throws Exception {
        String[] args = why == Why.SETTING
                ? new String[]{"apply", "--desired", desired(why).toString(), "--set", "sync.mode=report", "--force"}
                : new String[]{"apply", "--desired", desired(why).toString(), "--force"};

        TestTenant.Result apply = t.run(args);

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(2);
        assertThat(t.writes()).as("--force overrides the guards, never report-only").isEmpty();
        assertThat(apply.out()).contains("Mode: " + why.description(dir) + ": nothing is written")
                .contains("Nothing was written: the agent is " + why.description(dir) + ".")
                .contains("Apply: nothing written (report-only); applied 0, verified 0, not effective 0, unverified 0,"
                        + " failed 0, skipped 4.");

        TestTenant.Result plan = t.run(why == Why.SETTING
                ? new String[]{"plan", "--desired", desired(why).toString(), "--set", "sync.mode=report"}
                : new String[]{"plan", "--desired", desired(why).toString()});
        assertThat(plan.exitCode()).isEqualTo(2);
        assertThat(plan.out()).contains("Mode: " + why.description(dir));
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void suspendFalseWritesAsUsual() throws Exception {
        TestTenant.Result apply = t.run("apply", "--desired",
                TestTenant.desired(dir, "suspend: false\n" + ReconcileCommandsTest.DESIRED).toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).hasSize(4);
        assertThat(apply.out()).doesNotContain("Mode:");
    }

    private String get(int port, String path) {
        HttpResponse<String> response = httpGet(port, path);
        assertThat(response.statusCode()).as(path).isEqualTo(200);
        return response.body();
    }

    private HttpResponse<String> httpGet(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }
}
