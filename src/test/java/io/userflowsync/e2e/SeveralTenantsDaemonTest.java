package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon ({@code run}) with {@code sync.tenants} (issue 9 item 3): one process, two simulated tenants on
 * loopback, real Quartz, real HTTP; each tenant on its own queue with its own Graph client, status and metrics.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class SeveralTenantsDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TenantFleet fleet;
    private Replicas http;
    private AgentRuntime daemon;
    private int httpPort;
    private int managementPort;

    @BeforeEach
    void tenants() throws Exception {
        fleet = new TenantFleet(dir, List.of("dev", "prod"));
        http = new Replicas(fleet.get("dev"), Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        http.close();
        fleet.close();
    }

    private void startDaemon(String schedule) throws Exception {
        startDaemon(schedule, Map.of());
    }

    /** @param extra settings beside the fleet's and the daemon's own, as environment variables */
    private void startDaemon(String schedule, Map<String, String> extra) throws Exception {
        Map<String, String> env = fleet.environment();
        env.putAll(extra);
        httpPort = Replicas.freePort();
        managementPort = Replicas.freePort();
        env.put("SYNC_SCHEDULE", schedule);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(managementPort));
        daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    private JsonNode status() throws Exception {
        return JSON.readTree(http.get(httpPort, "/status").body());
    }

    @Test
    void aFaultInOneTenantLeavesTheOtherReconciledAndStatusNamesEach() throws Exception {
        fleet.get("dev").simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/.*"), 403, 100000,
                Optional.empty(), "Authorization_RequestDenied"));

        startDaemon("1s");
        Replicas.await("prod reconciled", () -> fleet.reconciled("prod"));
        Replicas.await("a finished run of each tenant", () -> !daemon.status("dev").recent().isEmpty()
                && daemon.status("prod").recent().size() >= 2);

        assertThat(daemon.status("dev").last().orElseThrow().result().outcome()).isEqualTo(RunResult.Outcome.FAILED);
        assertThat(daemon.status("prod").last().orElseThrow().result().outcome()).isEqualTo(RunResult.Outcome.IN_SYNC);
        assertThat(fleet.get("dev").writes()).isEmpty();
        JsonNode status = status();
        assertThat(status.at("/tenants/dev/runs/0/result").asText()).isEqualTo("failed");
        assertThat(status.at("/tenants/dev/runs/0/failure").asText()).contains("403");
        assertThat(status.at("/tenants/prod/runs/0/result").asText()).isEqualTo("in_sync");
        assertThat(status.at("/ha/leads").isArray()).isTrue();
        String metrics = http.get(managementPort, "/observe/metrics").body();
        assertThat(metrics).contains("tenant=\"dev\"").contains("tenant=\"prod\"")
                .containsPattern("userflow_sync_runs_total\\{[^}]*result=\"failed\",tenant=\"dev\"")
                .doesNotContain(TestTenant.SECRET);
        // Camel's health lists the checks that are DOWN: dev's names its tenant, prod's is not among them.
        String health = http.get(managementPort, "/observe/health").body();
        assertThat(health).contains("\"userflow-sync-dev\"").contains("tenant dev: last run failed")
                .doesNotContain("userflow-sync-prod");
    }

    @Test
    void aThrottledTenantNeverHoldsUpAnother() throws Exception {
        // Every Graph call of dev waits out a Retry-After of 8 s, so its first run takes about that long.
        fleet.get("dev").simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/.*"), 429, 100000,
                Optional.of(8), "TooManyRequests"));

        startDaemon("1s");
        Replicas.await("dev's first run and three of prod", Duration.ofSeconds(60),
                () -> !daemon.status("dev").recent().isEmpty() && daemon.status("prod").recent().size() >= 3);

        Instant devFirst = daemon.status("dev").recent().get(daemon.status("dev").recent().size() - 1).finishedAt();
        List<RunStatus.FinishedRun> prod = daemon.status("prod").recent();
        assertThat(prod.get(prod.size() - 3).finishedAt()).as("prod's third run, before dev's first ended")
                .isBefore(devFirst);
        assertThat(fleet.reconciled("prod")).isTrue();
    }

    @Test
    void eachTenantsPipelineManagesItsConnectorsAndSendsEachSecretOnce() throws Exception {
        fleet.write("base/connectors.yaml", """
                connectors:
                  partner-api:
                    displayName: Partner API
                    targetUrl: https://partner-api.example/check
                    authentication: {type: basic, username: agent, password: env:PARTNER_PW}
                userFlows:
                  B2X_1_customers:
                    postAttributeCollection: {connector: partner-api}
                """);
        startDaemon("1s", Map.of("SYNC_GIT_WORK_DIR", dir.resolve("state").toString(),
                "PARTNER_PW", "partner-password-for-both"));

        Replicas.await("three runs of each tenant", Duration.ofSeconds(60),
                () -> daemon.status("dev").recent().size() >= 3 && daemon.status("prod").recent().size() >= 3);

        for (String name : List.of("dev", "prod")) {
            TestTenant t = fleet.get(name);
            String id = t.tenant.binding("B2X_1_customers", "postAttributeCollection").orElseThrow();
            assertThat(t.tenant.password(id)).as(name).contains("partner-password-for-both");
            assertThat(t.tenant.secretWrites(id)).as(name + ": sent once, in the first run").isEqualTo(1);
            assertThat(daemon.status(name).last().orElseThrow().result().outcome()).as(name)
                    .isEqualTo(RunResult.Outcome.IN_SYNC);
            assertThat(dir.resolve("state/tenants/" + name + "/connectors-sent.json")).exists();
        }
    }

    @Test
    void withoutSyncTenantsStatusKeepsItsSingleTenantShape() throws Exception {
        Map<String, String> env = new java.util.HashMap<>(fleet.get("prod").environment());
        env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, TenantFleet.BASE).toString());
        env.put("SYNC_SCHEDULE", "1h");
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        httpPort = Replicas.freePort();
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
        daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
        Replicas.await("the run at start", () -> !daemon.status().recent().isEmpty());

        JsonNode status = status();
        assertThat(status.has("tenants")).isFalse();
        // the oldest run kept is the run at start, which applied base (the schedule's first tick may follow it)
        JsonNode runs = status.get("runs");
        assertThat(runs.get(runs.size() - 1).get("result").asText()).isEqualTo("applied");
    }
}
