package io.userflowsync.scan;

import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.plan.PlanScope;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which flows the daemon's next run reads, and where the scan stands after it. Pure: no I/O, no clock.
 *
 * <p>In order:
 * <ol>
 *   <li>A <b>full pass</b> starts when the changes of a revision cannot be computed: no run is on record, the rules
 *       changed (policy, mode, guards, suspend: a change held back before may be wanted now), the last applied
 *       revision cannot be read, or the new revision does not descend from it (history rewritten: a force-push).
 *       A full pass reads every managed flow once, in slices at the priority pace, so a push during it still goes
 *       first.</li>
 *   <li>Otherwise a <b>targeted</b> run, when the desired state changes flows against the last applied one
 *       ({@link DesiredDiff}), or flows are left to try again: only those are read, written and read back, at
 *       priority, at most one run's worth ({@code Room.targeted}) at a time.</li>
 *   <li>Otherwise the next slice of the full pass, or of the rolling drift scan as the scan budget allows
 *       ({@code Room.scan}); nothing to read at all when it allows none ({@link RunScope.Kind#IDLE}).</li>
 * </ol>
 */
public final class ScopeChooser {

    /** How the new revision relates to the last applied one in Git. */
    public enum Ancestry {
        /** The same commit, a descendant, or a source without history (a folder): its changes can be computed. */
        DESCENDS,
        /** Not a descendant: history was rewritten, so the last applied state may mean nothing now. */
        DIVERGED
    }

    /**
     * How many flows a run may read now.
     *
     * @param targeted the most flows one targeted run reads (about a minute of the quota)
     * @param pass     the flows of one slice of a full pass
     * @param scan     the flows the scan budget has room for right now (0: none)
     */
    public record Room(int targeted, int pass, int scan) {
    }

    /**
     * The previous run's desired state, or why it cannot be had.
     *
     * @param state  the desired state of {@link ScanCursor#appliedCommit()}, when it could be read
     * @param reason why not, otherwise
     */
    public record LastApplied(Optional<DesiredState> state, String reason) {
        public static LastApplied of(DesiredState state) {
            return new LastApplied(Optional.of(state), "");
        }

        public static LastApplied unavailable(String reason) {
            return new LastApplied(Optional.empty(), reason);
        }
    }

    /** The next run's scope, and the cursor it starts from (a pass may have begun). */
    public record Choice(RunScope scope, ScanCursor cursor) {
    }

    private ScopeChooser() {
    }

    /** What the rules were, to tell a change of them: only a change matters, so any stable text does. */
    public static String rulesKey(String policy, String mode, String guards, boolean suspended) {
        return "policy=" + policy + " mode=" + mode + " guards=" + guards + " suspended=" + suspended;
    }

    public static Choice choose(DesiredState desired, Optional<ScanCursor> saved, LastApplied lastApplied,
                                Ancestry ancestry, String rules, Room room, Instant now) {
        ScanCursor cursor;
        if (saved.isEmpty()) {
            return slice(desired, ScanCursor.firstPass(rules, "full pass: no run on record yet", now), room, now);
        }
        cursor = saved.get();
        if (!cursor.rules().equals(rules)) {
            return slice(desired, cursor.restartAsPass(rules, "full pass: the rules changed since the last run ("
                    + cursor.rules() + " → " + rules + ")", now), room, now);
        }
        if (lastApplied.state().isEmpty()) {
            return slice(desired, cursor.restartAsPass(rules, "full pass: " + lastApplied.reason(), now), room, now);
        }
        if (ancestry == Ancestry.DIVERGED) {
            return slice(desired, cursor.restartAsPass(rules, "full pass: revision " + shortId(desired)
                    + " does not descend from the last applied " + cursor.appliedCommit().map(ScopeChooser::shortId)
                    .orElse("revision") + " (history was rewritten)", now), room, now);
        }
        Set<String> managed = flowIds(desired);
        Set<String> wanted = new LinkedHashSet<>(DesiredDiff.changedFlows(lastApplied.state().get(), desired));
        cursor.retry().stream().filter(managed::contains).forEach(wanted::add);
        if (cursor.pass().isEmpty()) { // a full pass writes its drift once it has read every flow, as one plan
            cursor.drifted().stream().filter(managed::contains).forEach(wanted::add);
        }
        if (!wanted.isEmpty()) {
            List<String> ordered = new ArrayList<>(wanted);
            int take = Math.max(1, Math.min(room.targeted(), ordered.size()));
            Set<String> first = new TreeSet<>(ordered.subList(0, take));
            Set<String> rest = new TreeSet<>(ordered.subList(take, ordered.size()));
            String reason = "revision " + shortId(desired) + " changes " + count(wanted.size(), "flow") + " since "
                    + cursor.appliedCommit().map(ScopeChooser::shortId).orElse("the last run")
                    + (cursor.retry().isEmpty() && cursor.drifted().isEmpty() ? ""
                            : " (with those to try again or found drifted)")
                    + (rest.isEmpty() ? "" : "; " + rest.size() + " more in the next run");
            return new Choice(new RunScope(RunScope.Kind.TARGETED, PlanScope.only(first, reason), rest), cursor);
        }
        return slice(desired, cursor, room, now);
    }

    /**
     * What a run found, for the cursor.
     *
     * @param unfinished the scope's flows whose read or write failed: targeted again
     * @param drifted    the scope's flows with changes to make (a slice's: a targeted run writes them)
     * @param held       the scope's flows whose changes a guard held back
     */
    public record Outcome(Set<String> unfinished, Set<String> drifted, Set<String> held) {
    }

    /**
     * Where the cursor stands after the run: a slice's last flow verified (a sweep completed when it was the last
     * managed flow), the flows left to try again, found drifted or held, and the revision and rules reconciled.
     */
    public static ScanCursor after(Choice choice, DesiredState desired, String rules, Outcome outcome, Instant now) {
        RunScope run = choice.scope();
        ScanCursor cursor = choice.cursor();
        Set<String> retry = new TreeSet<>(cursor.retry());
        Set<String> drifted = new TreeSet<>(cursor.drifted());
        Set<String> held = new TreeSet<>(cursor.held());
        Set<String> scoped = run.scope().flows().orElse(Set.of());
        switch (run.kind()) {
            case TARGETED -> {
                retry.removeAll(scoped);
                retry.addAll(outcome.unfinished());
                retry.addAll(run.remaining());
                drifted.removeAll(scoped);
                held.removeAll(scoped);
                held.addAll(outcome.held());
            }
            case FULL, FULL_SCAN -> {
                retry.clear();
                retry.addAll(outcome.unfinished());
                drifted.clear();
                held.clear();
                held.addAll(outcome.held());
                cursor = cursor.sweepCompleted(now);
            }
            case PASS, SCAN -> {
                retry.addAll(outcome.unfinished());
                outcome.drifted().stream().filter(f -> !held.contains(f)).forEach(drifted::add);
                String last = new TreeSet<>(scoped).last();
                cursor = flowIds(desired).higher(last) == null ? cursor.sweepCompleted(now) : cursor.advancedTo(last);
            }
            default -> {
            }
        }
        return cursor.withFlows(retry, drifted, held).withApplied(desired.source().commitId(), rules);
    }

    private static Choice slice(DesiredState desired, ScanCursor cursor, Room room, Instant now) {
        boolean pass = cursor.pass().isPresent();
        int size = pass ? room.pass() : room.scan();
        TreeSet<String> managed = flowIds(desired);
        if (size <= 0 || managed.isEmpty()) {
            String why = managed.isEmpty() ? "no managed flow" : "no change, and the scan budget has no room now";
            return new Choice(RunScope.of(RunScope.Kind.IDLE, PlanScope.only(Set.of(), why)), cursor);
        }
        if (managed.higher(cursor.after()) == null) { // the flows after the cursor left the desired state
            cursor = cursor.sweepCompleted(now);
        }
        String why = pass ? cursor.pass().get() : "rolling scan";
        if (cursor.after().isEmpty() && size >= managed.size()) {
            // A sweep that fits one run is a full run: it writes what it finds, judged as one plan.
            return new Choice(RunScope.of(pass ? RunScope.Kind.FULL : RunScope.Kind.FULL_SCAN,
                    PlanScope.full(why + ": every managed flow in one run")), cursor);
        }
        TreeSet<String> slice = new TreeSet<>();
        for (String id : managed.tailSet(cursor.after(), false)) {
            if (slice.size() == size) {
                break;
            }
            slice.add(id);
        }
        int position = managed.headSet(slice.last(), true).size();
        String reason = why + ": flows " + (position - slice.size() + 1) + "–" + position + " of " + managed.size();
        return new Choice(RunScope.of(pass ? RunScope.Kind.PASS : RunScope.Kind.SCAN, PlanScope.only(slice, reason)),
                cursor);
    }

    private static TreeSet<String> flowIds(DesiredState desired) {
        TreeSet<String> ids = new TreeSet<>();
        desired.flows().stream().map(DesiredFlow::flowId).forEach(ids::add);
        return ids;
    }

    private static String shortId(DesiredState desired) {
        return desired.source().commitId().map(ScopeChooser::shortId).orElse(desired.source().location());
    }

    private static String shortId(String commit) {
        return commit.length() > 7 ? commit.substring(0, 7) : commit;
    }

    private static String count(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
