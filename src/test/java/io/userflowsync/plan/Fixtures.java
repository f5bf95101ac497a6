package io.userflowsync.plan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Small builders for desired and live state, shared by the planner and renderer tests. */
public final class Fixtures {
    public static final Connector CHECK_DOMAIN = new Connector("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07", "Check partner domain");
    public static final Connector ENRICH = new Connector("7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10", "Enrich partner profile");
    public static final Connector LEGACY = new Connector("e05f1a2b-9c8d-4e7f-a6b5-c4d3e2f1a0b9", "Legacy CRM hook");
    public static final Connector TWIN_A = new Connector("b0000000-0000-4000-8000-00000000000b", "Loyalty check");
    public static final Connector TWIN_B = new Connector("a0000000-0000-4000-8000-00000000000a", "Loyalty check");
    public static final List<Connector> CONNECTORS = List.of(CHECK_DOMAIN, ENRICH, LEGACY, TWIN_A, TWIN_B);
    public static final SourceRevision SOURCE = SourceRevision.folder("config/desired-state.example.yaml");

    private Fixtures() {
    }

    public static SourceLocation at(int line, int column) {
        return new SourceLocation("desired.yaml", line, column);
    }

    public static Optional<ConnectorRef> byId(String id) {
        return Optional.of(new ConnectorRef.ById(id));
    }

    public static Optional<ConnectorRef> byName(String name) {
        return Optional.of(new ConnectorRef.ByDisplayName(name));
    }

    public static Optional<ConnectorRef> none() {
        return Optional.empty();
    }

    public static DesiredStep step(Step step, Optional<ConnectorRef> connector) {
        return new DesiredStep(step, connector, at(10 + step.ordinal(), 5));
    }

    public static DesiredFlow flow(String flowId, DesiredStep... steps) {
        return new DesiredFlow(flowId, at(flowId.length(), 3), List.of(steps));
    }

    public static DesiredState desired(DesiredFlow... flows) {
        return new DesiredState(List.of(flows), SOURCE);
    }

    /** A tenant whose connectors are {@link #CONNECTORS}; flows are added with {@link #flow} and {@link #failing}. */
    public static Live live() {
        return new Live();
    }

    public static final class Live {
        private final List<Connector> connectors = new ArrayList<>(CONNECTORS);
        private final Set<String> existing = new LinkedHashSet<>();
        private final Map<String, LiveFlow> flows = new LinkedHashMap<>();
        private final Map<String, GraphError> readErrors = new LinkedHashMap<>();

        public Live connectors(List<Connector> list) {
            connectors.clear();
            connectors.addAll(list);
            return this;
        }

        public Live flow(String flowId) {
            return flow(flowId, Map.of());
        }

        public Live flow(String flowId, Step step, Connector bound) {
            return flow(flowId, Map.of(step, bound));
        }

        public Live flow(String flowId, Map<Step, Connector> bindings) {
            existing.add(flowId);
            flows.put(flowId, new LiveFlow(flowId, bindings));
            return this;
        }

        public Live failing(String flowId, GraphError error) {
            existing.add(flowId);
            readErrors.put(flowId, error);
            return this;
        }

        /** A flow the tenant lists but that is not managed, so its bindings were never read. */
        public Live unmanaged(String flowId) {
            existing.add(flowId);
            return this;
        }

        public LiveState build() {
            return new LiveState(connectors, existing, flows, readErrors);
        }
    }
}
