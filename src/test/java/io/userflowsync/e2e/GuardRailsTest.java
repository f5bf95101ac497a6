package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Guard rails end to end (issue 8, item 1): a desired state that would unbind 12 steps (a broken commit) is refused
 * with no write by {@code plan}, {@code apply} and the daemon, each saying which limit, the count and how to proceed;
 * {@code apply --force} writes it; the daemon never overrides and tries again on its next run. Real commands, real
 * Camel routes and Quartz, the simulated tenant over HTTP.
 */
class GuardRailsTest {
    private static final String LEGACY = ReconcileCommandsTest.LEGACY;
    private static final int FLOWS = 6;

    @TempDir
    Path dir;
    private TestTenant t;

    /** Six flows with both steps bound to the legacy hook (12 bindings), and one flow nobody manages. */
    @BeforeEach
    void tenant() {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(LEGACY, "Legacy CRM hook", "https://crm.example/hook", "api", "pw-legacy-4");
        tenant.addConnector(ReconcileCommandsTest.CHECK, "Check partner domain", "https://partner.example/check",
                "api", "pw-check-1");
        for (int i = 0; i < FLOWS; i++) {
            tenant.addFlow(flow(i));
            tenant.bind(flow(i), "postFederationSignup", LEGACY);
            tenant.bind(flow(i), "postAttributeCollection", LEGACY);
        }
        tenant.addFlow("B2X_1_unmanaged");
        tenant.bind("B2X_1_unmanaged", "postAttributeCollection", LEGACY);
        t = TestTenant.of(tenant);
    }

    @AfterEach
    void close() {
        t.close();
    }

    private static String flow(int i) {
        return String.format(Locale.ROOT, "B2X_1_flow%d", i);
    }

