package io.userflowsync.plan;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of the managed flows a plan looked at. Graph allows one app 200 requests a minute per tenant on user flows
 * and connectors, each request inside a {@code $batch} counted (microsoftgraph/microsoft-graph-docs-contrib,
 * includes/throttling-cpim.md), so a tenant of 10,000 flows takes 50 minutes to read in full. A run that only needs
 * some flows (the flows a new revision changes, the next slice of a rolling scan, {@code plan --changed-since})
 * reads and plans only those, and its plan says so in every output: a partial plan says nothing about the flows it
 * did not read, so it is never "in sync" for the whole tenant and never applied as the whole tenant's plan.
 *
 * @param flows  the flow ids planned, or empty for every managed flow
 * @param reason why this scope, for people ("revision 1a2b3c4 changes 1 flow since 9f8e7d6")
 */
public record PlanScope(Optional<Set<String>> flows, String reason) {

    /** Every managed flow: what a plan without a scope covers. */
    public static final PlanScope FULL = new PlanScope(Optional.empty(), "every managed flow");

    public PlanScope {
        flows = flows.map(f -> Set.copyOf(new TreeSet<>(f)));
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("a scope says why it was chosen");
        }
    }

    /** Every managed flow, with why a narrower scope was not possible ("no last applied revision"). */
    public static PlanScope full(String reason) {
        return new PlanScope(Optional.empty(), reason);
    }

    /** Only {@code flowIds}, as the desired state spells them. */
    public static PlanScope only(Set<String> flowIds, String reason) {
        return new PlanScope(Optional.of(flowIds), reason);
    }

    public boolean partial() {
        return flows.isPresent();
    }

    public boolean covers(String flowId) {
        return flows.map(f -> f.contains(flowId)).orElse(true);
    }

    /** How many flows a partial scope names (the managed ones among them are planned). */
    public int size() {
        return flows.map(Set::size).orElse(0);
    }
}
