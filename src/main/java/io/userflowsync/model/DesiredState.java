package io.userflowsync.model;

import java.util.List;
import java.util.Optional;

/**
 * The validated desired state: flows sorted by id, and where it was read from.
 *
 * @param suspendedAt where the desired state says {@code suspend: true} (the first file that does, in a folder):
 *                    while it does, the agent writes nothing (issue 8, item 2)
 */
public record DesiredState(List<DesiredFlow> flows, SourceRevision source, Optional<SourceLocation> suspendedAt) {
    public DesiredState {
        flows = List.copyOf(flows);
    }

    /** A desired state that does not suspend writes. */
    public DesiredState(List<DesiredFlow> flows, SourceRevision source) {
        this(flows, source, Optional.empty());
    }
}
