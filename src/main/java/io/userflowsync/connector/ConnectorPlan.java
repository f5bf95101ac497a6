package io.userflowsync.connector;

import java.util.List;

/**
 * The planned connector changes of one run, what a rule held back (with why) and what could not be planned.
 *
 * @param inSync managed connectors that need no write
 */
public record ConnectorPlan(List<ConnectorChange> changes, List<HeldBack> heldBack, List<Problem> problems,
                            int inSync) {
    public ConnectorPlan {
        changes = List.copyOf(changes);
        heldBack = List.copyOf(heldBack);
        problems = List.copyOf(problems);
    }

    public record HeldBack(ConnectorChange change, String reason) {
    }

    /** A managed connector that is skipped this run, and why. */
    public record Problem(String key, String message) {
    }

    public boolean hasDrift() {
        return !changes.isEmpty();
    }
}
