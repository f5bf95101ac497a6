package io.userflowsync.run;

import io.userflowsync.desired.ValidationProblem;

import java.util.List;

/** Why a run stopped before it had a plan to act on; nothing was written. */
public record RunFailure(String stage, String message, List<ValidationProblem> problems) {
    public RunFailure {
        problems = List.copyOf(problems);
    }
}
