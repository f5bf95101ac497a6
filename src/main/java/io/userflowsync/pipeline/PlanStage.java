package io.userflowsync.pipeline;

import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.Planner;
import io.userflowsync.run.SyncRun;
import org.apache.camel.Header;

/** Stage 3: the plan, by the pure planner, of the flows the run's scope names. */
public final class PlanStage {
    /** The header a one-off {@code apply --force} sets on its run. */
    public static final String FORCE_HEADER = "syncForce";

    private final PlanRules rules;
    private final boolean forceAllowed;

    /**
     * @param forceAllowed whether a run may override the guards: one-off commands only; the daemon never does
     *                     (issue 8: it reports, keeps the live state as it is, and tries again on the next run)
     */
    public PlanStage(PlanRules rules, boolean forceAllowed) {
        this.rules = rules;
        this.forceAllowed = forceAllowed;
    }

    public SyncRun plan(SyncRun run, @Header(FORCE_HEADER) Boolean force) {
        boolean forced = forceAllowed && Boolean.TRUE.equals(force);
        return run.withPlan(Planner.plan(run.requireDesired(), run.requireLive(), rules.withForce(forced),
                run.scope().scope()));
    }
}
