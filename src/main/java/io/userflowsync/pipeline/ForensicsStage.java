package io.userflowsync.pipeline;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.forensics.AuditRead;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.forensics.DriftForensics;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.savedplan.SavedPlanRules;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Between plan and report: who changed the drifted steps outside the agent (issue 9, item 4). Only a run whose plan
 * has changes asks anything; it sends one audit-log query ({@link DriftForensics#filter}), at most
 * {@value #MAX_PAGES} pages of {@value #PAGE_SIZE}, and waits for it at most {@link #TIMEOUT}. The matching is
 * {@link DriftForensics}'s. Whatever goes wrong here is a warning: the run's plan, writes and result never depend on
 * it. A 403 (no {@code AuditLog.Read.All}) is warned about once until a lookup succeeds again; other failures once a
 * run.
 */
public final class ForensicsStage {
    private static final Logger LOG = LoggerFactory.getLogger(ForensicsStage.class);
    /**
     * Graph meters the audit log with the Entra reports: five requests per 10 s per app and tenant
     * (includes/throttling-entra-logs-reports.md, microsoftgraph/microsoft-graph-docs-contrib), so a run reads at
     * most that many pages.
     */
    static final int MAX_PAGES = 5;
    static final int PAGE_SIZE = 100;
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Optional<GraphClient> graph;
    private final String ownAppId;
    private final Duration lookback;
    private final RunStatus status;
    private final Clock clock;
    private final AtomicBoolean deniedWarned = new AtomicBoolean();

    /** @param graph empty when {@code sync.forensics=off} */
    ForensicsStage(Optional<GraphClient> graph, String ownAppId, Duration lookback, RunStatus status, Clock clock) {
        this.graph = graph;
        this.ownAppId = ownAppId;
        this.lookback = lookback;
        this.status = status;
        this.clock = clock;
    }

    public static ForensicsStage from(Settings settings, GraphClient graph, RunStatus status, Clock clock) {
        String on = settings.required(Setting.FORENSICS).trim().toLowerCase(Locale.ROOT);
        if (!on.equals("on") && !on.equals("off")) {
            throw new SettingsException("setting " + Setting.FORENSICS.key() + " must be on or off, got '"
                    + settings.required(Setting.FORENSICS) + "'");
        }
        Duration lookback = SavedPlanRules.parseAge(Setting.FORENSICS_LOOKBACK.key(),
                settings.required(Setting.FORENSICS_LOOKBACK));
        return new ForensicsStage(on.equals("on") ? Optional.of(graph) : Optional.empty(),
                settings.optional(Setting.CLIENT_ID).orElse(""), lookback, status, clock);
    }

    public SyncRun attribute(SyncRun run) {
        if (graph.isEmpty() || run.plan().isEmpty() || !run.requirePlan().hasDrift()) {
            return run;
        }
        Instant since = since();
        // A thread of its own per lookup, so that a timeout can interrupt it (and no idle pool outlives the runtime).
        FutureTask<AuditRead> lookup = new FutureTask<>(() -> graph.get().readDirectoryAudits(
                DriftForensics.filter(since), PAGE_SIZE, MAX_PAGES));
        Thread thread = new Thread(lookup, "drift-forensics");
        thread.setDaemon(true);
        thread.start();
        try {
            AuditRead read = lookup.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            if (deniedWarned.compareAndSet(true, false)) {
                LOG.info("Reading the directory audit log works again: drift is attributed");
            }
            if (read.truncated()) {
                LOG.debug("The audit log had more than {} pages since {}; older entries were not read", MAX_PAGES,
                        since);
            }
            return run.withAttributions(DriftForensics.attribute(run.requirePlan().changes(), read.entries(),
                    ownAppId));
        } catch (TimeoutException e) {
            lookup.cancel(true);
            LOG.warn("Who caused the drift is not shown: the directory audit log did not answer within {} s",
                    TIMEOUT.toSeconds());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GraphException g && g.error().status() == 403) {
                if (deniedWarned.compareAndSet(false, true)) {
                    LOG.warn("Who caused the drift is not shown: the app registration may not read the directory"
                            + " audit log (grant AuditLog.Read.All, or set {}=off): {}", Setting.FORENSICS.key(),
                            g.getMessage());
                }
            } else {
                LOG.warn("Who caused the drift is not shown: {}", e.getCause() == null ? e.getMessage()
                        : e.getCause().getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            lookup.cancel(true);
        }
        return run.withAttributions(Attributions.NONE);
    }

    /**
     * Since the last run that found the tenant in sync (or made it so), but no further back than
     * {@code sync.forensics.lookback}: what changed the tenant since then is what caused the drift.
     */
    private Instant since() {
        Instant floor = clock.instant().minus(lookback);
        return status.recent().stream().filter(r -> r.run().failure().isEmpty() && r.run().plan().isPresent()
                        && r.run().result().outcome().success())
                .map(r -> r.run().startedAt()).findFirst().filter(t -> t.isAfter(floor)).orElse(floor);
    }
}
