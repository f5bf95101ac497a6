package io.userflowsync.export;

import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.UserFlowKind;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an export read from the tenant, or why it cannot be written.
 *
 * @param families   the flow families whose collection was listed (and so get a file when exporting to a folder)
 * @param notServed  families whose collection the tenant refused (not that kind of tenant), with its answer
 * @param flows      the bindings of every exported flow, sorted by id, each read for all of
 *                   {@link ExportRequest#stepsFor} its kind
 * @param connectors every identityApiConnector of the tenant (to tell a unique displayName from a shared one)
 * @param leftOut    flow ids the tenant lists that the desired state cannot hold (they do not match its pattern)
 * @param details    with {@code --with-connectors}: every connector with what Graph reads back of it (never a
 *                   secret); empty otherwise
 * @param extensions an external tenant's custom authentication extensions (what its events call), when its sign-up
 *                   flows are exported; empty otherwise
 * @param problems   why nothing may be written (an unknown flow asked for, a flow that could not be read); when
 *                   not empty the rest may be incomplete
 */
public record TenantSnapshot(Set<UserFlowKind> families, Map<UserFlowKind, GraphError> notServed,
                             List<LiveFlow> flows, List<Connector> connectors, List<String> leftOut,
                             List<String> problems, List<LiveConnector> details, List<CustomExtension> extensions) {
    public TenantSnapshot {
        extensions = List.copyOf(extensions);
        details = List.copyOf(details);
        families = Set.copyOf(families);
        notServed = notServed.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(notServed));
        flows = List.copyOf(flows);
        connectors = List.copyOf(connectors);
        leftOut = List.copyOf(leftOut);
        problems = List.copyOf(problems);
    }

    public TenantSnapshot(Set<UserFlowKind> families, Map<UserFlowKind, GraphError> notServed, List<LiveFlow> flows,
                          List<Connector> connectors, List<String> leftOut, List<String> problems) {
        this(families, notServed, flows, connectors, leftOut, problems, List.of());
    }

    public TenantSnapshot(Set<UserFlowKind> families, Map<UserFlowKind, GraphError> notServed, List<LiveFlow> flows,
                          List<Connector> connectors, List<String> leftOut, List<String> problems,
                          List<LiveConnector> details) {
        this(families, notServed, flows, connectors, leftOut, problems, details, List.of());
    }

    static TenantSnapshot failed(List<String> problems) {
        return new TenantSnapshot(Set.of(), Map.of(), List.of(), List.of(), List.of(), problems);
    }
}
