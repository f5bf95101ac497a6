package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.simulator.AuditActor;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static io.userflowsync.e2e.ExternalTenantCommandsTest.PARTNERS;
import static io.userflowsync.e2e.ExternalTenantCommandsTest.SIGN_UP;
import static io.userflowsync.e2e.ExternalTenantCommandsTest.VALIDATE;
import static io.userflowsync.e2e.ExternalTenantCommandsTest.VALIDATE_V2;
import static org.assertj.core.api.Assertions.assertThat;

/** The daemon against an external tenant: the Quartz schedule binds the events and undoes an outside change. */
class ExternalTenantDaemonTest {
    @TempDir
    Path dir;

    @Test
    void theScheduledRunsBindTheEventsAndUndoAChangeMadeInThePortal() throws Exception {
        try (TestTenant t = TestTenant.of(ExternalTenantCommandsTest.externalTenant())) {
            Path desired = TestTenant.desired(dir, """
                    authenticationEventsFlows:
                      %s:
                        onAttributeCollectionSubmit: Validate sign-up
                      %s:
                        onAttributeCollectionSubmit: null
                    """.formatted(SIGN_UP, PARTNERS));
            Map<String, String> env = new HashMap<>(t.environment());
            env.put("SYNC_DESIRED_PATH", desired.toString());
            env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
            Settings settings = Settings.resolve(Map.of(), env, new Properties());

            try (AgentRuntime daemon = AgentRuntime.startDaemon(settings, Optional.empty())) {
                NotifyBuilder twoRuns = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue")
                        .whenCompleted(2).create();
                assertThat(twoRuns.matches(30, TimeUnit.SECONDS)).as("two scheduled runs completed").isTrue();
                assertThat(t.tenant.extensionBinding(SIGN_UP, "onAttributeCollectionSubmit")).contains(VALIDATE);
                assertThat(t.tenant.extensionBinding(PARTNERS, "onAttributeCollectionSubmit")).isEmpty();
                assertThat(daemon.status().last()).hasValueSatisfying(run -> {
                    assertThat(run.failure()).isEmpty();
                    assertThat(run.requirePlan().hasDrift()).isFalse();
                });

                t.tenant.bindExtensionOutside(SIGN_UP, "onAttributeCollectionSubmit", VALIDATE_V2,
                        AuditActor.user("admin@contoso.example"), Instant.now());
                NotifyBuilder later = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue")
                        .whenCompleted(2).create();
                assertThat(later.matches(30, TimeUnit.SECONDS)).isTrue();
                assertThat(t.tenant.extensionBinding(SIGN_UP, "onAttributeCollectionSubmit")).contains(VALIDATE);
            }
        }
    }
}
