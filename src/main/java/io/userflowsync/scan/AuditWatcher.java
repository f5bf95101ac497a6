package io.userflowsync.scan;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.forensics.AuditRead;
import io.userflowsync.forensics.DriftForensics;
import io.userflowsync.forensics.OutsideChanges;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.savedplan.SavedPlanRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * The daemon's look at the directory audit log for changes made outside the agent, so that they are undone by a
 * targeted run instead of waiting for the rolling scan to reach their flows. Polled by a tick (routes/queue.camel.yaml,
 * routes/tenants.camel.yaml); {@link #poll()} says whether to ask for a run.
 *
 * <p>At most one request every {@code sync.audit-poll} (default 10 s), one page: Graph meters the audit log with the
 * Entra reports, about five requests per 10 s per app and tenant (includes/throttling-entra-logs-reports.md,
 * microsoftgraph/microsoft-graph-docs-contrib), which the forensics lookup of a run with drift shares. Which entries
 * count and from when the next poll asks is {@link OutsideChanges}'s (pure). Only while this process runs syncs
 * (the leader, with sync.ha), and only once the scan has a cursor to put the flows on.
 *
 * <p>Failures are warnings, never a failed run. Without {@code AuditLog.Read.All} Graph answers 403
 * (directoryaudit-list.md lists it as the permission): one warning, then a try every {@link #DENIED_RETRY}, so a
 * permission granted later is used without a restart.
 */
public final class AuditWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(AuditWatcher.class);
    /** How late an entry may appear in the log after its activityDateTime; each poll reads this far back again. */
    static final Duration LATENCY = Duration.ofMinutes(5);
    /** Without the permission: how often to try again. */
    static final Duration DENIED_RETRY = Duration.ofMinutes(10);
    /** One page, the largest $top directoryaudit-list.md allows, so one request covers the window. */
    static final int PAGE_SIZE = 999;

    /** Where flows found changed outside go: the rolling scan's cursor (pipeline/ScopeStage). */
    public interface Suspects {
        /** Whether the scan has a cursor the flows can be put on (after the daemon's first run). */
        boolean acceptsSuspects();

        /** @return how many flows now wait for a targeted run */
        int suspect(Set<String> flowIds);
    }

    private final Optional<GraphClient> graph;
    private final String ownAppId;
    private final Duration interval;
    private final Suspects scan;
    private final BooleanSupplier runsSyncs;
    private final Clock clock;

    private Optional<OutsideChanges> cursor = Optional.empty(); // guarded by this
    private Instant nextPoll = Instant.MIN;                     // guarded by this
    private boolean denied;                                     // guarded by this
    private volatile long polls;

    /** @param graph empty when {@code sync.audit-poll=off} */
    AuditWatcher(Optional<GraphClient> graph, String ownAppId, Duration interval, Suspects scan,
                 BooleanSupplier runsSyncs, Clock clock) {
        this.graph = graph;
        this.ownAppId = ownAppId;
        this.interval = interval;
        this.scan = scan;
        this.runsSyncs = runsSyncs;
        this.clock = clock;
    }

    public static AuditWatcher from(Settings settings, GraphClient graph, Suspects scan, BooleanSupplier runsSyncs,
                                    Clock clock) {
        Optional<Duration> interval = interval(settings);
        return new AuditWatcher(interval.map(i -> graph), settings.optional(Setting.CLIENT_ID).orElse(""),
                interval.orElse(Duration.ZERO), scan, runsSyncs, clock);
    }

    /** {@code sync.audit-poll}: an interval such as {@code 10s} or {@code 1m}, or {@code off} (empty). */
    public static Optional<Duration> interval(Settings settings) {
        String value = settings.required(Setting.AUDIT_POLL).trim();
        return value.toLowerCase(Locale.ROOT).equals("off") ? Optional.empty()
                : Optional.of(SavedPlanRules.parseAge(Setting.AUDIT_POLL.key(), value));
    }

    public boolean enabled() {
        return graph.isPresent();
    }

    /** How many audit-log requests this watcher has sent. */
    public long polls() {
        return polls;
    }

    /**
     * Reads the audit log when a poll is due, and puts the managed flows it names as changed outside on the scan's
     * cursor.
     *
     * @return whether flows now wait for a targeted run: the caller asks for a run
     */
    public synchronized boolean poll() {
        if (graph.isEmpty() || !runsSyncs.getAsBoolean() || !scan.acceptsSuspects()) {
            return false;
        }
        Instant now = clock.instant();
        if (now.isBefore(nextPoll)) {
            return false;
        }
        nextPoll = now.plus(interval);
        OutsideChanges at = cursor.orElseGet(() -> OutsideChanges.startingAt(now, LATENCY));
        AuditRead read;
        try {
            polls++;
            read = graph.get().readDirectoryAudits(DriftForensics.filter(at.since()), PAGE_SIZE, 1);
        } catch (GraphException e) {
            if (e.error().status() == 403) {
                nextPoll = now.plus(DENIED_RETRY);
                if (!denied) {
                    denied = true;
                    LOG.warn("The app registration may not read the directory audit log (grant AuditLog.Read.All,"
                            + " or set {}=off): changes made outside the agent are found only by the rolling scan;"
                            + " trying again every {} minutes: {}", Setting.AUDIT_POLL.key(), DENIED_RETRY.toMinutes(),
                            e.getMessage());
                }
            } else {
                LOG.warn("Could not read the directory audit log for changes made outside the agent (the rolling"
                        + " scan still finds them): {}", e.getMessage());
            }
            cursor = Optional.of(at);
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Could not read the directory audit log for changes made outside the agent: {}", e.getMessage());
            cursor = Optional.of(at);
            return false;
        }
        if (denied) {
            denied = false;
            LOG.info("Reading the directory audit log works again: changes made outside the agent are read first");
        }
        if (read.truncated()) {
            LOG.debug("The audit log has more than {} entries since {}; older ones are left to the rolling scan",
                    PAGE_SIZE, at.since());
        }
        OutsideChanges.Found found = at.after(read.entries(), now, LATENCY);
        cursor = Optional.of(found.next());
        Set<String> flows = OutsideChanges.flowsChangedOutside(found.fresh(), ownAppId);
        if (flows.isEmpty()) {
            return false;
        }
        int waiting = scan.suspect(flows);
        LOG.info("The directory audit log names {} changed outside the agent; {} flow(s) now wait for a targeted"
                + " run", flows, waiting);
        return waiting > 0;
    }
}
