package io.userflowsync.scan;

import io.userflowsync.plan.PlanScope;

import java.util.Set;

/**
 * What one run reads and plans, and at which priority its Graph requests go.
 *
 * @param kind      why these flows
 * @param scope     the flows planned
 * @param remaining for {@link Kind#TARGETED}: changed flows left for the next run (more than one run reads)
 */
public record RunScope(Kind kind, PlanScope scope, Set<String> remaining) {

    public enum Kind {
        /** Every managed flow, in one run: the one-off commands, and a full pass that fits one run. */
        FULL(false),
        /** A sweep of the rolling scan that fits one run: every managed flow, within the scan budget; it writes. */
        FULL_SCAN(true),
        /** The flows a new revision changes (and those to try again), at priority: a push is applied first. */
        TARGETED(false),
        /** The next slice of a full pass (no last applied revision, changed rules, rewritten history). */
        PASS(false),
        /** The next slice of the rolling drift scan, within the scan budget. */
        SCAN(true),
        /** Nothing to read now: no change, and the scan budget has no room. */
        IDLE(true),
        /** The flows a pull request's change touches ({@code plan --changed-since}). */
        CHANGED_SINCE(false);

        private final boolean scanTraffic;

        Kind(boolean scanTraffic) {
            this.scanTraffic = scanTraffic;
        }

        /** Its reads count against the scan budget, not as priority traffic. */
        public boolean scanTraffic() {
            return scanTraffic;
        }

        /**
         * A slice of a pass or scan only reads: the drift it finds is written by a targeted run, which the guards
         * judge as one plan, so a guard is never worn down slice by slice.
         */
        public boolean onlyReads() {
            return this == PASS || this == SCAN || this == IDLE;
        }
    }

    public static final RunScope FULL = new RunScope(Kind.FULL, PlanScope.FULL, Set.of());

    public RunScope {
        remaining = Set.copyOf(remaining);
    }

    public static RunScope of(Kind kind, PlanScope scope) {
        return new RunScope(kind, scope, Set.of());
    }
}
