package io.userflowsync.plan;

import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;

import java.util.Optional;

/**
 * Something the planner could not turn into a change, with where the desired state said it. An error stops only what
 * it names: the flow when {@code step} is empty, else that one step; every other flow and step is planned as usual
 * (issue 6, item 11: one flow deleted in the portal must not stop the reconciliation of all the others). Problems in
 * the desired-state files themselves never get here: they stop the run before Graph is called.
 */
public record PlanError(String flowId, Optional<Step> step, Kind kind, String message,
                        Optional<SourceLocation> location) {

    public enum Kind {
        /** The desired state names a flow the tenant does not list (deleted or renamed in the portal, or a typo). */
        UNKNOWN_FLOW,
        /** A connector reference matches no connector of the tenant. */
        UNKNOWN_CONNECTOR,
        /** A displayName matches more than one connector of the tenant. */
        AMBIGUOUS_CONNECTOR,
        /** The flow exists but its bindings could not be read. */
        READ_FAILED,
        /** A custom authentication extension of another event's type: Graph refuses to bind it (400). */
        WRONG_EXTENSION_TYPE
    }

    /** What the error keeps from being planned: {@code this flow is skipped} or {@code this step is skipped}. */
    public String consequence() {
        return step.isPresent() ? "this step is skipped" : "this flow is skipped";
    }
}
