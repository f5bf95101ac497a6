package io.userflowsync.apply;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.WriteOutcome;
import io.userflowsync.model.Step;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.SyncMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
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

    /** @param mode the agent's {@code sync.mode}; {@code report} refuses every write whatever the plan says */
    public Applier(GraphClient graph, SyncMode mode) {
        this.graph = graph;
        this.mode = mode;
    }

    public ApplyReport apply(Plan plan) {
        Optional<WriteRefusal> refusal = WriteRefusal.of(plan, mode);
        if (refusal.isPresent()) {
            LOG.debug("Writing none of {} change(s): {}", plan.changes().size(), refusal.get().reason());
            return ApplyReport.refused(plan, refusal.get());
        }
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
