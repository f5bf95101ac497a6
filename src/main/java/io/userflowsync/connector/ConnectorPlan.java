package io.userflowsync.connector;

import io.userflowsync.model.Connector;

import java.util.List;
import java.util.Map;

/**
 * The planned connector changes of one run, what a rule held back (with why) and what could not be planned.
 *
 * @param inSync  managed connectors that need no write
 * @param targets by key: the connector a binding {@code {connector: key}} names, as matched in the tenant (by the
 *                recorded id first, then by displayName) or {@link Connector#toBeCreated} when this plan creates it;
 *                a key that is absent falls back to a displayName match
 */
public record ConnectorPlan(List<ConnectorChange> changes, List<HeldBack> heldBack, List<Problem> problems,
                            int inSync, Map<String, Connector> targets) {
    /** No connectors as code: the desired state has no {@code connectors:} and the agent recorded none. */
    public static final ConnectorPlan NONE = new ConnectorPlan(List.of(), List.of(), List.of(), 0, Map.of());

    public ConnectorPlan {
        changes = List.copyOf(changes);
        heldBack = List.copyOf(heldBack);
        problems = List.copyOf(problems);
        targets = Map.copyOf(targets);
    }

    public ConnectorPlan(List<ConnectorChange> changes, List<HeldBack> heldBack, List<Problem> problems, int inSync) {
        this(changes, heldBack, problems, inSync, Map.of());
    }

    /** Whether there is anything to show: a change, something held back, a problem, or a managed connector. */
    public boolean isEmpty() {
        return changes.isEmpty() && heldBack.isEmpty() && problems.isEmpty() && inSync == 0;
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
