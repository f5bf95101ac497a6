package io.userflowsync.forensics;

import io.userflowsync.model.Step;
import io.userflowsync.plan.PlanChange;

import java.util.Map;
import java.util.Optional;

/** Who changed each drifted step outside the agent, where the audit log says; empty when nobody was looked up. */
public record Attributions(Map<Key, Attribution> byStep) {
    public static final Attributions NONE = new Attributions(Map.of());

    public Attributions {
        byStep = Map.copyOf(byStep);
    }

    /** A step of a flow. */
    public record Key(String flowId, Step step) {
        static Key of(PlanChange change) {
            return new Key(change.flowId(), change.step());
        }
    }

    public Optional<Attribution> of(PlanChange change) {
        return Optional.ofNullable(byStep.get(Key.of(change)));
    }

    public boolean isEmpty() {
        return byStep.isEmpty();
    }
}
