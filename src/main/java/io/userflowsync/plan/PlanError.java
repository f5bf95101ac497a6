package io.userflowsync.plan;

import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;

import java.util.Optional;

/** Something the planner could not turn into a change, with where the desired state said it. */
public record PlanError(String flowId, Optional<Step> step, Kind kind, String message,
                        Optional<SourceLocation> location) {

    public enum Kind {
        /** The desired state names a flow the tenant does not list. */
        UNKNOWN_FLOW(true),
        /** A connector reference matches no connector. */
        UNKNOWN_CONNECTOR(true),
        /** A displayName matches more than one connector. */
        AMBIGUOUS_CONNECTOR(true),
        /** The flow exists but its bindings could not be read; that flow is skipped, the others go on. */
        READ_FAILED(false);

        private final boolean inputError;

        Kind(boolean inputError) {
            this.inputError = inputError;
        }

        /** Input errors are mistakes in the desired state: while any remains, nothing is written. */
        public boolean inputError() {
            return inputError;
        }
    }
}
