package io.userflowsync.report;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.userflowsync.graph.GraphObserver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** The Graph client's requests as Prometheus series: labels from small fixed sets only. */
class GraphMetricsTest {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final GraphObserver graph = new SyncMetrics(registry).graphObserver();

    @ParameterizedTest(name = "{0} {1} -> method={2}, status={3}")
    @CsvSource({
            "GET,    200, GET,    200",
            "put,    204, PUT,    204",
            "DELETE, 405, DELETE, 405",
            "POST,    -1, POST,   none",
            "PROPFIND, 200, OTHER, 200",
            "GET,      0, GET,    other",
    })
    void aRequestIsCountedByMethodAndStatus(String method, int status, String methodLabel, String statusLabel) {
        graph.graphRequest(method, status < 0 ? OptionalInt.empty() : OptionalInt.of(status), Duration.ofMillis(30));

        assertThat(registry.scrape())
                .contains("userflow_sync_graph_requests_total{method=\"" + methodLabel + "\",status=\"" + statusLabel
                        + "\"} 1.0")
                .contains("userflow_sync_graph_request_duration_seconds_bucket{method=\"" + methodLabel
                        + "\",le=\"0.05\"} 1");
    }

    @Test
    void throttlingIsCountedAndReadsZeroBeforeTheFirst429() {
        assertThat(registry.scrape()).contains("userflow_sync_graph_throttled_total 0.0");

        graph.graphRequest("GET", OptionalInt.of(429), Duration.ofMillis(5));
        graph.graphRequest("PUT", OptionalInt.of(429), Duration.ofMillis(5));
        graph.graphRequest("GET", OptionalInt.of(503), Duration.ofMillis(5));

        assertThat(registry.scrape()).contains("userflow_sync_graph_throttled_total 2.0");
    }

    @Test
    void tokenRequestsAreCountedApartFromGraphRequests() {
        graph.tokenRequest(OptionalInt.of(401), Duration.ofMillis(5));
        graph.tokenRequest(OptionalInt.empty(), Duration.ofMillis(5));

        assertThat(registry.scrape())
                .contains("userflow_sync_token_requests_total{status=\"401\"} 1.0")
                .contains("userflow_sync_token_requests_total{status=\"none\"} 1.0")
                .doesNotContain("userflow_sync_graph_requests_total{");
    }
    @Test
    void aRequestInsideABatchCountsByItsOwnMethodAndStatusAndA429InsideCountsAsThrottled() {
        graph.graphRequest("POST", OptionalInt.of(200), Duration.ofMillis(30));
        graph.batchedRequest("PUT", 204);
        graph.batchedRequest("PUT", 204);
        graph.batchedRequest("DELETE", 429);

        assertThat(registry.scrape())
                .contains("userflow_sync_graph_requests_total{method=\"POST\",status=\"200\"} 1.0")
                .contains("userflow_sync_graph_requests_total{method=\"PUT\",status=\"204\"} 2.0")
                .contains("userflow_sync_graph_requests_total{method=\"DELETE\",status=\"429\"} 1.0")
                .contains("userflow_sync_graph_throttled_total 1.0")
                .doesNotContain("userflow_sync_graph_request_duration_seconds_count{method=\"PUT\"");
    }

    @Test
    void theTimeHeldBackByThrottlingAddsUpInSecondsFromZero() {
        assertThat(registry.scrape()).contains("userflow_sync_graph_throttle_wait_seconds_total 0.0");

        graph.throttleWait(Duration.ofMillis(1500));
        graph.throttleWait(Duration.ofMillis(250));

        assertThat(registry.scrape()).contains("userflow_sync_graph_throttle_wait_seconds_total 1.75");
    }
}
