package io.userflowsync.pipeline;

import io.userflowsync.run.SyncRun;
import org.apache.camel.Exchange;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the tenants' routes (routes/tenants.camel.yaml) ask of the daemon as a whole: where a trigger's request goes
 * (every tenant's own one-slot queue) and which tenant's reporter records a run that broke.
 */
public final class TenantRoutes {
    /** The header a tenant's route sets to its tenant's name. */
    public static final String TENANT_HEADER = "syncTenant";
    private final Map<String, RunReporter> reporters;
    private final List<String> order;

    /** @param reporters each tenant's reporter, in the order of {@code sync.tenants} */
    public TenantRoutes(Map<String, RunReporter> reporters) {
        this.reporters = Map.copyOf(reporters);
        this.order = List.copyOf(reporters.keySet());
    }

    /**
     * One request for every tenant, each dropped when that tenant's queue already holds one: a tenant that is still
     * busy (slow, throttled, waiting for a lock) coalesces its own triggers and never holds up another's.
     */
    public String uris() {
        return order.stream()
                .map(t -> "seda:sync-requests-" + t + "?size=1&discardWhenFull=true&waitForTaskToComplete=Never")
                .collect(Collectors.joining(","));
    }

    /** The error handler of a tenant's reconcile route: the run is recorded by its own tenant's reporter. */
    public SyncRun failed(Exchange exchange) {
        String tenant = exchange.getMessage().getHeader(TENANT_HEADER, String.class);
        RunReporter reporter = reporters.get(tenant);
        if (reporter == null) {
            throw new IllegalStateException("a run broke outside any tenant's route (header " + TENANT_HEADER + ": "
                    + tenant + ")");
        }
        return reporter.failed(exchange);
    }
}
