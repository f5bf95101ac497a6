package io.userflowsync.source;

import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one run gets from the desired source. A fetch error never yields an empty desired state. */
public sealed interface SourceOutcome {

    /** The state to reconcile towards, if this run should reconcile at all. */
    Optional<DesiredState> desiredState();

    /** The newest revision validated: reconcile towards it. */
    record Current(DesiredState state) implements SourceOutcome {
        public Current {
            Objects.requireNonNull(state, "state");
        }

        @Override
        public Optional<DesiredState> desiredState() {
            return Optional.of(state);
        }
    }

    /**
     * The newest revision could not be fetched or does not validate; reconcile towards the last good one.
     *
     * @param failedRevision the revision that failed, when one was fetched (absent when the remote was unreachable)
     * @param reason         why, for a person
     * @param problems       the validation problems of the failed revision, each with file:line
     */
    record Fallback(DesiredState lastGood, Optional<SourceRevision> failedRevision, String reason,
                    List<ValidationProblem> problems) implements SourceOutcome {
        public Fallback {
            Objects.requireNonNull(lastGood, "lastGood");
            Objects.requireNonNull(failedRevision, "failedRevision");
            Objects.requireNonNull(reason, "reason");
            problems = List.copyOf(problems);
        }

        @Override
        public Optional<DesiredState> desiredState() {
            return Optional.of(lastGood);
        }
    }

    /**
     * Nothing to reconcile towards: the source is broken and there is no last good revision, or the setting
     * {@code onSourceError=skip} skips runs while it is broken. The run must not plan or apply anything.
     */
    record Unavailable(String reason, Optional<SourceRevision> failedRevision,
                       List<ValidationProblem> problems) implements SourceOutcome {
        public Unavailable {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(failedRevision, "failedRevision");
            problems = List.copyOf(problems);
        }

        @Override
        public Optional<DesiredState> desiredState() {
            return Optional.empty();
        }
    }
}
