package io.userflowsync.pipeline;

import io.userflowsync.run.SyncRun;
import io.userflowsync.apply.Applier;

/** Stage 4: write the plan and verify it (only on runs that apply). */
public final class ApplyStage {
    private final Applier applier;

    public ApplyStage(Applier applier) {
        this.applier = applier;
    }

    public SyncRun apply(SyncRun run) {
        return run.withApplied(applier.apply(run.requirePlan())).withGraphThrottleWait(applier.graphThrottleWait());
    }
}
