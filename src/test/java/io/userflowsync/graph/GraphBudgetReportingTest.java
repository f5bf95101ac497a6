package io.userflowsync.graph;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.report.ThrottleText;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the budget looks like to people and to Prometheus: the run summary's throttling line, and the meters of what
 * was spent and refused by traffic class and of the ceiling (Graph's 200 a minute per app, includes/throttling-cpim.md).
 */
class GraphBudgetReportingTest {
    private static GraphBudget budget(int ceiling, long spent, long refused, Duration waited) {
        return new GraphBudget(200, ceiling, 60, 60 * ceiling / 200, 40, 12, spent, spent + 100, refused, refused + 5,
                waited, waited.plusSeconds(60));
    }

    @Test
    void aRunThatNeitherWaitedNorWasRefusedReadsAsItAlwaysHas() {
        assertThat(ThrottleText.line(budget(200, 143, 0, Duration.ZERO))).isEmpty();
        assertThat(ThrottleText.line(Duration.ZERO)).isEmpty();
    }

    @Test
    void theThrottlingLineSaysTheWaitTheRefusalsAndTheBudgetSpent() {
        assertThat(ThrottleText.line(budget(180, 143, 3, Duration.ofMillis(12_500)))).isEqualTo(
                "Graph throttled this run: requests waited 12.5 s in all (Retry-After and graph.quota-per-minute);"
                        + " Graph refused 3 requests (HTTP 429); the run spent 143 requests, at most 180 a minute"
                        + " (graph.quota-per-minute 200).\n");
        assertThat(ThrottleText.line(budget(200, 1, 1, Duration.ZERO))).isEqualTo(
                "Graph throttled this run: Graph refused 1 request (HTTP 429); the run spent 1 request of 200 a"
                        + " minute.\n");
        assertThat(ThrottleText.line(budget(200, 30, 0, Duration.ofSeconds(2)))).isEqualTo(
                "Graph throttled this run: requests waited 2.0 s in all (Retry-After and graph.quota-per-minute);"
                        + " the run spent 30 requests of 200 a minute.\n");
    }

    @Test
    void requestsSpentAndRefusedAreCountedByTrafficFromZeroAndTheBudgetIsAGauge() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        SyncMetrics metrics = new SyncMetrics(registry);
        GraphObserver observer = metrics.graphObserver();
        AtomicReference<GraphBudget> now = new AtomicReference<>(budget(90, 10, 0, Duration.ZERO));
        metrics.graphBudget(now::get);

        assertThat(registry.scrape())
                .contains("userflow_sync_graph_requests_sent_total{traffic=\"scan\"} 0.0")
                .contains("userflow_sync_graph_requests_refused_total{traffic=\"priority\"} 0.0");

        observer.budgetSpent(Traffic.SCAN, 20);
        observer.budgetSpent(Traffic.PRIORITY, 3);
        observer.budgetRefused(Traffic.SCAN, 2);

        assertThat(registry.scrape())
                .contains("userflow_sync_graph_requests_sent_total{traffic=\"scan\"} 20.0")
                .contains("userflow_sync_graph_requests_sent_total{traffic=\"priority\"} 3.0")
                .contains("userflow_sync_graph_requests_refused_total{traffic=\"scan\"} 2.0")
                .contains("userflow_sync_graph_requests_refused_total{traffic=\"priority\"} 0.0")
                .contains("userflow_sync_graph_budget_ceiling 90.0")
                .contains("userflow_sync_graph_budget_scan_ceiling 27.0")
                .contains("userflow_sync_graph_budget_spent_last_minute{traffic=\"scan\"} 12.0")
                .contains("userflow_sync_graph_budget_spent_last_minute{traffic=\"priority\"} 28.0");
        now.set(budget(200, 10, 0, Duration.ZERO));
        assertThat(registry.scrape()).as("read at each scrape").contains("userflow_sync_graph_budget_ceiling 200.0");
    }
}
