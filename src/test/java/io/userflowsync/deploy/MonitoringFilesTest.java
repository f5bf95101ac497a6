package io.userflowsync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboard and the Prometheus alert rules under deploy/ are what docs/dashboards-and-alerts.md says:
 * the dashboard parses, every panel queries the Prometheus datasource variable and filters by the tenant variable,
 * every rule waits ({@code for}), has a severity and a runbook anchor that resolves in the page, and the
 * PrometheusRule holds the same groups. That the names they use are served is DashboardMetricsServedTest's.
 */
public class MonitoringFilesTest {
    public static final Path DASHBOARD = Path.of("deploy/grafana/userflow-connector-sync.json");
    public static final Path ALERTS = Path.of("deploy/prometheus/alerts.yaml");
    static final Path PROMETHEUS_RULE = Path.of("deploy/prometheus/prometheusrule.yaml");
    static final Path DOC = Path.of("docs/dashboards-and-alerts.md");
    private static final String TENANT_FILTER = "tenant=~\"$tenant\"";

    @Test
    void theDashboardParsesAndEveryPanelQueriesThePrometheusVariableForTheChosenTenants() throws IOException {
        JsonNode dashboard = dashboard();
        assertThat(dashboard.path("schemaVersion").asInt()).isBetween(36, 41);
        assertThat(dashboard.path("uid").asText()).isEqualTo("userflow-connector-sync");

        List<JsonNode> panels = panels(dashboard);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(20);
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).isNotBlank();
            assertThat(panel.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
            assertThat(panel.path("datasource").path("type").asText()).as(title).isEqualTo("prometheus");
            assertThat(panel.path("description").asText()).as(title).isNotBlank();
            assertThat(panel.path("targets")).as(title).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("datasource").path("uid").asText()).as(title).isEqualTo("${datasource}");
                assertThat(target.path("expr").asText()).as(title).isNotBlank().contains(TENANT_FILTER);
                assertThat(target.path("refId").asText()).as(title).isNotBlank();
            }
        }
        assertThat(panels.stream().map(p -> p.path("id").asInt()).distinct()).hasSize(panels.size());
    }

    @Test
    void theDashboardHasAPrometheusDatasourceVariableAndATenantVariableFromItsLabel() throws IOException {
        JsonNode variables = dashboard().path("templating").path("list");
        JsonNode datasource = variable(variables, "datasource");
        assertThat(datasource.path("type").asText()).isEqualTo("datasource");
        assertThat(datasource.path("query").asText()).isEqualTo("prometheus");

        JsonNode tenant = variable(variables, "tenant");
        assertThat(tenant.path("type").asText()).isEqualTo("query");
        assertThat(tenant.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
        assertThat(tenant.path("query").path("query").asText()).startsWith("label_values(").endsWith(", tenant)");
        // Without sync.tenants the series have no tenant label: All must match them too.
        assertThat(tenant.path("includeAll").asBoolean()).isTrue();
        assertThat(tenant.path("allValue").asText()).isEqualTo(".*");
    }

    @Test
    void everyAlertWaitsHasASeverityAndARunbookAnchorThePageHas() throws IOException {
        List<Map<String, Object>> rules = rules(load(ALERTS));
        Set<String> anchors = anchors(Files.readString(DOC));
        assertThat(rules).hasSizeGreaterThanOrEqualTo(6);
        Set<String> names = new LinkedHashSet<>();
        for (Map<String, Object> rule : rules) {
            String name = (String) rule.get("alert");
            assertThat(name).as(rule.toString()).startsWith("UserflowSync");
            assertThat(names.add(name)).as("%s named once", name).isTrue();
            assertThat((String) rule.get("for")).as(name).matches("[0-9]+[smh]");
            assertThat(map(rule.get("labels")).get("severity")).as(name).isIn("critical", "warning");
            Map<String, Object> annotations = map(rule.get("annotations"));
            assertThat(annotations.keySet()).as(name).contains("summary", "description", "runbook_url");
            String runbook = (String) annotations.get("runbook_url");
            assertThat(runbook).as(name).startsWith(DOC.toString().replace('\\', '/') + "#");
            assertThat(anchors).as(name + ": " + runbook).contains(runbook.substring(runbook.indexOf('#') + 1));
        }
        assertThat(names).contains("UserflowSyncNoSuccessfulRun", "UserflowSyncDriftHeldByGuard",
                "UserflowSyncSourceDegraded", "UserflowSyncGraphThrottled", "UserflowSyncNoLeader",
                "UserflowSyncSeveralLeaders");
    }

    @Test
    void thePrometheusRuleHoldsTheGroupsOfAlertsYaml() throws IOException {
        Map<String, Object> rule = load(PROMETHEUS_RULE);
        assertThat(rule.get("apiVersion")).isEqualTo("monitoring.coreos.com/v1");
        assertThat(rule.get("kind")).isEqualTo("PrometheusRule");
        assertThat(map(rule.get("spec")).get("groups")).isEqualTo(load(ALERTS).get("groups"));
    }

    @Test
    void thePodMonitorScrapesTheManagementPortOfTheDeploymentsPods() throws IOException {
        Map<String, Object> monitor = load(Path.of("deploy/prometheus/podmonitor.yaml"));
        Map<String, Object> deployment = load(Path.of("deploy/kubernetes/deployment.yaml"));
        Map<String, Object> template = map(map(deployment.get("spec")).get("template"));
        Map<String, Object> container = map(((List<?>) map(template.get("spec")).get("containers")).get(0));
        Map<String, Object> endpoint = map(((List<?>) map(monitor.get("spec")).get("podMetricsEndpoints")).get(0));

        assertThat(monitor.get("kind")).isEqualTo("PodMonitor");
        assertThat(map(map(template.get("metadata")).get("labels")))
                .containsAllEntriesOf(map(map(map(monitor.get("spec")).get("selector")).get("matchLabels")));
        assertThat(((List<?>) container.get("ports")).stream().map(MonitoringFilesTest::map)
                .filter(p -> endpoint.get("port").equals(p.get("name"))).map(p -> p.get("containerPort")))
                .containsExactly(9876);
        assertThat(endpoint.get("path")).isEqualTo("/observe/metrics");
        // The rules join on the scrape's instance: the daemon's own instance label must not replace it.
        assertThat(endpoint.get("honorLabels")).isIn(null, false);
    }

    @Test
    void thePageDescribesEveryPanelAndEveryAlert() throws IOException {
        String doc = Files.readString(DOC);
        for (JsonNode panel : panels(dashboard())) {
            assertThat(doc).as("the page names panel " + panel.path("title").asText())
                    .contains("**" + panel.path("title").asText() + "**");
        }
        for (Map<String, Object> rule : rules(load(ALERTS))) {
            assertThat(doc).contains("`" + rule.get("alert") + "`");
        }
    }

    public static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(DASHBOARD, StandardCharsets.UTF_8));
    }

    /** The panels that query (rows only group them), rows' collapsed panels included. */
    public static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if (panel.path("type").asText().equals("row")) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Every PromQL expression of the dashboard: its panels' targets and its query variables. */
    public static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = dashboard();
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : panels(dashboard)) {
            panel.path("targets").forEach(t -> expressions.add(t.path("expr").asText()));
        }
        for (JsonNode v : dashboard.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                expressions.add(v.path("query").isTextual() ? v.path("query").asText()
                        : v.path("query").path("query").asText());
            }
        }
        return expressions;
    }

    /** Every alert rule's expression. */
    public static List<String> alertExpressions() throws IOException {
        return rules(load(ALERTS)).stream().map(r -> (String) r.get("expr")).toList();
    }

    private static JsonNode variable(JsonNode variables, String name) {
        for (JsonNode v : variables) {
            if (v.path("name").asText().equals(name)) {
                return v;
            }
        }
        throw new AssertionError("no dashboard variable " + name);
    }

    private static List<Map<String, Object>> rules(Map<String, Object> file) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (Object group : (List<?>) file.get("groups")) {
            for (Object rule : (List<?>) map(group).get("rules")) {
                rules.add(map(rule));
            }
        }
        return rules;
    }

    /** GitHub's anchors of a Markdown page's headings: lower case, punctuation dropped, spaces as hyphens. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Matcher heading = Pattern.compile("(?m)^#{1,6}\\s+(.+?)\\s*#*\\s*$").matcher(markdown);
        while (heading.find()) {
            anchors.add(heading.group(1).toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "")
                    .replace(' ', '-'));
        }
        return anchors;
    }

    private static Map<String, Object> load(Path file) throws IOException {
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return map(new Load(LoadSettings.builder().build()).loadFromReader(reader));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }
}
