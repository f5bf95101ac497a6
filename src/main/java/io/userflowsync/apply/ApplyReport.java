package io.userflowsync.apply;

import io.userflowsync.plan.Plan;

import java.util.List;

/**
 * What an apply did with a plan: one result per change written. The plan's errors (flows and steps it could not
 * plan) were not written, and keep the apply from counting as a full success.
 */
public record ApplyReport(Plan plan, List<ChangeResult> results) {
    public ApplyReport {
        results = List.copyOf(results);
    }

    public long count(ChangeOutcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** Writes Graph accepted (2xx), whatever reading back showed. */
    public long applied() {
        return results.size() - count(ChangeOutcome.FAILED);
    }

    /** Changes not attempted: held back by policy. */
    public long skipped() {
        return plan.suppressed().size();
    }

    /** True when every planned change was written and verified and every managed flow could be read. */
    public boolean fullySucceeded() {
        return plan.errors().isEmpty() && count(ChangeOutcome.VERIFIED) == plan.changes().size();
    }

    public String summary() {
        return "applied " + applied() + ", verified " + count(ChangeOutcome.VERIFIED)
                + ", not effective " + count(ChangeOutcome.NOT_EFFECTIVE)
                + ", unverified " + count(ChangeOutcome.UNVERIFIED)
                + ", failed " + count(ChangeOutcome.FAILED) + ", skipped " + skipped();
    }
}
