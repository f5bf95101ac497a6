package io.userflowsync.connector;

import io.userflowsync.model.Connector;

import java.util.List;
import java.util.Map;

/**
 * The planned connector changes of one run, what a rule held back (with why) and what could not be planned.
 *
 * @param inSync  managed connectors that need no write
 * @param extensionsInSync managed custom authentication extensions that need no write
 * @param targets by key: the connector a binding {@code {connector: key}} names, as matched in the tenant (by the
 *                recorded id first, then by displayName) or {@link Connector#toBeCreated} when this plan creates it;
 *                a key that is absent falls back to a displayName match
 */
public record ConnectorPlan(List<ConnectorChange> changes, List<HeldBack> heldBack, List<Problem> problems,
                            int inSync, Map<String, Connector> targets, int extensionsInSync) {
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

    public ConnectorPlan(List<ConnectorChange> changes, List<HeldBack> heldBack, List<Problem> problems, int inSync,
                         Map<String, Connector> targets) {
        this(changes, heldBack, problems, inSync, targets, 0);
    }

    /** Whether there is anything to show: a change, something held back, a problem, or a managed connector. */
    public boolean isEmpty() {
        return changes.isEmpty() && heldBack.isEmpty() && problems.isEmpty() && inSync == 0 && extensionsInSync == 0;
    }

    /** The part of this plan that writes {@code target}: its changes, held-back changes, problems and in-sync count. */
    public ConnectorPlan only(ConnectorChange.Target target) {
        return new ConnectorPlan(changes.stream().filter(c -> c.target() == target).toList(),
                heldBack.stream().filter(h -> h.change().target() == target).toList(),
                problems.stream().filter(p -> p.target() == target).toList(),
                target == ConnectorChange.Target.CONNECTOR ? inSync : extensionsInSync, Map.of(), 0);
    }

    /**
     * This plan's changes, held-back changes and problems followed by {@code extensions}' (custom authentication
     * extensions, written after the connectors); the targets stay this plan's, since extension keys are names of
     * their own.
     */
    public ConnectorPlan with(ConnectorPlan extensions) {
        if (extensions.isEmpty()) {
            return this;
        }
        return new ConnectorPlan(concat(changes, extensions.changes), concat(heldBack, extensions.heldBack),
                concat(problems, extensions.problems), inSync, targets, extensions.inSync);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new java.util.ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public record HeldBack(ConnectorChange change, String reason) {
    }

    /** A managed connector (or extension) that is skipped this run, and why. */
    public record Problem(String key, String message, ConnectorChange.Target target) {
        public Problem(String key, String message) {
            this(key, message, ConnectorChange.Target.CONNECTOR);
        }
    }

    public boolean hasDrift() {
        return !changes.isEmpty();
    }
}
