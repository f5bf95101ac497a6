package io.userflowsync.apply;

import io.userflowsync.plan.Plan;

import java.util.List;
import java.util.Optional;

/**
 * What an apply did with a plan: one result per change written. The plan's errors (flows and steps it could not
 * plan) were not written, and keep the apply from counting as a full success.
 *
 * @param refusal why none of the plan's changes was written (report-only, or a guard), when that is so
 */
public record ApplyReport(Plan plan, List<ChangeResult> results, Optional<WriteRefusal> refusal) {
    public ApplyReport {
        results = List.copyOf(results);
    }

    public ApplyReport(Plan plan, List<ChangeResult> results) {
        this(plan, results, Optional.empty());
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
        return plan.suppressed().size() + (refusal.isPresent() ? plan.changes().size() : 0);
    }

    /** True when every planned change was written and verified and every managed flow could be read. */
    public boolean fullySucceeded() {
        return refusal.isEmpty() && plan.errors().isEmpty()
                && count(ChangeOutcome.VERIFIED) == plan.changes().size();
    }

    public String summary() {
        String counts = "applied " + applied() + ", verified " + count(ChangeOutcome.VERIFIED)
                + ", not effective " + count(ChangeOutcome.NOT_EFFECTIVE)
                + ", unverified " + count(ChangeOutcome.UNVERIFIED)
                + ", failed " + count(ChangeOutcome.FAILED) + ", skipped " + skipped();
        return refusal.map(r -> "nothing written (" + (r.kind() == WriteRefusal.Kind.GUARD ? "held back by guards"
                : "report-only") + "); " + counts).orElse(counts);
    }
}
