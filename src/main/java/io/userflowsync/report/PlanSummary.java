package io.userflowsync.report;

import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;

/** The counts every rendering of a plan shows, worded once so text and Markdown say the same thing. */
record PlanSummary(int bind, int rebind, int unbind, int suppressed, int errors, int managedSteps, int inSyncSteps) {

    static PlanSummary of(Plan plan) {
        return new PlanSummary(count(plan, ChangeKind.BIND), count(plan, ChangeKind.REBIND),
                count(plan, ChangeKind.UNBIND), plan.suppressed().size(), plan.errors().size(),
                plan.managedSteps(), plan.inSyncSteps());
    }

    private static int count(Plan plan, ChangeKind kind) {
        return (int) plan.changes().stream().filter(c -> c.kind() == kind).count();
    }

    /** {@code 1 to bind, 1 to rebind, 1 to unbind} */
    String changesPhrase() {
        return bind + " to bind, " + rebind + " to rebind, " + unbind + " to unbind";
    }

    /** {@code 1 to bind, 1 to rebind, 1 to unbind; 1 held back by policy; 0 errors; 1 of 5 managed steps in sync} */
    String sentence() {
        return changesPhrase() + "; " + suppressed + " held back by policy; " + errors
                + (errors == 1 ? " error" : " errors") + "; " + inSyncSteps + " of " + managedSteps
                + " managed steps in sync";
    }
}
