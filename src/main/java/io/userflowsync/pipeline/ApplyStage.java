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
        if (run.scope().kind().onlyReads()) {
            return run; // a scan slice's drift is written by the targeted run that follows it
        }
        return run.withApplied(applier.apply(run.requirePlan())).withGraphBudget(applier.graphBudget());
    }
}
