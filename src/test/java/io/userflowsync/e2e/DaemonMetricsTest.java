package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's Prometheus metrics and health, scraped over HTTP from Camel's management server. */
class DaemonMetricsTest {
    @TempDir
    Path dir;

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void metricsCountRunsAndChangesAndNeverShowTheSecret() throws Exception {
        try (TestTenant t = TestTenant.demoLike()) {
            Map<String, String> env = new HashMap<>(t.environment());
            env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
            env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
            env.put("SYNC_HTTP_HOST", "127.0.0.1");
            env.put("SYNC_HTTP_PORT", Integer.toString(freePort()));
            int management = freePort();
            env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
            HttpClient http = HttpClient.newHttpClient();

            try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                    Optional.empty())) {
                assertThat(new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(2).create()
                        .matches(30, TimeUnit.SECONDS)).isTrue();

                HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/observe/metrics")).build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> health = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + management + "/observe/health")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(metrics.statusCode()).isEqualTo(200);
                assertThat(metrics.body())
                        .containsPattern("userflow_sync_runs_total\\{[^}]*mode=\"apply\",result=\"applied\"[^}]*} 1\\.0")
                        .containsPattern("userflow_sync_runs_total\\{[^}]*mode=\"apply\",result=\"in_sync\"[^}]*} [1-9]")
                        .containsPattern("userflow_sync_changes_total\\{[^}]*action=\"unbind\",outcome=\"verified\"[^}]*} 2\\.0")
                        .containsPattern("userflow_sync_changes_total\\{[^}]*action=\"bind\",outcome=\"verified\"[^}]*} 1\\.0")
                        .containsPattern("(?m)^userflow_sync_drift_steps(\\{[^}]*})? 0\\.0$")
                        .containsPattern("(?m)^userflow_sync_source_fallback(\\{[^}]*})? 0\\.0$")
                        .containsPattern("(?m)^userflow_sync_last_success_timestamp_seconds(\\{[^}]*})? 1\\.[0-9]+E9$")
                        .contains("userflow_sync_run_duration_seconds_count")
                        .doesNotContain(TestTenant.SECRET);
                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(health.body()).contains("UP");
            }
        }
    }
}
