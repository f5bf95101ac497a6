package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunStatus;
import io.userflowsync.scan.RunScope;
import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.source.TestRemote;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon and an operator's {@code apply} share one app registration, so one quota of 200 requests a minute: the
 * daemon's scan keeps to its share ({@code sync.scan-per-minute}) and a one-off command paces at the rest, so Graph
 * answers neither with 429.
 */
class QuotaSharedWithCliTest {
    private static final String A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final int FLOWS = 150; // more than the 140 a minute an apply beside a scanning daemon gets

    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant settle;
    private TestTenant measured;

    @AfterEach
    void stop() {
        if (settle != null) {
            settle.close();
        }
        if (measured != null) {
            measured.close();
        }
        remote.close();
    }

    private static String desired() {
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            yaml.append(String.format(Locale.ROOT, "  B2X_1_flow%04d:\n    postAttributeCollection: {id: %s}\n", i, A));
        }
        return yaml.toString();
    }

    private AgentRuntime daemon(TestTenant t, Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_GIT_URL", remote.fileUrl());
        env.put("SYNC_GIT_PATH", "tenants/prod");
        env.put("SYNC_GIT_WORK_DIR", tmp.resolve("work").toString());
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", "0");
        env.putAll(extra);
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    @Test
    void theBudgetHoldsWithNo429WhileACliApplyRunsBesideTheDaemon() throws Exception {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(A, "Check partner domain", "https://partner.example/check", "api", "pw-1");
        for (int i = 0; i < FLOWS; i++) {
            String id = String.format(Locale.ROOT, "B2X_1_flow%04d", i);
            tenant.addFlow(id).bind(id, "postAttributeCollection", A);
        }
        remote = TestRemote.create(tmp, "config");
        remote.commit("every flow calls A", Map.of("tenants/prod/flows.yaml", desired()));
        // The daemon's first full pass, without the quota, on a simulator of its own: the measured minute starts
        // with empty quota windows and a scan cursor on record.
        settle = TestTenant.of(tenant);
        settle.simulator.quota(GraphQuota.unlimited());
        try (AgentRuntime first = daemon(settle, Map.of("GRAPH_MAX_REQUESTS_PER_MINUTE", "0",
                "SYNC_SCHEDULE", "0 0 0 1 1 ? 2099"))) {
            for (int i = 0; i < 600 && first.status().recent().stream().noneMatch(r ->
                    r.run().scope().scope().reason().contains(FLOWS + " of " + FLOWS)); i++) {
                Thread.sleep(50);
            }
        }
        settle.close();
        settle = null;

        measured = TestTenant.of(tenant); // Graph's published quota
        try (AgentRuntime daemon = daemon(measured, Map.of("SYNC_SCHEDULE", "1s"))) {
            for (int i = 0; i < 600 && daemon.status().recent().isEmpty(); i++) {
                Thread.sleep(50);
            }
            TestTenant.Result apply = measured.run("apply", "--desired",
                    TestTenant.desired(tmp, desired()).toString());
            Thread.sleep(3000); // the daemon scans on beside and after it

            assertThat(apply.exitCode()).as(apply.all()).isZero();
            assertThat(daemon.status().recent()).extracting(RunStatus.FinishedRun::run)
                    .anyMatch(r -> r.scope().kind() == RunScope.Kind.SCAN);
            assertThat(measured.simulator.throttledCount()).as("requests Graph refused").isZero();
            long sent = measured.simulator.requests().stream()
                    .filter(r -> !r.path().endsWith("/token") && !r.path().endsWith("$batch")).count();
            assertThat(sent).as("the apply's reads and the daemon's scan together, more than a minute's quota")
                    .isGreaterThan(200);
        }
    }
}
