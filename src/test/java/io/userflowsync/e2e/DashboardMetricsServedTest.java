package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.deploy.MonitoringFilesTest;
import io.userflowsync.deploy.PromQlNames;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunResult;
import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every metric and label the Grafana dashboard (deploy/grafana) and the alert rules (deploy/prometheus/alerts.yaml)
 * query is one a running daemon serves on /observe/metrics (docs/dashboards-and-alerts.md): the daemon with
 * {@code sync.tenants} (so the series carry {@code tenant}) against two simulated tenants on loopback, dev applying
 * a bind after one 429, prod's plan held back by {@code sync.max-unbinds}, scraped over HTTP.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class DashboardMetricsServedTest {
    /** Labels Prometheus gives every scraped series itself (the target's), which no exporter serves. */
    private static final Set<String> SCRAPE_LABELS = Set.of("job", "instance");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+\\S+.*$");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"(?:[^\"\\\\]|\\\\.)*\"");

    @TempDir
    Path dir;
    private TenantFleet fleet;
    private Replicas http;
    private AgentRuntime daemon;

    @AfterEach
    void stop() throws Exception {
        if (daemon != null) {
            daemon.close();
        }
        if (http != null) {
            http.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void everyMetricAndLabelTheDashboardAndTheAlertsQueryIsServedByARunningDaemon() throws Exception {
        String metrics = scrapeAfterAppliedThrottledAndHeldRuns();
        Map<String, Set<String>> served = served(metrics);

        List<String> expressions = new ArrayList<>(MonitoringFilesTest.dashboardExpressions());
        expressions.addAll(MonitoringFilesTest.alertExpressions());
        assertThat(expressions).hasSizeGreaterThan(30);
        Set<String> used = new TreeSet<>();
        List<String> problems = new ArrayList<>();
        for (String expression : expressions) {
            PromQlNames names = PromQlNames.of(expression);
            assertThat(names.metrics()).as(expression).isNotEmpty();
            Set<String> labelsOfItsMetrics = new TreeSet<>(SCRAPE_LABELS);
            names.selectors().forEach((metric, labels) -> {
                used.add(metric);
                if (!served.containsKey(metric)) {
                    problems.add("metric " + metric + " is not served (in: " + expression + ")");
                    return;
                }
                labelsOfItsMetrics.addAll(served.get(metric));
                for (String label : labels) {
                    if (!served.get(metric).contains(label)) {
                        problems.add("metric " + metric + " has no label " + label + " (it has " + served.get(metric)
                                + "; in: " + expression + ")");
                    }
                }
            });
            for (String label : names.grouping()) {
                if (!labelsOfItsMetrics.contains(label)) {
                    problems.add("label " + label + " is on none of " + names.metrics() + " (in: " + expression + ")");
                }
            }
        }
        assertThat(problems).isEmpty();
        // What the dashboard promises to show: drift, runs, last success, Graph, throttling, budget, leader,
        // source, guards. Each is served, and each has series of this daemon's tenants.
        assertThat(used).contains("userflow_sync_drift_steps", "userflow_sync_drift_steps_by_flow",
                "userflow_sync_runs_total", "userflow_sync_last_success_timestamp_seconds",
                "userflow_sync_graph_requests_total", "userflow_sync_graph_throttled_total",
                "userflow_sync_graph_throttle_wait_seconds_total", "userflow_sync_graph_budget_ceiling",
                "userflow_sync_graph_budget_spent_last_minute", "userflow_sync_leader", "userflow_sync_source_fallback",
                "userflow_sync_scan_held_flows");
        assertThat(metrics)
                .containsPattern("userflow_sync_runs_total\\{[^}]*result=\"held\",tenant=\"prod\"[^}]*} [1-9]")
                .containsPattern("userflow_sync_runs_total\\{[^}]*result=\"applied\",tenant=\"dev\"[^}]*} 1\\.0")
                .containsPattern("(?m)^userflow_sync_graph_throttled_total\\{tenant=\"dev\"} [1-9]")
                .containsPattern("(?m)^userflow_sync_scan_held_flows\\{tenant=\"prod\"} 2\\.0$")
                .containsPattern("(?m)^userflow_sync_scan_held_flows\\{tenant=\"dev\"} 0\\.0$")
                .containsPattern("userflow_sync_drift_steps_by_flow\\{flow=\"B2X_1_customers\",tenant=\"prod\"} 2\\.0")
                .containsPattern("userflow_sync_leader\\{instance=\"[^\"]+\",tenant=\"prod\"} 1\\.0")
                .doesNotContain(TestTenant.SECRET);
    }

    /**
     * dev: base binds one step, after one 429 on the connectors' listing; prod: its folder unbinds both of
     * B2X_1_customers' steps, over {@code sync.max-unbinds=1}, so every run is held.
     */
    private String scrapeAfterAppliedThrottledAndHeldRuns() throws Exception {
        fleet = new TenantFleet(dir, List.of("dev", "prod"));
        fleet.write("base/flows.yaml", """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain
                  B2X_1_customers:
                    postFederationSignup: Legacy CRM hook
                    postAttributeCollection: Validate loyalty number
                """);
        fleet.write("tenants/prod/flows.yaml", """
                userFlows:
                  B2X_1_customers:
                    postFederationSignup: null
                    postAttributeCollection: null
                """);
        fleet.get("dev").simulator.inject(FaultRule.throttling("GET", "/identity/apiConnectors$", 1, 1));
        http = new Replicas(fleet.get("dev"), Map.of());
        Map<String, String> env = fleet.environment();
        int httpPort = Replicas.freePort();
        int managementPort = Replicas.freePort();
        env.put("SYNC_SCHEDULE", "1s");
        env.put("SYNC_MAX_UNBINDS", "1");
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(managementPort));
        daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());

        Replicas.await("dev reconciled and two held runs of prod", Duration.ofSeconds(60),
                () -> fleet.reconciled("dev") && daemon.status("prod").recent().stream()
                        .filter(r -> r.run().result().outcome() == RunResult.Outcome.HELD).count() >= 2);
        assertThat(fleet.reconciled("prod")).as("held: nothing written").isFalse();
        assertThat(fleet.get("prod").writes()).isEmpty();
        return http.get(managementPort, "/observe/metrics").body();
    }

    /** The served metrics (each sample's name: _total, _bucket, _count, ... as exposed) and the labels of each. */
    static Map<String, Set<String>> served(String exposition) {
        Map<String, Set<String>> served = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            Matcher sample = SAMPLE.matcher(line);
            assertThat(sample.matches()).as(line).isTrue();
            Set<String> labels = served.computeIfAbsent(sample.group(1), m -> new TreeSet<>());
            if (sample.group(2) != null) {
                Matcher label = LABEL.matcher(sample.group(2));
                while (label.find()) {
                    labels.add(label.group(1));
                }
            }
        }
        return served;
    }
}
