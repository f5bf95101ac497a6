package io.userflowsync.plan;

import java.util.List;

/**
 * The drift between desired and live state, in a deterministic order (flow id, then step order).
 *
 * @param changes      what apply would write
 * @param suppressed   changes a policy held back
 * @param errors       steps or flows that could not be planned
 * @param managedSteps how many steps the desired state manages
 * @param inSyncSteps  how many of those already match
 */
public record Plan(Policy policy, List<PlanChange> changes, List<SuppressedChange> suppressed, List<PlanError> errors,
                   int managedSteps, int inSyncSteps) {

    public Plan {
        changes = List.copyOf(changes);
        suppressed = List.copyOf(suppressed);
        errors = List.copyOf(errors);
    }

    public boolean hasDrift() {
        return !changes.isEmpty();
    }

    /** Errors in the desired state itself (unknown flow or connector): while there is one, apply writes nothing. */
    public List<PlanError> inputErrors() {
        return errors.stream().filter(e -> e.kind().inputError()).toList();
    }

    public boolean blocked() {
        return !inputErrors().isEmpty();
    }
}
