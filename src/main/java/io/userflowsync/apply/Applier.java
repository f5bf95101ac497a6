package io.userflowsync.apply;

import io.userflowsync.connector.ConnectorApplier;
import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphBudget;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.graph.WriteOutcome;
import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.Step;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.SyncMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a plan's changes to Graph, then reads the written flows again to verify them. The one gate every write
 * passes: a plan that is report-only ({@code sync.mode=report}, {@code suspend: true}) or held back by a guard is
 * not written at all ({@link WriteRefusal}). The Graph client sends the writes in batches: in waves that never put
 * two writes to one flow in flight together, and one re-read per flow that had a write accepted; no change, no
 * request.
 */
public final class Applier {
    private static final Logger LOG = LoggerFactory.getLogger(Applier.class);
    private final GraphClient graph;
    private final SyncMode mode;
    private final Optional<ConnectorApplier> connectors;

    /** @param mode the agent's {@code sync.mode}; {@code report} refuses every write whatever the plan says */
    public Applier(GraphClient graph, SyncMode mode) {
        this(graph, mode, Optional.empty());
    }

    /** @param connectors writes a plan's connector changes (issue 9, item 1); without it a plan with some fails */
    public Applier(GraphClient graph, SyncMode mode, Optional<ConnectorApplier> connectors) {
        this.graph = graph;
        this.mode = mode;
        this.connectors = connectors;
    }

    public ApplyReport apply(Plan plan) {
        Optional<WriteRefusal> refusal = WriteRefusal.of(plan, mode);
        if (refusal.isPresent()) {
            LOG.debug("Writing none of {} change(s): {}", plan.changes().size(), refusal.get().reason());
            return ApplyReport.refused(plan, refusal.get());
        }
        // Connectors first: a binding may name a connector this apply creates (docs/desired-state.md, Connectors as code).
        List<ConnectorApplier.Result> connectorResults = applyConnectors(plan);
        // By target and displayName (unique among the managed ones of each): an event names an extension created
        // here, another step a connector.
        Map<String, String> created = new TreeMap<>();
        for (ConnectorApplier.Result r : connectorResults) {
            if (r.change().action() == ConnectorChange.Action.CREATE) {
                created.put(r.change().target().noun() + ":" + r.change().displayName(), r.createdId().orElse(""));
            }
        }
        List<PlanChange> toWrite = new ArrayList<>();
        List<WriteOutcome> notCreated = new ArrayList<>();
        for (PlanChange change : plan.changes()) {
            Optional<Connector> to = change.to();
            if (to.isPresent() && to.get().isToBeCreated()) {
                ConnectorChange.Target target = change.step().isEvent() ? ConnectorChange.Target.EXTENSION
                        : ConnectorChange.Target.CONNECTOR;
                String id = created.getOrDefault(target.noun() + ":" + to.get().displayName(), "");
                if (id.isEmpty()) {
                    boolean extension = target == ConnectorChange.Target.EXTENSION;
                    notCreated.add(new WriteOutcome(change, Optional.of(new GraphError(0,
                            extension ? "ExtensionNotCreated" : "ConnectorNotCreated",
                            "not written: the " + (extension ? "custom authentication extension" : "connector")
                                    + " \"" + to.get().displayName() + "\" it names was not created",
                            Optional.empty()))));
                    continue;
                }
                change = new PlanChange(change.flowId(), change.step(), change.kind(), change.from(),
                        Optional.of(new Connector(id, to.get().displayName())), change.location());
            }
            toWrite.add(change);
        }
        List<WriteOutcome> writes = new ArrayList<>(toWrite.isEmpty() ? List.of() : graph.write(toWrite));
        writes.addAll(notCreated);
        Map<String, Set<Step>> written = new TreeMap<>();
        for (WriteOutcome w : writes) {
            if (w.accepted()) {
                PlanChange c = w.change();
                written.computeIfAbsent(c.flowId(), f -> EnumSet.noneOf(Step.class)).add(c.step());
            }
        }
        Map<String, FlowRead> reread = written.isEmpty() ? Map.of() : graph.readBindings(written);
        return new ApplyReport(plan, Verifier.verify(writes, reread), Optional.empty(), connectorResults);
    }

    private List<ConnectorApplier.Result> applyConnectors(Plan plan) {
        if (plan.connectors().changes().isEmpty()) {
            return List.of();
        }
        ConnectorApplier applier = connectors.orElseThrow(() -> new IllegalStateException(
                "a plan with connector changes, and no connector applier"));
        try {
            return applier.apply(plan.connectors());
        } catch (GraphException e) {
            // No token (or no answer at all): none of the connector changes was sent.
            return plan.connectors().changes().stream()
                    .map(c -> new ConnectorApplier.Result(c, Optional.of(e.error()), Optional.empty())).toList();
        }
    }

    /** What this run's Graph requests spent, were refused and waited so far, writes and re-reads included. */
    public GraphBudget graphBudget() {
        return graph.budget();
    }
}
