package io.userflowsync.pipeline;

import io.userflowsync.run.RunFailure;

import java.util.List;

/**
 * A saved plan that must not be applied: unreadable, edited, for another tenant, too old, forbidden by this agent's
 * settings, or stale. Thrown by {@link SavedPlanStage} before anything is written; the run ends {@code failed}, with
 * "could not use the saved plan" and the reason.
 */
final class SavedPlanRefused extends Exception {
    static final String STAGE = "saved plan";

    SavedPlanRefused(String message) {
        super(message);
    }

    RunFailure failure() {
        return new RunFailure(STAGE, getMessage(), List.of(), "use");
    }
}
