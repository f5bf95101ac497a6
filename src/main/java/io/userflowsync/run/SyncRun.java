package io.userflowsync.run;

import io.userflowsync.apply.ApplyReport;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.graph.GraphBudget;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.plan.Plan;
import io.userflowsync.scan.RunScope;
import io.userflowsync.source.SourceOutcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * One pass through the pipeline. Each stage returns a copy with its own output added, so data only moves forward:
 * desired state (and, when the newest Git revision could not be used, the fallback to the last good one), then live
 * state, then plan, then (when applying) the apply report; or a failure that ends the run. Alongside, which flows it
 * reads ({@link RunScope}), and what the run's Graph requests spent of the quota, were refused and were held back by
 * throttling, as the stages that call Graph last saw it.
 */
public record SyncRun(RunMode mode, Instant startedAt, Optional<DesiredState> desired,
                      Optional<SourceOutcome.Fallback> fallback, Optional<LiveState> live, Optional<Plan> plan,
                      Optional<ApplyReport> applied, Optional<RunFailure> failure, GraphBudget graphBudget,
                      Attributions attributions, RunScope scope) {

    public static SyncRun start(RunMode mode, Instant now) {
        return new SyncRun(mode, now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), GraphBudget.NONE, Attributions.NONE, RunScope.FULL);
    }

    public SyncRun withDesired(DesiredState d) {
        return new SyncRun(mode, startedAt, Optional.of(d), fallback, live, plan, applied, failure, graphBudget,
                attributions, scope);
    }

    /** The newest revision could not be used; the desired state is the last good revision's. */
    public SyncRun withFallback(SourceOutcome.Fallback f) {
        return new SyncRun(mode, startedAt, Optional.of(f.lastGood()), Optional.of(f), live, plan, applied, failure,
                graphBudget,
                attributions, scope);
    }

    public SyncRun withLive(LiveState l) {
        return new SyncRun(mode, startedAt, desired, fallback, Optional.of(l), plan, applied, failure, graphBudget,
                attributions, scope);
    }

    public SyncRun withPlan(Plan p) {
        return new SyncRun(mode, startedAt, desired, fallback, live, Optional.of(p), applied, failure, graphBudget,
                attributions, scope);
    }

    public SyncRun withApplied(ApplyReport r) {
        return new SyncRun(mode, startedAt, desired, fallback, live, plan, Optional.of(r), failure, graphBudget,
                attributions, scope);
    }

    public SyncRun withFailure(RunFailure f) {
        return new SyncRun(mode, startedAt, desired, fallback, live, plan, applied, Optional.of(f), graphBudget,
                attributions, scope);
    }

    /**
     * What the run's Graph requests spent of the app's quota so far, how many Graph refused, and how long they were
     * held back by throttling (the Graph client's count, {@code GraphClient::budget}).
     */
    public SyncRun withGraphBudget(GraphBudget spent) {
        return new SyncRun(mode, startedAt, desired, fallback, live, plan, applied, failure, spent, attributions, scope);
    }

    /** How long the run's Graph requests were held back by throttling (Retry-After pauses and the budget). */
    public Duration graphThrottleWait() {
        return graphBudget.heldBackThisRun();
    }

    /**
     * Who changed the drifted steps outside the agent, by the audit log (issue 9, item 4); shown beside the changes,
     * never part of the result.
     */
    public SyncRun withAttributions(Attributions a) {
        return new SyncRun(mode, startedAt, desired, fallback, live, plan, applied, failure, graphBudget, a, scope);
    }

    /** The flows this run reads and plans ({@link RunScope#FULL} unless the daemon or --changed-since narrows it). */
    public SyncRun withScope(RunScope s) {
        return new SyncRun(mode, startedAt, desired, fallback, live, plan, applied, failure, graphBudget,
                attributions, s);
    }

    /** What this run came to; every output of a run (exit code, metric, log, status) maps this one value. */
    public RunResult result() {
        return RunResult.of(this);
    }

    public DesiredState requireDesired() {
        return desired.orElseThrow(() -> new IllegalStateException("run has no desired state yet"));
    }

    public LiveState requireLive() {
        return live.orElseThrow(() -> new IllegalStateException("run has no live state yet"));
    }

    public Plan requirePlan() {
        return plan.orElseThrow(() -> new IllegalStateException("run has no plan yet"));
    }
}
