package io.userflowsync.model;

import io.userflowsync.connector.ConnectorInputs;
import io.userflowsync.connector.ExtensionInputs;

import java.util.List;
import java.util.Optional;
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
 * @param connectorInputs what the connector planner needs; read only when the desired state has
 *                        {@code connectors:} or the agent recorded connectors it managed
 * @param extensions     every customAuthenticationExtension of an external tenant; read only when the desired state
 *                       names flows of that family or manages extensions
 * @param extensionInputs what the extension planner needs; read only when the desired state has
 *                        {@code customExtensions:}
 */
public record LiveState(List<Connector> connectors, Set<String> existingFlows, Map<String, LiveFlow> flows,
                        Map<String, GraphError> readErrors, Optional<ConnectorInputs> connectorInputs,
                        List<CustomExtension> extensions, Optional<ExtensionInputs> extensionInputs) {
    public LiveState {
        connectors = List.copyOf(connectors);
        extensions = List.copyOf(extensions);
        existingFlows = Set.copyOf(existingFlows);
        flows = Map.copyOf(flows);
        readErrors = Map.copyOf(readErrors);
    }

    public LiveState(List<Connector> connectors, Set<String> existingFlows, Map<String, LiveFlow> flows,
                     Map<String, GraphError> readErrors, Optional<ConnectorInputs> connectorInputs) {
        this(connectors, existingFlows, flows, readErrors, connectorInputs, List.of(), Optional.empty());
    }

    /** The same, with the external tenant's extensions. */
    public LiveState withExtensions(List<CustomExtension> extensions) {
        return new LiveState(connectors, existingFlows, flows, readErrors, connectorInputs, extensions,
                extensionInputs);
    }

    /** The same, with what extensions as code needs. */
    public LiveState withExtensionInputs(Optional<ExtensionInputs> inputs) {
        return new LiveState(connectors, existingFlows, flows, readErrors, connectorInputs, extensions, inputs);
    }

    /** Without connectors as code. */
    public LiveState(List<Connector> connectors, Set<String> existingFlows, Map<String, LiveFlow> flows,
                     Map<String, GraphError> readErrors) {
        this(connectors, existingFlows, flows, readErrors, Optional.empty());
    }
}
