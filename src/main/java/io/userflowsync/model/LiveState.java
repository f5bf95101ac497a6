package io.userflowsync.model;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the tenant looks like, as read for one run.
 *
 * @param connectors     every identityApiConnector of the tenant (all pages)
 * @param existingFlows  ids of user flows known to exist: every managed flow that was read, and, when a read failed,
 *                       every flow the tenant lists
 * @param flows          the bindings of each managed flow that was read successfully
 * @param readErrors     managed flows that exist but whose bindings could not be read, by flow id
 */
public record LiveState(List<Connector> connectors, Set<String> existingFlows, Map<String, LiveFlow> flows,
                        Map<String, GraphError> readErrors) {
    public LiveState {
        connectors = List.copyOf(connectors);
        existingFlows = Set.copyOf(existingFlows);
        flows = Map.copyOf(flows);
        readErrors = Map.copyOf(readErrors);
    }
}
