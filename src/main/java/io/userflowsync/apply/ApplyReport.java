package io.userflowsync.apply;

import io.userflowsync.connector.ConnectorApplier;
import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.plan.Plan;

import java.util.List;
import java.util.Optional;

/**
 * What an apply did with a plan: one result per change written. The plan's errors (flows and steps it could not
 * plan) were not written, and keep the apply from counting as a full success.
 *
 * @param refusal          why none of the plan's changes was written (report-only, or a guard), when that is so
 * @param connectorResults one per connector change, written before the binding changes (issue 9, item 1)
 */
public record ApplyReport(Plan plan, List<ChangeResult> results, Optional<WriteRefusal> refusal,
                          List<ConnectorApplier.Result> connectorResults) {
    public ApplyReport {
        results = List.copyOf(results);
        connectorResults = List.copyOf(connectorResults);
    }

    public ApplyReport(Plan plan, List<ChangeResult> results, Optional<WriteRefusal> refusal) {
        this(plan, results, refusal, List.of());
    }

    public ApplyReport(Plan plan, List<ChangeResult> results) {
        this(plan, results, Optional.empty());
    }

    /** Connector writes Graph accepted. */
    public long connectorsDone() {
        return connectorResults.stream().filter(ConnectorApplier.Result::done).count();
    }

    /** Connector changes not done: refused by Graph, or a secret that could not be read. */
    public long connectorsFailed() {
        return connectorResults.size() - connectorsDone();
    }

    /** Nothing of {@code plan} was written, for {@code refusal}'s reason. */
    public static ApplyReport refused(Plan plan, WriteRefusal refusal) {
        return new ApplyReport(plan, List.of(), Optional.of(refusal));
    }

    public long count(ChangeOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Writes Graph accepted (2xx), whatever reading back showed. */
    public long applied() {
        return results.size() - count(ChangeOutcome.FAILED);
    }

    /** Changes not attempted: held back by policy, and every planned change when the apply was refused. */
    public long skipped() {
        return plan.suppressed().size() + (refusal.isPresent() ? plan.writeCount() : 0);
    }

    /** True when every planned change was written and verified and every managed flow could be read. */
    public boolean fullySucceeded() {
        return refusal.isEmpty() && plan.errorCount() == 0
                && count(ChangeOutcome.VERIFIED) == plan.changes().size()
                && connectorsDone() == plan.connectors().changes().size();
    }

    /** {@code ; connectors: written 1, failed 0} when this apply had changes of {@code target}. */
    private String written(ConnectorChange.Target target, String noun) {
        List<ConnectorApplier.Result> of = connectorResults.stream().filter(r -> r.change().target() == target)
                .toList();
        long done = of.stream().filter(ConnectorApplier.Result::done).count();
        return of.isEmpty() ? "" : "; " + noun + ": written " + done + ", failed " + (of.size() - done);
    }

    public String summary() {
        String counts = "applied " + applied() + ", verified " + count(ChangeOutcome.VERIFIED)
                + ", not effective " + count(ChangeOutcome.NOT_EFFECTIVE)
                + ", unverified " + count(ChangeOutcome.UNVERIFIED)
                + ", failed " + count(ChangeOutcome.FAILED) + ", skipped " + skipped()
                + (refusal.isPresent() ? "" : written(ConnectorChange.Target.CONNECTOR, "connectors")
                + written(ConnectorChange.Target.EXTENSION, "extensions"));
        return refusal.map(r -> "nothing written (" + (r.kind() == WriteRefusal.Kind.GUARD ? "held back by guards"
                : "report-only") + "); " + counts).orElse(counts);
    }
}
