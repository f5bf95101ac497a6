package io.userflowsync.pipeline;

import io.userflowsync.run.SyncRun;
import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.Connector;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Stage 2: the live state of what the desired state manages: the connectors, which flows exist, and the bindings of
 * the managed steps of each managed flow that exists. Reads only; a listing that fails ends the run.
 */
public final class LiveStage {
    private final GraphClient graph;

    public LiveStage(GraphClient graph) {
        this.graph = graph;
    }

    public SyncRun read(SyncRun run) throws GraphException {
        DesiredState desired = run.requireDesired();
        Set<UserFlowKind> kinds = desired.flows().stream().map(f -> UserFlowKind.require(f.flowId()))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(UserFlowKind.class)));
        Set<String> existing = kinds.isEmpty() ? Set.of() : graph.listUserFlowIds(kinds);
        List<Connector> connectors = desired.flows().isEmpty() ? List.of() : graph.listConnectors();

        Map<String, Set<Step>> toRead = new TreeMap<>();
        for (DesiredFlow flow : desired.flows()) {
            if (existing.contains(flow.flowId())) {
                toRead.put(flow.flowId(), flow.steps().stream().map(DesiredStep::step)
                        .collect(Collectors.toCollection(() -> EnumSet.noneOf(Step.class))));
            }
        }
        Map<String, LiveFlow> flows = new HashMap<>();
        Map<String, GraphError> readErrors = new HashMap<>();
        for (FlowRead read : graph.readBindings(toRead).values()) {
            read.flow().ifPresent(f -> flows.put(f.flowId(), f));
            read.error().ifPresent(e -> readErrors.put(read.flowId(), e));
        }
        return run.withLive(new LiveState(connectors, existing, flows, readErrors));
    }
}
