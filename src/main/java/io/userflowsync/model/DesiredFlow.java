package io.userflowsync.model;

import java.util.List;

/** A user flow named in the desired state, with its managed steps in {@link Step} order. */
public record DesiredFlow(String flowId, SourceLocation location, List<DesiredStep> steps) {
    public DesiredFlow {
        steps = List.copyOf(steps);
    }
}
