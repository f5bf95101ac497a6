package io.userflowsync.run;

/** What a run does once it has a plan. */
public enum RunMode {
    /** Dry run: compute and report the plan, write nothing. */
    PLAN,
    /** Reconcile: write the plan's changes and verify them. */
    APPLY
}
