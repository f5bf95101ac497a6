package io.userflowsync.pipeline;

import io.userflowsync.run.SyncRun;
import io.userflowsync.plan.Planner;
import io.userflowsync.plan.Policy;

/** Stage 3: the plan, by the pure planner. */
public final class PlanStage {
    private final Policy policy;

    public PlanStage(Policy policy) {
        this.policy = policy;
    }

    public SyncRun plan(SyncRun run) {
        return run.withPlan(Planner.plan(run.requireDesired(), run.requireLive(), policy));
    }
}
