package io.userflowsync.plan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;

import java.util.Optional;

/** One change to one step of one flow: from what is live to what the desired state asks for. */
public record PlanChange(String flowId, Step step, ChangeKind kind, Optional<Connector> from, Optional<Connector> to,
                         SourceLocation location) {
}
