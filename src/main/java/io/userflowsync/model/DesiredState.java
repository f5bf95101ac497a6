package io.userflowsync.model;

import java.util.List;

/** The validated desired state: flows sorted by id, and where it was read from. */
public record DesiredState(List<DesiredFlow> flows, SourceRevision source) {
    public DesiredState {
        flows = List.copyOf(flows);
    }
}
