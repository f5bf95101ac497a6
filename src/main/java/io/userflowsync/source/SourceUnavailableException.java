package io.userflowsync.source;

import io.userflowsync.desired.ValidationProblem;

import java.util.List;

/** The desired state's source cannot be read and there is nothing safe to fall back on: the run does nothing. */
public class SourceUnavailableException extends Exception {
    private final transient List<ValidationProblem> problems;

    public SourceUnavailableException(String message, List<ValidationProblem> problems) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    /** The validation problems of the revision that failed, if it failed validation. */
    public List<ValidationProblem> problems() {
        return problems;
    }
}
