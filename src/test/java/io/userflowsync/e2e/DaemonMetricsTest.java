package io.userflowsync.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.simulator.FaultRule;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

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
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The daemon's Prometheus metrics and health, scraped over HTTP from Camel's management server. */
class DaemonMetricsTest {
    @TempDir
    Path dir;

    /** A daemon's environment: every second a run against {@code t}, its management server on {@code management}. */
    private Map<String, String> daemonEnvironment(TestTenant t, int management) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
        return env;
    }

    private static String scrape(int management) throws Exception {
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + management + "/observe/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        return metrics.body();
    }

    @Test
    void metricsCountRunsAndChangesAndNeverShowTheSecret() throws Exception {
        try (TestTenant t = TestTenant.demoLike()) {
            int management = Replicas.freePort();
            Map<String, String> env = daemonEnvironment(t, management);
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

    /**
     * Issue 6 item 12: camel-micrometer's exchange event notifier registered {@code camel.exchange.event.notifier}
     * once with a routeId tag (route exchanges) and once without (the Graph client's producer template), which
     * Prometheus refuses; and the Graph calls themselves had no metrics.
     */
    @Test
    void graphCallsAreMeteredByMethodStatusAndLatencyWithoutARegistrationError() throws Exception {
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        logs.start();
        root.addAppender(logs);
        try (TestTenant t = TestTenant.demoLike()) {
            // One throttled listing (429 with Retry-After: 0), retried at once.
            t.simulator.inject(FaultRule.throttling("GET", "/identity/apiConnectors$", 1, 0));
            int management = Replicas.freePort();
            try (AgentRuntime daemon = AgentRuntime.startDaemon(
                    Settings.resolve(Map.of(), daemonEnvironment(t, management), new Properties()), Optional.empty())) {
                assertThat(new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(2).create()
                        .matches(30, TimeUnit.SECONDS)).isTrue();

                String metrics = scrape(management);
                int http = Integer.parseInt(daemon.camel().getPropertiesComponent()
                        .resolveProperty("camel.server.port").orElseThrow());
                com.fasterxml.jackson.databind.JsonNode budget = new com.fasterxml.jackson.databind.ObjectMapper()
                        .readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + http + "/status")).build(),
                                HttpResponse.BodyHandlers.ofString()).body()).path("graph");
                assertThat(budget.path("quotaPerMinute").asInt()).as(budget.toString()).isEqualTo(200);
                assertThat(budget.path("scanPerMinute").asInt()).isEqualTo(60);
                assertThat(budget.path("sentSinceStart").asLong()).isPositive();
                assertThat(budget.path("refusedSinceStart").asLong()).as("the throttled listing").isEqualTo(1);

                String logged = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                        .collect(Collectors.joining("\n"));
                assertThat(logged).doesNotContainIgnoringCase("registration has failed");
                assertThat(metrics)
                        .containsPattern("userflow_sync_graph_requests_total\\{[^}]*method=\"GET\",status=\"200\"[^}]*} [1-9]")
                        .containsPattern("userflow_sync_graph_requests_total\\{[^}]*method=\"GET\",status=\"429\"[^}]*} 1\\.0")
                        .containsPattern("userflow_sync_graph_requests_total\\{[^}]*method=\"PUT\",status=\"204\"[^}]*} 2\\.0")
                        .containsPattern("userflow_sync_graph_requests_total\\{[^}]*method=\"DELETE\",status=\"204\"[^}]*} 2\\.0")
                        .containsPattern("(?m)^userflow_sync_graph_throttled_total(\\{[^}]*})? 1\\.0$")
                        // The budget and the rolling scan: a tenant this small is swept by one full run.
                        .containsPattern("(?m)^userflow_sync_graph_budget_per_minute(\\{[^}]*})? 200\\.0$")
                        .containsPattern("(?m)^userflow_sync_scan_budget_per_minute(\\{[^}]*})? 60\\.0$")
                        .containsPattern("(?m)^userflow_sync_scan_oldest_verification_age_seconds(\\{[^}]*})? [0-9]")
                        .containsPattern("(?m)^userflow_sync_scan_progress(\\{[^}]*})? [0-9]")
                        // What the client spent of the quota and Graph refused, by traffic: the throttled listing.
                        .containsPattern("userflow_sync_graph_requests_sent_total\\{[^}]*traffic=\"priority\"[^}]*} [1-9]")
                        .containsPattern("userflow_sync_graph_requests_refused_total\\{[^}]*traffic=\"priority\"[^}]*} 1\\.0")
                        .containsPattern("(?m)^userflow_sync_graph_budget_ceiling(\\{[^}]*})? 200\\.0$")
                        .containsPattern("(?m)^userflow_sync_graph_budget_scan_ceiling(\\{[^}]*})? 60\\.0$")
                        .containsPattern("userflow_sync_graph_request_duration_seconds_bucket\\{[^}]*method=\"GET\"[^}]*} [1-9]")
                        // The writes and reads travel in $batch POSTs, timed as such; the requests inside are
                        // counted above by their own method (issue 7).
                        .containsPattern("(?m)^userflow_sync_graph_request_duration_seconds_count\\{[^}]*method=\"POST\"[^}]*} [1-9]")
                        .doesNotContainPattern("userflow_sync_graph_request_duration_seconds_count\\{[^}]*method=\"PUT\"")
                        .containsPattern("userflow_sync_token_requests_total\\{[^}]*status=\"200\"[^}]*} 1\\.0");
                // Bounded labels: no URL, host, flow or connector id in any Graph series.
                assertThat(Pattern.compile("(?m)^userflow_sync_graph_.*$").matcher(metrics).results()
                        .map(m -> m.group()).collect(Collectors.toList()))
                        .isNotEmpty()
                        .noneMatch(line -> line.contains("B2X_1_") || line.contains("127.0.0.1")
                                || line.contains("/") || line.contains(ReconcileCommandsTest.LEGACY));
            }
        } finally {
            root.detachAppender(logs);
        }
    }
}
