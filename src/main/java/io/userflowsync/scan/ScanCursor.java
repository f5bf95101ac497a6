package io.userflowsync.scan;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the daemon's reconciliation stands, kept across runs, restarts and changes of leader (small: no per-flow
 * state but the flows to try again).
 *
 * <p>The rolling scan goes through the managed flows in id order, a slice per run: {@code after} is the last flow id
 * the current sweep verified ({@code ""} at its start). A sweep that reaches the last id is complete and the next one
 * starts at the first. Every flow is so verified at least once per sweep; {@code lastSweepStartedAt} bounds how old
 * any verification is.
 *
 * @param appliedCommit      the revision the last run reconciled towards, to compute what the next one changes
 * @param rules              what the policy, mode, guards and suspend were then ({@link ScopeChooser#rulesKey}); a
 *                           change of them makes a full pass
 * @param after              the last flow id the current sweep verified, {@code ""} at its start
 * @param sweepStartedAt     when the current sweep started
 * @param lastSweepStartedAt when the last complete sweep started: every managed flow has been verified since
 * @param lastSweepEndedAt   when the last complete sweep ended
 * @param pass               why the current sweep is a full pass (reading at the priority pace, as a full run would),
 *                           empty for a paced drift scan
 * @param retry              flows a targeted run could not finish (a read or write failed, or more changed than one
 *                           run reads): the next run targets them again
 * @param drifted            flows a slice found drifted: a slice only reads, so a targeted run writes them, judged by
 *                           the guards as one plan (after the whole pass, for a full pass)
 * @param held               flows whose changes a guard held back: no slice brings them back until a new revision
 *                           changes them or the rules change, so a guard cannot be worn down slice by slice
 */
public record ScanCursor(Optional<String> appliedCommit, String rules, String after, Instant sweepStartedAt,
                         Optional<Instant> lastSweepStartedAt, Optional<Instant> lastSweepEndedAt,
                         Optional<String> pass, Set<String> retry, Set<String> drifted, Set<String> held) {

    public ScanCursor {
        retry = sorted(retry);
        drifted = sorted(drifted);
        held = sorted(held);
    }

    private static Set<String> sorted(Set<String> ids) {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(ids));
    }

    /** A first sweep, starting now, as a full pass for {@code reason}. */
    public static ScanCursor firstPass(String rules, String reason, Instant now) {
        return new ScanCursor(Optional.empty(), rules, "", now, Optional.empty(), Optional.empty(),
                Optional.of(reason), Set.of(), Set.of(), Set.of());
    }

    /**
     * The sweep starts again from the first flow, as a full pass for {@code reason}: the retries are kept, what a
     * guard held is judged again with the rest of the pass.
     */
    public ScanCursor restartAsPass(String rules, String reason, Instant now) {
        return new ScanCursor(appliedCommit, rules, "", now, lastSweepStartedAt, lastSweepEndedAt,
                Optional.of(reason), retry, Set.of(), Set.of());
    }

    public ScanCursor withApplied(Optional<String> commit, String newRules) {
        return new ScanCursor(commit, newRules, after, sweepStartedAt, lastSweepStartedAt, lastSweepEndedAt, pass,
                retry, drifted, held);
    }

    public ScanCursor withFlows(Set<String> newRetry, Set<String> newDrifted, Set<String> newHeld) {
        return new ScanCursor(appliedCommit, rules, after, sweepStartedAt, lastSweepStartedAt, lastSweepEndedAt,
                pass, newRetry, newDrifted, newHeld);
    }

    /** The sweep verified up to {@code flowId}. */
    public ScanCursor advancedTo(String flowId) {
        return new ScanCursor(appliedCommit, rules, flowId, sweepStartedAt, lastSweepStartedAt, lastSweepEndedAt,
                pass, retry, drifted, held);
    }

    /** The sweep verified the last flow: it is complete, and the next starts now; a full pass is over. */
    public ScanCursor sweepCompleted(Instant now) {
        return new ScanCursor(appliedCommit, rules, "", now, Optional.of(sweepStartedAt), Optional.of(now),
                Optional.empty(), retry, drifted, held);
    }
}
