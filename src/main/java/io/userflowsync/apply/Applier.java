package io.userflowsync.apply;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.WriteOutcome;
import io.userflowsync.model.Step;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Writes a plan's changes to Graph, then reads the written flows again to verify them. The Graph client sends them
 * in batches: the writes in waves that never put two writes to one flow in flight together, and one re-read per
 * flow that had a write accepted; no change, no request.
 */
public final class Applier {
    private final GraphClient graph;

    public Applier(GraphClient graph) {
        this.graph = graph;
    }

    public ApplyReport apply(Plan plan) {
        List<WriteOutcome> writes = graph.write(plan.changes());
        Map<String, Set<Step>> written = new TreeMap<>();
        for (WriteOutcome w : writes) {
            if (w.accepted()) {
                PlanChange c = w.change();
                written.computeIfAbsent(c.flowId(), f -> EnumSet.noneOf(Step.class)).add(c.step());
            }
        }
        Map<String, FlowRead> reread = written.isEmpty() ? Map.of() : graph.readBindings(written);
        return new ApplyReport(plan, Verifier.verify(writes, reread));
    }

    /** How long this run's Graph requests have been held back by throttling so far, writes and re-reads included. */
    public Duration graphThrottleWait() {
        return graph.throttleWait();
    }
}
