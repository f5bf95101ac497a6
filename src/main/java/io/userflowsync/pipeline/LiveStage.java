package io.userflowsync.pipeline;

import io.userflowsync.connector.ConnectorCallers;
import io.userflowsync.connector.ConnectorInputs;
import io.userflowsync.connector.ExtensionInputs;
import io.userflowsync.connector.ConnectorsAsCode;
import io.userflowsync.connector.SentRecord;
import io.userflowsync.connector.SentRecords;
import io.userflowsync.export.ExportStage;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.run.SyncRun;
import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.Traffic;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;

/**
 * Stage 2: the live state of what the desired state manages: the connectors, which flows exist, and the bindings of
 * the managed steps of each managed flow. Reads only; a listing that fails ends the run.
 *
 * <p>Requests (issue 7 item 3): the connector listing, then every managed flow's bindings in batches of 20. The flow
 * listing is asked for only when a read failed: a flow whose configuration could be read exists, so when every read
 * succeeds the listing has nothing to add. When one fails, the listing tells a flow the tenant does not have (deleted
 * or renamed in the portal: "unknown user flow", with the ids it does have as suggestions) from a flow that exists
 * but could not be read. The 404 a read of a missing flow gets is not used for that: what Graph answers there is not
 * documented (the simulator's 404 is its own choice, see docs/simulator.md).
 */
public final class LiveStage {
    private final GraphClient graph;
    private final Optional<ConnectorsAsCode> connectorsAsCode;

    public LiveStage(GraphClient graph) {
        this(graph, Optional.empty());
    }

    /** @param connectorsAsCode where connector state and secrets are (issue 9, item 1) */
    public LiveStage(GraphClient graph, Optional<ConnectorsAsCode> connectorsAsCode) {
        this.graph = graph;
        this.connectorsAsCode = connectorsAsCode;
    }

