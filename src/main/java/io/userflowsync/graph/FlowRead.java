package io.userflowsync.graph;

import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;

import java.util.Optional;

/** The bindings of one flow as read, or why they could not be read. Exactly one of the two is present. */
public record FlowRead(String flowId, Optional<LiveFlow> flow, Optional<GraphError> error) {
    public static FlowRead read(LiveFlow flow) {
        return new FlowRead(flow.flowId(), Optional.of(flow), Optional.empty());
    }

    public static FlowRead failed(String flowId, GraphError error) {
        return new FlowRead(flowId, Optional.empty(), Optional.of(error));
    }
}
