package io.userflowsync.run;

import io.userflowsync.desired.ValidationProblem;

import java.util.List;

/**
 * Why a run stopped before it had a plan to act on, or refused the one it had; nothing was written.
 *
 * @param verb what the run could not do with {@code stage}: {@code read} (the desired state, the live state) or
 *             {@code use} (a saved plan that is stale, edited or for another tenant)
 */
public record RunFailure(String stage, String message, List<ValidationProblem> problems, String verb) {
    public RunFailure {
        problems = List.copyOf(problems);
    }

    public RunFailure(String stage, String message, List<ValidationProblem> problems) {
        this(stage, message, problems, "read");
    }

    /** {@code could not read the desired state}, {@code could not use the saved plan} */
    public String headline() {
        return "could not " + verb + " the " + stage;
    }
}