    public SyncRun read(SyncRun run) throws GraphException {
        // A scan's requests keep to the scan share of the quota; a push's, a pass's and a CLI run's may spend it all.
        graph.beginRun(run.scope().kind().scanTraffic() ? Traffic.SCAN : Traffic.PRIORITY);
        DesiredState desired = run.requireDesired();
        // Connector details (a larger $select) and secrets are read only when connectors are managed as code: the
        // desired state lists some, or the agent recorded some it wrote (a deletion candidate).
        Map<String, SentRecord> sent = connectorsAsCode.map(c -> c.records().load()).orElse(Map.of());
        boolean managesConnectors = connectorsAsCode.isPresent()
                && (!desired.connectors().isEmpty() || !sent.isEmpty());
        boolean readsNoFlow = desired.flows().isEmpty()
                || run.scope().scope().partial() && run.scope().scope().size() == 0;
        boolean managesExtensions = !desired.extensions().isEmpty();
        if (readsNoFlow && !managesConnectors && !managesExtensions) {
            return run.withLive(new LiveState(List.of(), Set.of(), Map.of(), Map.of()));
        }
        // The connector listing and the reads need nothing from each other: they go out side by side (the Graph
        // client's concurrency bound holds for both), so the listing costs no round trip of its own. The token
        // comes first: a credential problem fails the run, as when the listing went first.
        graph.signIn();
        Map<String, Set<Step>> toRead = new TreeMap<>();
        for (DesiredFlow flow : desired.flows()) {
            if (!run.scope().scope().covers(flow.flowId())) {
                continue; // not this run's: a targeted run or a scan slice reads only its flows
            }
            toRead.put(flow.flowId(), flow.steps().stream().map(DesiredStep::step)
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class))));
        }
        // An external tenant's events call custom authentication extensions: those are listed when such a flow is
        // read, the API connectors when another flow is (or connectors are managed), each only then.
        boolean readsEvents = managesExtensions
                || toRead.keySet().stream().anyMatch(id -> UserFlowKind.require(id).callsExtensions());
        boolean readsConnectors = managesConnectors
                || toRead.keySet().stream().anyMatch(id -> !UserFlowKind.require(id).callsExtensions());
        CompletableFuture<List<LiveConnector>> connectors = CompletableFuture.supplyAsync(() -> {
            try {
                if (!readsConnectors) {
                    return List.<LiveConnector>of();
                }
                return managesConnectors ? graph.listConnectorDetails() : graph.listConnectors().stream()
                        .map(c -> new LiveConnector(c.id(), c.displayName(), "", new LiveConnector.Other("")))
                        .toList();
            } catch (GraphException e) {
                throw new CompletionException(e);
            }
        });
        // A tenant that cannot list its extensions (no such tenant, no CustomAuthenticationExtension.Read.All) fails
        // the external flows' entries only, as a read error of each; the other flows are planned as usual.
        AtomicReference<GraphError> extensionsRefused = new AtomicReference<>();
        CompletableFuture<List<CustomExtension>> extensions = CompletableFuture.supplyAsync(() -> {
            try {
                return readsEvents ? graph.listExtensions() : List.<CustomExtension>of();
            } catch (GraphException e) {
                extensionsRefused.set(e.error());
                return List.<CustomExtension>of();
            }
        });
        Map<String, LiveFlow> flows = new HashMap<>();
        Map<String, GraphError> readErrors = new HashMap<>();
        for (FlowRead read : graph.readBindings(toRead).values()) {
            read.flow().ifPresent(f -> flows.put(f.flowId(), f));
            read.error().ifPresent(e -> readErrors.put(read.flowId(), e));
        }
        List<LiveConnector> details = join(connectors);
        List<CustomExtension> listedExtensions = join(extensions);
        Set<String> existing = new HashSet<>(flows.keySet());
        if (extensionsRefused.get() != null) {
            GraphError refused = extensionsRefused.get();
            GraphError why = new GraphError(refused.status(), refused.code(), "listing the tenant's custom "
                    + "authentication extensions failed: " + refused.message(), refused.requestId());
            toRead.keySet().stream().filter(id -> UserFlowKind.require(id).callsExtensions() && flows.containsKey(id))
                    .forEach(id -> {
                        flows.remove(id);
                        readErrors.put(id, why);
                    });
        }
        List<Connector> listed = details.stream().map(LiveConnector::asConnector).toList();
        // Graph lists no "applications with listeners" to check an appId against: every application the desired
        // state names exists, and one whose listeners could not be read is a read error, never an unknown flow.
        toRead.keySet().stream().filter(id -> UserFlowKind.require(id).isApplication()).forEach(existing::add);
        if (readErrors.keySet().stream().anyMatch(id -> !UserFlowKind.require(id).isApplication())) {
            Set<UserFlowKind> kinds = toRead.keySet().stream().map(UserFlowKind::require)
                    .filter(k -> !k.isApplication())
                    .collect(Collectors.toCollection(() -> EnumSet.noneOf(UserFlowKind.class)));
            existing.addAll(graph.listUserFlowIds(kinds));
        }
        Optional<ConnectorInputs> inputs = Optional.empty();
        if (managesConnectors) {
            ConnectorsAsCode setup = connectorsAsCode.get();
            inputs = Optional.of(new ConnectorInputs(details, sent, setup.secretStates(desired.connectors()),
                    callers(desired, sent, details, flows, readErrors, setup.deleteAllowed()), setup.deleteAllowed()));
        }
        // Extensions as code: the ids recorded for the keys, and a failed listing, which keeps every extension from
        // being written (a create then could make a second one).
        Optional<ExtensionInputs> extensionInputs = managesExtensions
                ? Optional.of(new ExtensionInputs(connectorsAsCode.map(c -> recordedIds(c.extensionRecords()))
                .orElse(Map.of()), Optional.ofNullable(extensionsRefused.get())))
                : Optional.empty();
        return run.withLive(new LiveState(listed, existing, flows, readErrors, inputs).withExtensions(listedExtensions)
                        .withExtensionInputs(extensionInputs))
                .withGraphBudget(graph.budget());
    }

    private static Map<String, String> recordedIds(SentRecords records) {
        Map<String, String> ids = new TreeMap<>();
        records.load().forEach((key, record) -> ids.put(key, record.connectorId()));
        return ids;
    }

    /**
     * Which flows call which connector. A connector is deleted only when no flow calls it (issue 9, item 1), which
     * only a read of every flow can tell: that read is made only when a deletion could follow (the setting is on and
     * a recorded connector is no longer listed and still exists). Otherwise the managed flows' reads, marked
     * incomplete, which is enough for the reasons a deletion is held back.
     */
    private ConnectorCallers callers(DesiredState desired, Map<String, SentRecord> sent, List<LiveConnector> live,
                                     Map<String, LiveFlow> managedFlows, Map<String, GraphError> readErrors,
                                     boolean deleteAllowed) {
        Set<String> liveIds = live.stream().map(c -> c.id().toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
        boolean candidate = sent.entrySet().stream().anyMatch(e -> desired.connector(e.getKey()).isEmpty()
                && liveIds.contains(e.getValue().connectorId().toLowerCase(Locale.ROOT)));
        Map<String, List<String>> byConnector = new TreeMap<>();
        if (!deleteAllowed || !candidate) {
            managedFlows.values().forEach(f -> addCallers(byConnector, f));
            return new ConnectorCallers(byConnector, false);
        }
        boolean complete = true;
        int listedFamilies = 0;
        Map<String, Set<Step>> everyFlow = new TreeMap<>();
        for (UserFlowKind kind : UserFlowKind.values()) {
            if (kind.callsExtensions()) {
                continue; // an external tenant's flows call custom authentication extensions, never API connectors
            }
            try {
                for (String id : graph.listUserFlowIds(List.of(kind))) {
                    everyFlow.put(id, EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION));
                }
                listedFamilies++;
            } catch (GraphException e) {
                // A tenant serves one family (B2C or External ID): a 400/403/404 for the other is read as "none
                // here", as export reads it. Anything else, and a family that cannot be listed may call it.
                complete &= ExportStage.familyAbsent(e.error());
            }
        }
        complete &= listedFamilies > 0;
        for (FlowRead read : graph.readBindings(everyFlow).values()) {
            read.flow().ifPresent(f -> addCallers(byConnector, f));
            complete &= read.flow().isPresent();
        }
        return new ConnectorCallers(byConnector, complete && readErrors.isEmpty());
    }

    private static void addCallers(Map<String, List<String>> byConnector, LiveFlow flow) {
        flow.bindings().forEach((step, connector) -> {
            List<String> callers = byConnector.computeIfAbsent(connector.id().toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>());
            String caller = flow.flowId() + " " + step.graphName();
            if (!callers.contains(caller)) {
                callers.add(caller);
            }
        });
    }

    private static <T> List<T> join(CompletableFuture<List<T>> listing) throws GraphException {
        try {
            return listing.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof GraphException g) {
                throw g;
            }
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }
}
