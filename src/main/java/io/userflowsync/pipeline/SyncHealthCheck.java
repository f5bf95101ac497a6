package io.userflowsync.pipeline;

import io.userflowsync.model.SourceRevision;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.SourceStatus;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The overall health ({@code GET /observe/health}) as the runs see it: DOWN while the last run did not end in sync,
 * applied or drift (it failed, was blocked, was held back by a guard, was incomplete, or fell back to the last good
 * revision), with the source's and Graph's state in the message and details (issue 6, item 7: health said UP
 * whatever happened). A report-only run that finds drift is {@code drift}: UP, as the agent does what it was told.
 * Neither a liveness nor a readiness check, so a broken source or a Graph outage shows in alerts without restarting
 * the pod or taking it out of service.
 */
final class SyncHealthCheck extends AbstractHealthCheck {
    private final RunStatus runs;
    private final DesiredSource source;

    private final String prefix;
    private final Supplier<Optional<String>> staleness;

    SyncHealthCheck(RunStatus runs, DesiredSource source) {
        this(runs, source, Optional.empty(), Optional::empty);
    }

    /**
     * @param tenant    with {@code sync.tenants}: one check per tenant, {@code userflow-sync-<name>}, naming it
     * @param staleness why the rolling scan's oldest verification is too old ({@code sync.scan-max-age}), if it is:
     *                  then DOWN whatever the last run came to, since a run of a slice says nothing of the rest
     */
    SyncHealthCheck(RunStatus runs, DesiredSource source, Optional<String> tenant,
                    Supplier<Optional<String>> staleness) {
        super("userflow-sync", tenant.map(t -> "userflow-sync-" + t).orElse("userflow-sync"));
        this.runs = runs;
        this.source = source;
        this.prefix = tenant.map(t -> "tenant " + t + ": ").orElse("");
        this.staleness = staleness;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    public boolean isReadiness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Optional<SyncRun> last = runs.last();
        if (last.isEmpty()) {
            builder.up().message(prefix + "no run has finished yet");
            return;
        }
        SyncRun run = last.get();
        RunResult result = run.result();
        String sourceState = sourceState(run);
        String graphState = graphState(run);
        builder.detail("result", result.outcome().label()).detail("reason", result.reason())
                .detail("source", sourceState).detail("graph", graphState);
        run.desired().map(d -> d.source()).map(SourceRevision::describe).ifPresent(r -> builder.detail("revision", r));
        String message = prefix + "last run " + result.describe() + "; source " + sourceState + "; graph " + graphState;
        Optional<String> stale = staleness.get();
        stale.ifPresent(s -> builder.detail("scan", s));
        if (healthy(result.outcome()) && stale.isEmpty()) {
            builder.up().message(message);
        } else {
            builder.down().message(message + stale.map(s -> "; scan: " + s).orElse(""));
        }
    }

    private static boolean healthy(RunResult.Outcome outcome) {
        return outcome == RunResult.Outcome.IN_SYNC || outcome == RunResult.Outcome.APPLIED
                || outcome == RunResult.Outcome.DRIFT;
    }

    private String sourceState(SyncRun run) {
        Optional<SourceStatus> status = source.status();
        if (status.isPresent() && status.get().problem().isPresent()) {
            SourceStatus.Problem p = status.get().problem().get();
            return "broken since " + p.since() + ": " + p.reason();
        }
        if (run.failure().isPresent() && run.desired().isEmpty()) {
            return "unusable: " + run.failure().get().message();
        }
        return "ok";
    }

    private static String graphState(SyncRun run) {
        if (run.failure().isPresent() && run.desired().isPresent() && run.live().isEmpty()) {
            return "unreachable: " + run.failure().get().message();
        }
        long unread = run.live().map(l -> l.readErrors().size()).orElse(0);
        long failedWrites = run.applied().map(a -> a.count(io.userflowsync.apply.ChangeOutcome.FAILED)).orElse(0L);
        if (unread > 0 || failedWrites > 0) {
            return unread + " flow(s) could not be read, " + failedWrites + " write(s) failed";
        }
        return run.live().isPresent() ? "ok" : "not reached";
    }
}
