package io.userflowsync.plan;

import java.util.List;

/**
 * The drift between desired and live state, in a deterministic order (flow id, then step order).
 *
 * @param changes      what apply would write
 * @param suppressed   changes a policy held back
 * @param errors       flows or steps that could not be planned; each stops only what it names, so {@code changes}
 *                     holds every change of the other flows and steps
 * @param managedSteps how many steps the desired state manages
 * @param inSyncSteps  how many of those already match
 * @param mode         whether the plan may be written at all ({@code sync.mode}, {@code suspend: true})
 * @param guards       the limits on the whole plan it is over; when they hold it back, none of {@code changes} is
 *                     written
 */
public record Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                   int managedSteps, int inSyncSteps, WriteMode mode, GuardCheck guards) {

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

    public boolean hasDrift() {
        return !changes.isEmpty();
    }

}
