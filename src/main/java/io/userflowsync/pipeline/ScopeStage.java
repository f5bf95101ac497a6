package io.userflowsync.pipeline;

import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.ha.Election;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.PlanScope;
import io.userflowsync.run.SyncRun;
import io.userflowsync.savedplan.SavedPlanRules;
import io.userflowsync.scan.AuditWatcher;
import io.userflowsync.scan.DesiredDiff;
import io.userflowsync.scan.QuotaRoom;
import io.userflowsync.scan.ScanBudget;
import io.userflowsync.scan.RunScope;
import io.userflowsync.scan.ScanCursor;
import io.userflowsync.scan.ScanStatus;
import io.userflowsync.scan.ScanStore;
import io.userflowsync.scan.ScopeChooser;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.DesiredSources;
import io.userflowsync.source.GitSourceException;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stage 1½ of the daemon: which flows this run reads ({@link ScopeChooser}, pure), and afterwards where the scan
 * stands ({@link ScanCursor}, kept in a {@link ScanStore}). The one-off commands read every flow ({@link #everyFlow}).
 *
 * <p>Graph allows one app 200 requests a minute per tenant on user flows and connectors, each {@code $batch} item
 * counted (microsoftgraph/microsoft-graph-docs-contrib, includes/throttling-cpim.md). So a new revision's changed
 * flows are read first, at priority; the rest are verified by a rolling scan whose slices fire only when the scan
 * budget has room for one ({@link #sliceDue()}), so a slice never waits on the budget and a push queued behind one
 * waits for a round trip, not for the budget.
 */
public final class ScopeStage implements AuditWatcher.Suspects {
    private static final Logger LOG = LoggerFactory.getLogger(ScopeStage.class);
    /** One $batch: the smallest slice worth a run of its own (its connector listing is one more request). */
    static final int SLICE = 20;
    /** The most flows one scan slice reads: five batches. */
    static final int MAX_SLICE = 100;
    static final String CURSOR_FILE = "scan-cursor.json";

    /** The header a one-off {@code plan --changed-since REV} sets on its run. */
    public static final String CHANGED_SINCE_HEADER = "syncChangedSince";

    private final boolean daemon;
    private final DesiredSource source;
    private final ScanStore store;
    private final QuotaRoom room;
    private final PlanRules rules;
    private final Duration maxAge;
    private final Clock clock;

    private boolean loaded;                                // guarded by this
    private Optional<ScanCursor> cursor = Optional.empty(); // guarded by this
    private Optional<DesiredState> lastDesired = Optional.empty(); // guarded by this
    private Optional<ScopeChooser.Choice> current = Optional.empty(); // guarded by this
    /** Flows suspected while a run was under way: its cursor was chosen before, so they are kept for the next. */
    private final Set<String> suspectedDuringRun = new TreeSet<>(); // guarded by this
    private volatile Optional<ScanStatus> status = Optional.empty();
    /**
     * The requests a connector listing takes, from the last run's count: Graph pages it (@odata.nextLink) at a size
     * of its own choosing, assumed 100 here, so a tenant of 1,000 connectors pays ten per run.
     */
    private int listingRequests = 1;                        // guarded by this

    private ScopeStage(boolean daemon, DesiredSource source, ScanStore store,
                       QuotaRoom room, PlanRules rules, Duration maxAge, Clock clock) {
        this.daemon = daemon;
        this.source = source;
        this.store = store;
        this.room = room;
        this.rules = rules;
        this.maxAge = maxAge;
        this.clock = clock;
    }

    /** The daemon's: targeted runs, full passes and the rolling scan, its cursor in {@code store}. */
    public static ScopeStage daemon(DesiredSource source, ScanStore store, QuotaRoom room, PlanRules rules,
                                    Duration maxAge, Clock clock) {
        ScopeStage stage = new ScopeStage(true, source, store, room, rules, maxAge, clock);
        synchronized (stage) {
            stage.loadCursor(); // before the first fetch, which then keeps the history from the last applied revision
        }
        return stage;
    }

    /**
     * The daemon's, from the settings: the cursor in the directory the replicas share ({@code sync.ha=file}) so the
     * next leader goes on from it, else in the state directory ({@code sync.git.work-dir}); the room from the Graph
     * client's gate; health degraded past {@code sync.scan-max-age}.
     *
     * @param tenant with {@code sync.tenants}, whose cursor it is
     */
    public static ScopeStage daemon(Settings settings, DesiredSource source, GraphClient graph, PlanRules rules,
                                    Election election, Optional<String> tenant, Clock clock) {
        String file = tenant.map(t -> "scan-cursor-" + t + ".json").orElse(CURSOR_FILE);
        Path dir = election.sharedDirectory().orElseGet(() -> DesiredSources.stateDir(settings));
        return daemon(source, new ScanStore(dir.resolve(file)),
                new ScanBudget(GraphConnection.quotaPerMinute(settings), GraphConnection.scanPerMinute(settings),
                        System::nanoTime, graph::scanRoom), rules,
                SavedPlanRules.parseAge(Setting.SCAN_MAX_AGE.key(), settings.required(Setting.SCAN_MAX_AGE)), clock);
    }

    /**
     * A one-off command's: every managed flow, unless the run asks for the flows changed since a revision
     * ({@link #CHANGED_SINCE_HEADER}, {@code plan --changed-since REV}: a pull request's base), so that a plan of one
     * changed flow costs a few requests at any tenant size.
     */
    public static ScopeStage everyFlow(DesiredSource source) {
        return new ScopeStage(false, source, null, QuotaRoom.UNLIMITED, null, Duration.ZERO, Clock.systemUTC());
    }

    public synchronized SyncRun choose(SyncRun run, @Header(CHANGED_SINCE_HEADER) String changedSince) {
        if (changedSince != null && !daemon) {
            return run.withScope(changedSinceScope(run.requireDesired(), changedSince));
        }
        if (!daemon) {
            return run;
        }
        DesiredState desired = run.requireDesired();
        suspectedDuringRun.clear(); // the cursor this run starts from has them
        loadCursor();
        String key = rulesKey(desired);
        ScopeChooser.Choice choice = ScopeChooser.choose(desired, cursor, lastApplied(desired),
                ancestry(desired), key, room(), clock.instant());
        current = Optional.of(choice);
        if (room instanceof ScanBudget budget) {
            budget.reserve(choice.scope(), desired.flows().size(), listingRequests);
        }
        if (choice.scope().kind() != RunScope.Kind.SCAN && choice.scope().kind() != RunScope.Kind.IDLE) {
            LOG.info("This run reads {}", choice.scope().scope().reason());
        }
        return run.withScope(choice.scope());
    }

    /** After the run: the cursor moves on and is saved; a run that failed before its plan leaves it where it was. */
    public synchronized SyncRun record(SyncRun run) {
        if (!daemon || current.isEmpty() || run.failure().isPresent() || run.plan().isEmpty()
                || run.desired().isEmpty()) {
            current = Optional.empty();
            return run;
        }
        ScopeChooser.Choice choice = current.get();
        current = Optional.empty();
        DesiredState desired = run.requireDesired();
        ScanCursor next = ScopeChooser.after(choice, desired, rulesKey(desired), outcome(run), clock.instant());
        if (!suspectedDuringRun.isEmpty()) {
            Set<String> drifted = new TreeSet<>(next.drifted());
            drifted.addAll(suspectedDuringRun);
            next = next.withFlows(next.retry(), drifted, next.held());
        }
        suspectedDuringRun.clear();
        cursor = Optional.of(next);
        next.appliedCommit().ifPresent(source::keepHistoryFrom);
        lastDesired = Optional.of(desired);
        run.live().ifPresent(l -> listingRequests = Math.max(1, (l.connectors().size() + 99) / 100));
        try {
            store.save(next);
        } catch (IOException e) {
            LOG.warn("Cannot save the scan cursor to {} ({}); it is kept in memory, and a restart starts a full"
                    + " pass", store.file(), e.getMessage());
        }
        status = Optional.of(statusOf(next, desired, choice.scope()));
        return run;
    }

    /**
     * Whether a run is worth asking for now, besides pushes and the schedule: flows wait for a targeted run, a full
     * pass is under way and priority traffic has room for its next slice, or a sweep is under way and the scan budget
     * has room for a slice that will not wait on it. A tenant too large for one run at the scan budget rolls from one
     * sweep into the next at once, so that every flow is verified once per F ÷ {@code sync.scan-per-minute} minutes,
     * as the budget allows, and not a schedule's interval later; a smaller one is swept by one run per schedule.
     */
    public synchronized boolean sliceDue() {
        if (!daemon || cursor.isEmpty() || lastDesired.isEmpty()) {
            return false;
        }
        ScanCursor at = cursor.get();
        int flows = lastDesired.get().flows().size();
        if (!at.retry().isEmpty() || at.pass().isEmpty() && !at.drifted().isEmpty()) {
            return room.priority() > 1;
        }
        if (at.pass().isPresent()) {
            return room.priority() > passSlice();
        }
        boolean rolls = flows > Math.min(MAX_SLICE, room.scanPerMinute() - listingRequests);
        return (!at.after().isEmpty() || rolls) && flows > 0 && room.scan() - listingRequests >= Math.min(SLICE, flows);
    }

    /**
     * Flows something outside suggests have changed (the directory audit log names them): the next run reads them
     * first, as a targeted run, instead of waiting for the rolling scan to reach them. Ids the desired state does
     * not manage are ignored; the others match ignoring case, as B2C compares policy ids. Nothing happens before
     * the daemon's first run has set up the cursor ({@link #acceptsSuspects()}). Flows suspected while a run is
     * under way wait for the next one.
     *
     * @return how many of them are now waiting for a targeted run
     */
    @Override
    public synchronized int suspect(Set<String> flowIds) {
        if (!acceptsSuspects()) {
            return 0;
        }
        java.util.Map<String, String> managed = new java.util.TreeMap<>();
        lastDesired.get().flows().stream().map(DesiredFlow::flowId)
                .forEach(id -> managed.put(id.toLowerCase(Locale.ROOT), id));
        ScanCursor at = cursor.get();
        Set<String> drifted = new TreeSet<>(at.drifted());
        flowIds.stream().map(id -> managed.get(id.toLowerCase(Locale.ROOT))).filter(java.util.Objects::nonNull)
                .forEach(id -> {
                    drifted.add(id);
                    if (current.isPresent()) {
                        suspectedDuringRun.add(id);
                    }
                });
        cursor = Optional.of(at.withFlows(at.retry(), drifted, at.held()));
        return drifted.size();
    }

    /** Whether the daemon has made its first run, so that {@link #suspect} has a cursor to put flows on. */
    @Override
    public synchronized boolean acceptsSuspects() {
        return daemon && cursor.isPresent() && lastDesired.isPresent();
    }

    /** What the daemon spends and may spend of Graph's quota, by its own account. */
    public QuotaRoom budget() {
        return room;
    }

    /** Where the rolling scan stands, once the daemon has made a run. */
    public Optional<ScanStatus> status() {
        return status;
    }

    /** Whether the oldest verification is older than {@code sync.scan-max-age} (health: degraded). */
    public Optional<String> staleness() {
        return status.flatMap(s -> {
            Duration age = s.oldestVerificationAge(clock.instant());
            return age.compareTo(maxAge) > 0
                    ? Optional.of("the oldest verification of a managed flow may be " + age.toMinutes()
                    + " minutes old, more than sync.scan-max-age (" + maxAge.toMinutes() + " minutes)")
                    : Optional.empty();
        });
    }

    /** The flows changed since {@code rev}; every flow, and a warning, when that revision cannot be read. */
    private RunScope changedSinceScope(DesiredState now, String rev) {
        String why;
        try {
            Optional<DesiredState> base = source.loadAt(rev);
            if (base.isPresent()) {
                Set<String> changed = DesiredDiff.changedFlows(base.get(), now);
                String at = base.get().source().commitId().map(c -> c.substring(0, Math.min(7, c.length())))
                        .map(c -> rev + ", " + c).orElse(rev);
                return RunScope.of(RunScope.Kind.CHANGED_SINCE, PlanScope.only(changed,
                        "the flows changed since " + at + ": " + changed.size()));
            }
            why = "the source keeps no history";
        } catch (DesiredStateException e) {
            why = "that revision's desired state does not validate (" + e.problems().size() + " problem(s))";
        } catch (GitSourceException | RuntimeException e) {
            why = e.getMessage();
        }
        String reason = "--changed-since " + rev + ": cannot read that revision (" + why + "), so planning every"
                + " managed flow";
        LOG.warn("{}", reason);
        return RunScope.of(RunScope.Kind.FULL, PlanScope.full(reason));
    }

    private void loadCursor() {
        if (!loaded) {
            loaded = true;
            cursor = store.load(problem -> LOG.warn("{}", problem));
            cursor.flatMap(ScanCursor::appliedCommit).ifPresent(source::keepHistoryFrom);
        }
    }

    private ScopeChooser.Room room() {
        int perMinute = room.perMinute();
        return new ScopeChooser.Room(Math.max(1, perMinute - 1), passSlice(),
                Math.max(0, Math.min(MAX_SLICE, room.scan() - listingRequests)));
    }

    private int passSlice() {
        return Math.max(1, Math.min(MAX_SLICE / 2, room.perMinute() / 4));
    }

    /** The last run's desired state: in memory, or read again from the source at the cursor's revision. */
    private ScopeChooser.LastApplied lastApplied(DesiredState now) {
        Optional<String> commit = cursor.flatMap(ScanCursor::appliedCommit);
        if (lastDesired.isPresent() && lastDesired.get().source().commitId().equals(commit)) {
            return ScopeChooser.LastApplied.of(lastDesired.get());
        }
        if (commit.isEmpty()) {
            return ScopeChooser.LastApplied.unavailable("the last run's desired state is not on record (a folder"
                    + " source keeps no history)");
        }
        if (now.source().commitId().equals(commit)) {
            return ScopeChooser.LastApplied.of(now);
        }
        try {
            return source.loadAt(commit.get()).map(ScopeChooser.LastApplied::of)
                    .orElseGet(() -> ScopeChooser.LastApplied.unavailable("the last applied revision "
                            + commit.get() + " is no longer in the clone"));
        } catch (DesiredStateException | GitSourceException | RuntimeException e) {
            return ScopeChooser.LastApplied.unavailable("the last applied revision " + commit.get()
                    + " cannot be read (" + e.getMessage() + ")");
        }
    }

    private ScopeChooser.Ancestry ancestry(DesiredState now) {
        Optional<String> applied = cursor.flatMap(ScanCursor::appliedCommit);
        Optional<String> newest = now.source().commitId();
        if (applied.isEmpty() || newest.isEmpty() || applied.equals(newest)) {
            return ScopeChooser.Ancestry.DESCENDS;
        }
        // Unknown (the clone cannot tell) counts as descending: the changes are then computed from the content,
        // which is what a descendant's would be.
        return source.descends(newest.get(), applied.get()).orElse(true)
                ? ScopeChooser.Ancestry.DESCENDS : ScopeChooser.Ancestry.DIVERGED;
    }

    private String rulesKey(DesiredState desired) {
        return ScopeChooser.rulesKey(rules.policy().settingName(), rules.mode().name().toLowerCase(Locale.ROOT),
                rules.guards().maxUnbinds() + "/" + rules.guards().maxChanges(), desired.suspendedAt().isPresent());
    }

    /** What the run found, per flow: what it could not finish, what drifted, what a guard held. */
    private static ScopeChooser.Outcome outcome(SyncRun run) {
        Plan plan = run.requirePlan();
        Set<String> unfinished = plan.errors().stream().filter(e -> e.kind() == PlanError.Kind.READ_FAILED)
                .map(PlanError::flowId).collect(Collectors.toCollection(TreeSet::new));
        run.applied().ifPresent(report -> report.results().stream()
                .filter(r -> r.outcome() == ChangeOutcome.FAILED || r.outcome() == ChangeOutcome.UNVERIFIED)
                .map(ChangeResult::change).map(PlanChange::flowId).forEach(unfinished::add));
        Set<String> changed = plan.changes().stream().map(PlanChange::flowId)
                .collect(Collectors.toCollection(TreeSet::new));
        boolean guardHeld = plan.guards().holdsBack() && plan.hasDrift() && !run.scope().kind().onlyReads();
        return new ScopeChooser.Outcome(unfinished, run.scope().kind().onlyReads() ? changed : Set.of(),
                guardHeld ? changed : Set.of());
    }

    private ScanStatus statusOf(ScanCursor at, DesiredState desired, RunScope last) {
        TreeSet<String> managed = desired.flows().stream().map(DesiredFlow::flowId)
                .collect(Collectors.toCollection(TreeSet::new));
        int swept = at.after().isEmpty() ? 0 : managed.headSet(at.after(), true).size();
        int remaining = managed.size() - swept;
        int perMinute = at.pass().isPresent() ? room.perMinute() : room.scanPerMinute();
        // Each slice of up to 20 flows costs one request more for its connector listing.
        double flowsPerMinute = Math.max(1, perMinute * (double) SLICE / (SLICE + 1));
        Instant now = clock.instant();
        Optional<Instant> eta = Optional.of(now.plusSeconds((long) Math.ceil(remaining * 60 / flowsPerMinute)));
        Set<String> pending = new TreeSet<>(at.retry());
        pending.addAll(at.drifted());
        return new ScanStatus(last.kind().name().toLowerCase(Locale.ROOT) + ": " + last.scope().reason(),
                managed.size(), swept, at.sweepStartedAt(), at.lastSweepStartedAt(), eta, at.pass(), pending.size(),
                at.held().size());
    }
}
