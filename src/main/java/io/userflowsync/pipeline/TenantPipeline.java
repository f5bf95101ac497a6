package io.userflowsync.pipeline;

import io.micrometer.core.instrument.MeterRegistry;
import io.userflowsync.apply.Applier;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.connector.ConnectorsAsCode;
import io.userflowsync.config.Settings;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.ha.Election;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.run.RunListener;
import io.userflowsync.run.RunStatus;
import io.userflowsync.scan.AuditWatcher;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.DesiredSources;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.TemplatedRouteBuilder;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * One tenant's pipeline in the daemon (sync.tenants, issue 9 item 3): every piece of state a run keeps is the
 * tenant's own, so that nothing one tenant does or suffers reaches another. Its Graph client and request gate (one
 * tenant's throttling holds back only its own requests), desired source (its own Git work dir and last good
 * revision, {@link Settings#forTenant}), run status (its health, {@code /status} entry and the forensics' last
 * in-sync time), metrics labelled {@code tenant=<name>}, and its leadership namespace {@code tenant-<name>}.
 */
record TenantPipeline(String name, RunStatus status, RunReporter reporter, StatusEndpoint statusEndpoint,
                      DesiredSource source, Election election) {
    static final String QUEUE_TEMPLATE = "tenant-sync-queue";
    static final String RECONCILE_TEMPLATE = "tenant-reconcile";
    static final String SCAN_TEMPLATE = "tenant-scan-ticker";
    static final String AUDIT_TEMPLATE = "tenant-audit-watcher";

    /** The id of a tenant's scan ticker route, started with the schedule. */
    static String scanTicker(String name) {
        return "scan-ticker-" + name;
    }

    /** The id of a tenant's audit-log watcher route, started with the schedule unless sync.audit-poll=off. */
    static String auditWatcher(String name) {
        return "audit-watcher-" + name;
    }

    /**
     * Builds the tenant's stages from its view of the settings and binds them as {@code <stage>-<name>}, the names
     * routes/tenants.camel.yaml uses.
     *
     * @param readiness whether readiness waits for this tenant's first run (not with sync.ha: a replica that leads
     *                  no tenant would never be ready)
     */
    static TenantPipeline bind(CamelContext camel, String name, Settings settings, SecretScrubber scrubber,
                               MeterRegistry meters, Election election, List<RunListener> listeners,
                               boolean readiness) {
        Clock clock = Clock.systemUTC();
        RunStatus status = new RunStatus(clock);
        PlanRules rules = PlanRules.from(settings);
        SyncMetrics metrics = new SyncMetrics(meters, rules.mode(), Optional.of(name));
        GraphClient graph = GraphConnection.open(camel, settings, scrubber, metrics.graphObserver());
        DesiredSource source = DesiredSources.from(settings, scrubber);
        var registry = camel.getRegistry();
        try {
            registry.bind("leaderOnly-" + name, election.leaderOnlyPolicy(camel));
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the leader election of tenant " + name + ": "
                    + e.getMessage(), e);
        }
        election.registerMetrics(meters);
        registry.bind("election-" + name, election);
        registry.bind("desiredStage-" + name, new DesiredStage(source));
        ScopeStage scope = ScopeStage.daemon(settings, source, graph, rules, election, Optional.of(name), clock);
        registry.bind("scopeStage-" + name, scope);
        metrics.scanGauges(scope::status, scope.budget(), clock);
        metrics.graphBudget(graph::budget);
        ConnectorsAsCode connectorsAsCode = AgentRuntime.connectorsAsCode(settings, scrubber);
        registry.bind("liveStage-" + name, new LiveStage(graph, Optional.of(connectorsAsCode)));
        registry.bind("planStage-" + name, new PlanStage(rules, false));
        registry.bind("forensicsStage-" + name, ForensicsStage.from(settings, graph, status, clock));
        registry.bind("auditWatcher-" + name, AuditWatcher.from(settings, graph, scope, election::runsSyncs, clock));
        registry.bind("applyStage-" + name, new ApplyStage(new Applier(graph, rules.mode(),
                Optional.of(connectorsAsCode.applier(graph)))));
        RunReporter reporter = new RunReporter(status, metrics, clock, true, listeners, Optional.of(name));
        registry.bind("runReporter-" + name, reporter);
        registry.bind("syncHealth-" + name, new SyncHealthCheck(status, source, Optional.of(name), scope::staleness));
        if (readiness) {
            registry.bind("firstRunReadiness-" + name, new FirstRunReadiness(status, Optional.of(name)));
        }
        return new TenantPipeline(name, status, reporter, new StatusEndpoint(status, source, rules.mode(), election)
                .withScope(scope).withBudget(graph::budget),
                source, election);
    }

    /** The tenant's queue consumer, reconcile route, scan ticker and audit-log watcher, from the templates of routes/tenants.camel.yaml. */
    static void addRoutes(CamelContext camel, String name) {
        TemplatedRouteBuilder.builder(camel, SCAN_TEMPLATE).routeId(scanTicker(name))
                .parameter("tenant", name).add();
        TemplatedRouteBuilder.builder(camel, AUDIT_TEMPLATE).routeId(auditWatcher(name))
                .parameter("tenant", name).add();
        TemplatedRouteBuilder.builder(camel, RECONCILE_TEMPLATE).routeId("reconcile-" + name)
                .parameter("tenant", name).add();
        TemplatedRouteBuilder.builder(camel, QUEUE_TEMPLATE).routeId("sync-request-queue-" + name)
                .parameter("tenant", name).add();
    }
}
