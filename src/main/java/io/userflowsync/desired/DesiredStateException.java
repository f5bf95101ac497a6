package io.userflowsync.desired;

import java.util.List;
import java.util.stream.Collectors;

/** The desired state is invalid: every problem found, each with file, line and column. Nothing may be written. */
public class DesiredStateException extends Exception {
    private final List<ValidationProblem> problems;

    public DesiredStateException(List<ValidationProblem> problems) {
        super(problems.size() + " problem(s) in the desired state:\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<ValidationProblem> problems() {
        return problems;
    }
}
