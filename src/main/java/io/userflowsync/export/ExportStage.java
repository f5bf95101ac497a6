package io.userflowsync.export;

import io.userflowsync.model.LiveConnector;
import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The live reader of the pipeline run backwards: which flows the tenant has, every step of each of them (not only
 * those a desired state manages), and the connectors. Reads only. A listing that fails throws, like
 * {@code LiveStage}; an unknown flow asked for and a flow that cannot be read are problems in the snapshot.
 */
public final class ExportStage {
    private final GraphClient graph;

    public ExportStage(GraphClient graph) {
        this.graph = graph;
    }

    public TenantSnapshot read(ExportRequest request) throws GraphException {
        List<String> problems = new ArrayList<>();
        Set<UserFlowKind> kinds = EnumSet.noneOf(UserFlowKind.class);
        if (request.allFlows()) {
            kinds.addAll(EnumSet.allOf(UserFlowKind.class));
        }
        for (String id : request.flows()) {
            Optional<UserFlowKind> kind = UserFlowKind.of(id).filter(k -> UserFlowKind.isFlowId(id));
            kind.ifPresentOrElse(kinds::add, () -> problems.add("'" + Excerpt.of(id) + "' (--flows) is not a user "
                    + "flow id: ids look like B2X_1_name (External ID), B2C_1_name (Azure AD B2C) or a GUID (an "
                    + "External ID external tenant's sign-up flow)"));
        }
        if (!problems.isEmpty()) {
            return TenantSnapshot.failed(problems);
        }

        // First, so that a failure every request would meet (the token endpoint's 400 for an unknown tenant or
        // client, a missing permission) is an error of its own, never read as a flow family the tenant lacks.
        // With --with-connectors, the listing with each connector's details (one request either way).
        // An external tenant's app may hold no APIConnectors permission: a 403 here is an error only once a flow that
        // calls connectors is to be exported.
        List<LiveConnector> details = List.of();
        GraphException connectorsRefused = null;
        List<Connector> connectors = List.of();
        graph.signIn();
        try {
            if (request.withConnectors()) {
                details = graph.listConnectorDetails();
                connectors = details.stream().map(LiveConnector::asConnector).toList();
            } else {
                connectors = graph.listConnectors();
            }
        } catch (GraphException e) {
            if (e.error().status() != 403) {
                throw e;
            }
            connectorsRefused = e;
        }
        Map<String, UserFlowKind> listed = new TreeMap<>();
        Set<UserFlowKind> families = EnumSet.noneOf(UserFlowKind.class);
        Map<UserFlowKind, GraphError> notServed = new EnumMap<>(UserFlowKind.class);
        for (UserFlowKind kind : kinds) {
            try {
                Set<String> ids = graph.listUserFlowIds(Set.of(kind));
                ids.forEach(id -> listed.put(id, kind));
                // A workforce tenant answers its (empty) authenticationEventsFlows too: that family gets a file only
                // when it has flows.
                if (!kind.callsExtensions() || !ids.isEmpty() || !request.allFlows()) {
                    families.add(kind);
                }
            } catch (GraphException e) {
                // A tenant is either Azure AD B2C or not, and serves one family only: b2xUserFlows in a B2C
                // directory answers 403 AADB2C ("Access to this Api can only be made for an Azure AD directory
                // (non b2c)", microsoftgraph/microsoft-graph-docs-contrib#8478); what b2cUserFlows answers elsewhere
                // is not documented, so 400 and 404 (what OData answers for a segment a service lacks) count too.
                // Only when every flow is exported: a family asked for by --flows must be there.
                if (!request.allFlows() || !familyAbsent(e.error())) {
                    throw e;
                }
                notServed.put(kind, e.error());
            }
        }
        if (families.isEmpty()) {
            List<String> answers = notServed.entrySet().stream()
                    .map(e -> "GET /" + e.getKey().collectionPath() + " answered " + e.getValue().describe()).toList();
            return TenantSnapshot.failed(List.of("the tenant lists no user flow collection: "
                    + String.join("; ", answers) + ". Check the app's permission IdentityUserFlow.ReadWrite.All"));
        }

        Map<String, UserFlowKind> selected = new TreeMap<>();
        List<String> leftOut = new ArrayList<>();
        if (request.allFlows()) {
            listed.forEach((id, kind) -> {
                if (UserFlowKind.isFlowId(id) && UserFlowKind.of(id).equals(Optional.of(kind))) {
                    selected.put(id, kind);
                } else {
                    leftOut.add(id);
                }
            });
        } else {
            for (String id : request.flows()) {
                if (listed.containsKey(id)) {
                    selected.put(id, listed.get(id));
                } else {
                    problems.add("unknown user flow '" + id + "' (--flows): the tenant lists no such flow."
                            + Suggestions.didYouMean(id, listed.keySet()));
                }
            }
        }
        if (!problems.isEmpty()) {
            return TenantSnapshot.failed(problems);
        }

        if (connectorsRefused != null && selected.values().stream().anyMatch(k -> !k.callsExtensions())) {
            throw connectorsRefused;
        }
        Map<String, Set<Step>> toRead = new TreeMap<>();
        selected.forEach((id, kind) -> toRead.put(id, new LinkedHashSet<>(request.stepsFor(kind))));
        List<LiveFlow> flows = new ArrayList<>();
        for (FlowRead read : new TreeMap<>(graph.readBindings(toRead)).values()) {
            read.flow().ifPresent(flows::add);
            read.error().ifPresent(e -> problems.add(read.flowId() + ": its apiConnectorConfiguration could not be "
                    + "read: " + e.describe()));
        }
        if (!problems.isEmpty()) {
            problems.add("nothing was written; try again, or leave the flow(s) out with --flows");
            return TenantSnapshot.failed(problems);
        }
        boolean readsEvents = selected.values().stream().anyMatch(UserFlowKind::callsExtensions);
        List<CustomExtension> extensions = readsEvents ? graph.listExtensions() : List.of();
        return new TenantSnapshot(families, notServed, flows, connectors, leftOut, List.of(), details, extensions);
    }

    /** Whether a family's listing answered as a tenant that has no such flows does (see {@link #read}). */
    public static boolean familyAbsent(GraphError error) {
        return error.status() == 400 || error.status() == 403 || error.status() == 404;
    }
}
