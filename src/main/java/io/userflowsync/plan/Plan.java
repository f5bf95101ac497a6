package io.userflowsync.plan;

import io.userflowsync.connector.ConnectorPlan;

import java.util.List;

/**
 * The drift between desired and live state, in a deterministic order (flow id, then step order).
 *
 * @param changes      what apply would write
 * @param suppressed   changes a policy held back
 * @param errors       flows or steps that could not be planned; each stops only what it names, so {@code changes}
 *                     holds every change of the other flows and steps
 * @param managedSteps how many steps the plan covers (all the desired state manages, unless it is partial)
 * @param inSyncSteps  how many of those already match
 * @param mode         whether the plan may be written at all ({@code sync.mode}, {@code suspend: true})
 * @param guards       the limits on the whole plan it is over; when they hold it back, none of {@code changes} is
 *                     written
 * @param connectors   the managed connectors' changes (issue 9, item 1), written before the binding changes, through
 *                     the same gate: report-only, suspend and the guards hold them back with the rest
 * @param coverage     whether every managed flow was read and planned, or only some ({@link PlanScope}); the counts
 *                     above are of the planned flows, and a partial plan is drift-free only for those
 */
public record Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                   int managedSteps, int inSyncSteps, WriteMode mode, GuardCheck guards, ConnectorPlan connectors,
                   PlanCoverage coverage) {

    public Plan {
        changes = List.copyOf(changes);
        suppressed = List.copyOf(suppressed);
        errors = List.copyOf(errors);
    }

    /** A plan that may be written and is under the default guards' limits. */
    public Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                int managedSteps, int inSyncSteps) {
        this(policy, changes, suppressed, errors, managedSteps, inSyncSteps, WriteMode.APPLY, GuardCheck.PASSED);
    }

    /** Of every managed flow. */
    public Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                int managedSteps, int inSyncSteps, WriteMode mode, GuardCheck guards, ConnectorPlan connectors) {
        this(policy, changes, suppressed, errors, managedSteps, inSyncSteps, mode, guards, connectors,
                PlanCoverage.FULL);
    }

    /** Without connectors as code. */
    public Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                int managedSteps, int inSyncSteps, WriteMode mode, GuardCheck guards) {
        this(policy, changes, suppressed, errors, managedSteps, inSyncSteps, mode, guards, ConnectorPlan.NONE);
    }

    /** Only some managed flows were read and planned: says nothing about the others. */
    public boolean partial() {
        return coverage.partial();
    }

    /** Binding changes or connector changes: either is drift (exit code 2 for a dry run). */
    public boolean hasDrift() {
        return !changes.isEmpty() || connectors.hasDrift();
    }

    /** Every write apply would make: binding changes and connector writes (one Graph call each). */
    public int writeCount() {
        return changes.size() + connectors.changes().size();
    }

    /** Errors in the plan: flows and steps that could not be planned, and connectors that could not. */
    public int errorCount() {
        return errors.size() + connectors.problems().size();
    }

}