    /** Unbinds both steps of the first {@code flows} flows: {@code 2 * flows} unbinds. */
    private Path unbinding(int flows) throws Exception {
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < flows; i++) {
            yaml.append("  ").append(flow(i)).append(":\n    postFederationSignup: null\n")
                    .append("    postAttributeCollection: null\n");
        }
        return TestTenant.desired(dir, yaml.toString());
    }

    private long bound() {
        long n = 0;
        for (int i = 0; i < FLOWS; i++) {
            n += t.tenant.bindings(flow(i)).size();
        }
        return n;
    }

    @Test
    void aPlanThatWouldUnbindTwelveStepsSaysWhichLimitTheCountAndHowToProceedAndExitsOne() throws Exception {
        TestTenant.Result plan = t.run("plan", "--desired", unbinding(6).toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.out()).contains("Held back by guards (none of the changes above is written):")
                .contains("! 12 unbinds, over sync.max-unbinds=10")
                .contains("To proceed, raise sync.max-unbinds, split the change into smaller commits, or run"
                        + " 'apply --force' once");
        assertThat(plan.out().lines().filter(l -> l.startsWith("  - unbind"))).as("every change still shown")
                .hasSize(12);
        assertThat(plan.err()).contains("error: apply would write nothing: 12 unbinds, over sync.max-unbinds=10");
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void applyRefusesTheWholePlanWithNoWriteAndForceAppliesItOnce() throws Exception {
        Path desired = unbinding(6);

        TestTenant.Result refused = t.run("apply", "--desired", desired.toString());

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(t.writes()).as("not even the changes under the limit").isEmpty();
        assertThat(bound()).isEqualTo(12);
        assertThat(refused.err()).contains("error: nothing was written: 12 unbinds, over sync.max-unbinds=10; to"
                + " proceed, raise sync.max-unbinds");
        assertThat(refused.out()).contains("Nothing was written: 12 unbinds, over sync.max-unbinds=10")
                .contains("Apply: nothing written (held back by guards); applied 0,");

        TestTenant.Result forced = t.run("apply", "--desired", desired.toString(), "--force");

        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(t.writes()).hasSize(12);
        assertThat(bound()).isZero();
        assertThat(t.tenant.bindings("B2X_1_unmanaged")).as("an unmanaged flow is never touched").hasSize(1);
        assertThat(forced.out()).contains("Over the guards' limits, written anyway (--force, this run only):")
                .contains("verified 12");

        t.simulator.clearRequests();
        TestTenant.Result again = t.run("apply", "--desired", desired.toString());
        assertThat(again.exitCode()).as("--force was for that run only; nothing is left to write").isZero();
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void theLimitsAreSettingsAsCountsOrPercentagesAndExactlyAtTheLimitIsWritten() throws Exception {
        Path desired = unbinding(6);

        TestTenant.Result percent = t.run("apply", "--desired", desired.toString(), "--set", "sync.max-unbinds=50%",
                "--output", "json");
        assertThat(percent.exitCode()).isEqualTo(1);
        JsonNode json = new ObjectMapper().readTree(percent.out());
        assertThat(json.path("result").asText()).isEqualTo("held");
        assertThat(json.at("/guards/tripped/0/message").asText())
                .isEqualTo("12 unbinds, over sync.max-unbinds=50% (6 of 12 managed steps)");
        assertThat(json.at("/apply/refused").asText()).startsWith("12 unbinds, over sync.max-unbinds=50%");
        assertThat(t.writes()).isEmpty();

        TestTenant.Result changes = t.run("apply", "--desired", desired.toString(), "--set", "sync.max-unbinds=12",
                "--set", "sync.max-changes=11");
        assertThat(changes.exitCode()).isEqualTo(1);
        assertThat(changes.out()).contains("12 changes, over sync.max-changes=11").doesNotContain("over sync.max-unbinds");
        assertThat(t.writes()).isEmpty();

        TestTenant.Result atTheLimit = t.run("apply", "--desired", desired.toString(), "--set", "sync.max-unbinds=100%",
                "--set", "sync.max-changes=12");
        assertThat(atTheLimit.exitCode()).as(atTheLimit.all()).isZero();
        assertThat(t.writes()).hasSize(12);
    }

    @Test
    void forceIsForApplyOnlyAndABadLimitIsRefusedBeforeAnythingRuns() throws Exception {
        Path desired = unbinding(6);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--force");
        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).startsWith("error: plan does not take --force (apply, export do)");

        TestTenant.Result bad = t.run("apply", "--desired", desired.toString(), "--set", "sync.max-unbinds=ten");
        assertThat(bad.exitCode()).isEqualTo(1);
        assertThat(bad.err()).contains("setting sync.max-unbinds must be a count (e.g. 10) or a percentage of the"
                + " managed steps from 0% to 100% (e.g. 30%), got 'ten'");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void theDaemonNeverOverridesItReportsKeepsTheLiveStateAndTriesAgainOnTheNextRun() throws Exception {
        Path desired = unbinding(6);
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_DESIRED_PATH", desired.toString());
        env.put("SYNC_SCHEDULE", "1s");
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        int management = Replicas.freePort();
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
        try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                Optional.empty())) {
            Replicas.await("two runs", () -> daemon.status().recent().size() >= 2);

            assertThat(daemon.status().recent()).allSatisfy(r -> {
                assertThat(r.run().result().outcome()).isEqualTo(RunResult.Outcome.HELD);
                assertThat(r.run().result().reason()).startsWith("nothing was written: 12 unbinds, over"
                        + " sync.max-unbinds=10; to proceed");
            });
            assertThat(t.writes()).isEmpty();
            assertThat(bound()).isEqualTo(12);
            JsonNode status = new ObjectMapper().readTree(get(daemon, "/status"));
            assertThat(status.at("/runs/0/result").asText()).isEqualTo("held");
            assertThat(status.at("/runs/0/guards").asText()).isEqualTo("12 unbinds, over sync.max-unbinds=10");
            assertThat(status.at("/drift/steps").asInt()).isEqualTo(12);
            assertThat(get(management, "/observe/metrics"))
                    .containsPattern("userflow_sync_runs_total\\{[^}]*mode=\"apply\",result=\"held\"[^}]*} [1-9]");

            // The commit is fixed: three flows at a time. The next run writes it, without anyone restarting anything.
            Files.writeString(desired, Files.readString(unbinding(3)));
            Replicas.await("a run that applies", () -> daemon.status().last().map(SyncRun::result)
                    .map(r -> r.outcome() == RunResult.Outcome.APPLIED).orElse(false));
            assertThat(t.writes()).hasSize(6);
            assertThat(bound()).isEqualTo(6);
        }
    }

    private static String get(AgentRuntime daemon, String path) throws Exception {
        int port = Integer.parseInt(daemon.camel().getPropertiesComponent().resolveProperty("camel.server.port")
                .orElseThrow());
        return get(port, path);
    }

    private static String get(int port, String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }
}
