package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon: the real Quartz scheduler triggers the reconcile route with no manual trigger. */
class ScheduledReconcileTest {
    @TempDir
    Path dir;

    @Test
    void theCronRouteReconcilesOnItsOwnAndLaterRunsWriteNothing() throws Exception {
        try (TestTenant t = TestTenant.demoLike()) {
            Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
            Map<String, String> env = new HashMap<>(t.environment());
            env.put("SYNC_DESIRED_PATH", desired.toString());
            env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
            Settings settings = Settings.resolve(Map.of(), env, new Properties());

            try (AgentRuntime daemon = AgentRuntime.startDaemon(settings, Optional.empty())) {
                NotifyBuilder threeRuns = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(3).create();

                assertThat(threeRuns.matches(30, TimeUnit.SECONDS)).as("three scheduled runs completed").isTrue();
                assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
                assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup"))
                        .contains(ReconcileCommandsTest.CHECK);
                assertThat(t.writes()).as("only the first run writes").hasSize(4);
                assertThat(daemon.status().last()).hasValueSatisfying(run -> {
                    assertThat(run.failure()).isEmpty();
                    assertThat(run.requirePlan().hasDrift()).isFalse();
                });
            }
        }
    }
}
