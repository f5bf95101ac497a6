package io.userflowsync.apply;

import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.plan.PlanChange;

import java.util.Optional;

/**
 * One change's result: the write's error if Graph refused it (or the re-read's error if it could not be checked),
 * and the binding observed when the flow was read again.
 */
public record ChangeResult(PlanChange change, ChangeOutcome outcome, Optional<GraphError> error,
                           Optional<Connector> observed) {
}
