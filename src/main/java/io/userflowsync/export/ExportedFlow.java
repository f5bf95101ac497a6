package io.userflowsync.export;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.Step;

import java.util.List;
import java.util.Optional;

/** A flow as the export writes it: its steps in sign-up order, each naming a connector or none ({@code null}). */
public record ExportedFlow(String flowId, List<ExportedStep> steps) {
    public ExportedFlow {
        steps = List.copyOf(steps);
    }

    /**
     * One step: {@code connector} empty for {@code null}; {@code comment} says why a connector is named by id (its
     * displayName is shared, or cannot be written so that it reads back the same).
     */
    public record ExportedStep(Step step, Optional<ConnectorRef> connector, Optional<String> comment) {
    }
}
