package io.userflowsync.pipeline;

import io.userflowsync.run.RunStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;

/**
 * Readiness ({@code GET /observe/health/ready}): DOWN until the daemon has finished its first run, whatever that run
 * came to, so a rollout waits until the new replica has looked at the tenant once (issue 6, item 7). Not a liveness
 * check: a broken source or Graph outage must never get the pod restarted, which would only lose the run history.
 */
final class FirstRunReadiness extends AbstractHealthCheck {
    private final RunStatus runs;

    private final String prefix;

    FirstRunReadiness(RunStatus runs) {
        this(runs, java.util.Optional.empty());
    }

    /** @param tenant with {@code sync.tenants}: one check per tenant, {@code userflow-sync-first-run-<name>} */
    FirstRunReadiness(RunStatus runs, java.util.Optional<String> tenant) {
        super("userflow-sync", tenant.map(t -> "userflow-sync-first-run-" + t).orElse("userflow-sync-first-run"));
        this.runs = runs;
        this.prefix = tenant.map(t -> "tenant " + t + ": ").orElse("");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        runs.recent().stream().findFirst().ifPresentOrElse(
                last -> builder.up().message(prefix + "first run finished at " + last.finishedAt())
                        .detail("runs", runs.recent().size()),
                () -> builder.down().message(prefix + "waiting for the first run to finish"));
    }
}
