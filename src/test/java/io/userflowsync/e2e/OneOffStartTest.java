package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunResult;
import org.apache.camel.Route;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one-off commands start only what a single run needs (issue 7 item 4): the pipeline route, with no scheduler,
 * no HTTP server and none of the daemon's routes; the daemon keeps all of them, and both run the same pipeline.
 */
class OneOffStartTest {
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;
    private TestTenant t;
    private Map<String, String> env;

    @BeforeEach
    void tenant() throws Exception {
        t = TestTenant.demoLike();
        env = new HashMap<>(t.environment());
        env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        env.put("SYNC_SCHEDULE", NEVER);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
    }

    @AfterEach
    void close() {
        t.close();
    }

    private Settings settings() {
        return Settings.resolve(Map.of(), env, new Properties());
    }

    @Test
    void aOneOffRunStartsThePipelineRouteAndNoSchedulerQueueOrHttpServer() throws Exception {
        try (AgentRuntime once = AgentRuntime.startOnce(settings(), Optional.empty())) {
            assertThat(once.camel().getRoutes()).extracting(Route::getRouteId).containsExactly("reconcile");
            assertThat(once.camel().getComponentNames()).doesNotContain("quartz", "seda", "platform-http");
            assertThat(canListenOn(env.get("SYNC_HTTP_PORT"))).as("nothing serves the webhook port").isTrue();
            assertThat(canListenOn(env.get("SYNC_MANAGEMENT_PORT"))).as("nothing serves the management port").isTrue();

            assertThat(once.runOnce(RunMode.APPLY).result().outcome()).isEqualTo(RunResult.Outcome.APPLIED);
            assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        }
    }

    @Test
    void theDaemonStartsThePipelineItsScheduleQueueAndHttpTriggers() throws Exception {
        try (AgentRuntime daemon = AgentRuntime.startDaemon(settings(), Optional.empty())) {
            assertThat(daemon.camel().getRoutes()).extracting(Route::getRouteId).containsExactlyInAnyOrder("reconcile",
                    "reconcile-on-schedule", "reconcile-at-start", "sync-request-queue", "scan-ticker", "audit-watcher",
                    "git-webhook",
                    "push-debounce", "ha-passed-on-pushes", "status");
            assertThat(daemon.camel().getRouteController().getRouteStatus("reconcile-on-schedule").isStarted())
                    .isTrue();
            // The leader's poller of pushes passed on by standbys runs only with sync.ha (issue 8).
            assertThat(daemon.camel().getRouteController().getRouteStatus("ha-passed-on-pushes").isStarted())
                    .isFalse();
            assertThat(canListenOn(env.get("SYNC_HTTP_PORT"))).as("the webhook port is served").isFalse();
        }
    }

    @Test
    void aCamelSettingInTheConfigFileOverridesTheOneTheJarShipsWith() throws Exception {
        // config/application.properties, inside the jar, sets camel.main.shutdown-timeout = 15.
        Path config = Files.writeString(dir.resolve("agent.properties"), "camel.main.shutdown-timeout = 3\n");
        try (AgentRuntime once = AgentRuntime.startOnce(settings(), Optional.of(config))) {
            assertThat(once.camel().getShutdownStrategy().getTimeout()).isEqualTo(3);
        }
    }

    @Test
    void withoutAConfigFileTheJarsCamelSettingsApply() throws Exception {
        try (AgentRuntime once = AgentRuntime.startOnce(settings(), Optional.empty())) {
            assertThat(once.camel().getShutdownStrategy().getTimeout()).isEqualTo(15);
            assertThat(once.camel().getName()).isEqualTo("userflow-connector-sync");
        }
    }

    private static boolean canListenOn(String port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), Integer.parseInt(port)));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
