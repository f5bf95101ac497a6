package io.userflowsync.notify;

import io.userflowsync.run.RunResult;

import java.util.Locale;
import java.util.Optional;

/** Why a notification is sent (issue 8, item 3); the {@code event} field of every payload. */
public enum EventKind {
    /** A run found drift it did not fix (a dry run, report-only), and this drift is not the one last sent. */
    DRIFT,
    /** A run wrote changes and verified them all. */
    APPLIED,
    /** A run failed, was blocked, incomplete, or held back by a guard: any result that is neither a success, drift nor a fallback. */
    FAILURE,
    /** The newest revision cannot be used; the run went on from the last good one. */
    FALLBACK,
    /** The first run that is not a failure or a fallback after one that was (it may also have applied or found drift). */
    RECOVERED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * What a run's result is as an event, before the history is looked at; none for a run in sync. Every outcome
     * that is not a success, drift or a fallback is a failure, so an outcome added to {@link RunResult.Outcome} (a
     * guard that trips) is announced with no change here; only a new outcome that is no failure needs a line.
     */
    static Optional<EventKind> of(RunResult.Outcome outcome) {
        if (outcome == RunResult.Outcome.APPLIED) {
            return Optional.of(APPLIED);
        }
        if (outcome.success()) {
            return Optional.empty();
        }
        return Optional.of(switch (outcome) {
            case DRIFT -> DRIFT;
            case DEGRADED -> FALLBACK;
            default -> FAILURE;
        });
    }

    /** Whether a run of this kind leaves the agent in trouble, so that the next good run is a recovery. */
    boolean unhealthy() {
        return this == FAILURE || this == FALLBACK;
    }
}
