package io.userflowsync.savedplan;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A saved plan ({@code plan --out FILE}, terraform's {@code plan -out}): the plan, the revision of the desired state
 * it was made from, and what it was made against. The fingerprint of the live state it was computed from is in the
 * plan itself: each change's {@code from} is the binding the plan saw on that step, which {@code apply FILE} checks
 * again before it writes anything ({@link Staleness}).
 *
 * @param createdAt when the plan was made (for {@code sync.saved-plan.max-age})
 * @param createdBy the agent and version that made it, for a person reading the file
 * @param target    the tenant and Graph endpoint it was made for
 * @param source    the revision of the desired state it was planned from
 * @param plan      the plan, exactly as {@code plan} printed it
 */
public record PlanFile(Instant createdAt, String createdBy, PlanTarget target, SourceRevision source, Plan plan) {

    /**
     * The state the plan leads to, as a desired state: each planned step with its target connector by id (none for
     * an unbind), nothing else. The live stage reads exactly these flows and steps again; nothing is planned from
     * it (a saved plan is applied as it is, never planned again).
     */
    public DesiredState plannedState() {
        Map<String, List<PlanChange>> byFlow = new TreeMap<>();
        for (PlanChange change : plan.changes()) {
            byFlow.computeIfAbsent(change.flowId(), f -> new ArrayList<>()).add(change);
        }
        List<DesiredFlow> flows = new ArrayList<>();
        byFlow.forEach((flowId, changes) -> {
            List<DesiredStep> steps = changes.stream().sorted(Comparator.comparing(PlanChange::step))
                    .map(c -> new DesiredStep(c.step(),
                            c.to().map(connector -> (ConnectorRef) new ConnectorRef.ById(connector.id())),
                            c.location()))
                    .toList();
            flows.add(new DesiredFlow(flowId, changes.get(0).location(), steps));
        });
        return new DesiredState(flows, source);
    }
}
