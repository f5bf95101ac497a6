package io.userflowsync.graph;

import io.userflowsync.model.GraphError;
import io.userflowsync.plan.PlanChange;

import java.util.Optional;

/** What Graph answered to one change's write: a 2xx (no error), or the error. */
public record WriteOutcome(PlanChange change, Optional<GraphError> error) {
    public boolean accepted() {
        return error.isEmpty();
    }
}
