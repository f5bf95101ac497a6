package io.userflowsync.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.run.RunResult;
import io.userflowsync.graph.GraphBudget;
import io.userflowsync.graph.GraphObserver;
import io.userflowsync.graph.Traffic;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.run.SyncRun;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The daemon's Prometheus metrics (served by Camel's management server at {@code /observe/metrics}): runs by result,
 * changes by action and outcome, the drift and errors the last run saw, whether it fell back to the last good
 * revision, and when a run last succeeded; and the Graph client's requests by method and status, throttled requests
 * and request latency, what they spend of the app's quota and Graph refused, by traffic ({@link #graphObserver()}),
 * and its budget ({@link #graphBudget}); the mode (apply or report-only, and why) and the drifted steps by
 * flow. Counts and names only: nothing from the settings, and label values from small fixed sets (no URL, no
 * connector id), except the flow id of the drift by flow, which is bounded by the managed flows.
 */
public final class SyncMetrics {
    /** Loopback answers in milliseconds, Graph in tens to hundreds, a struggling service in seconds up to the timeout. */
    private static final Duration[] GRAPH_LATENCY_BUCKETS = {
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
            Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private static final Set<String> METHODS = Set.of("GET", "PUT", "POST", "PATCH", "DELETE");
    private static final String SENT = "sent";
    private static final String REFUSED = "refused";

    private final MeterRegistry registry;
    private final Tags tags;
    private final Timer duration;
    private final AtomicLong driftSteps = new AtomicLong();
    private final AtomicLong planErrors = new AtomicLong();
    private final AtomicLong driftConnectors = new AtomicLong();
    private final AtomicLong fallback = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();
    private final Counter graphThrottled;
    private final SyncMode configuredMode;
    /** One series per flow the last plan found drifted; a flow that no longer drifts loses its series. */
    private final Map<String, AtomicLong> driftByFlow = new HashMap<>();
    private final Map<String, Gauge> driftByFlowGauges = new HashMap<>();
    private Gauge modeGauge;
    private final Counter graphThrottleWait;

    /** The metrics of an agent that writes ({@code sync.mode=apply}). */
    public SyncMetrics(MeterRegistry registry) {
        this(registry, SyncMode.APPLY);
    }

    /** @param mode {@code sync.mode}: the mode gauge shows it until a run has read the desired state */
    public SyncMetrics(MeterRegistry registry, SyncMode mode) {
        this(registry, mode, Optional.empty());
    }

    /**
     * The daemon's rolling scan and Graph budget: how old the oldest verification of a managed flow may be, the
     * sweep's progress and ETA, the flows waiting for a targeted run and those a guard holds back, and the budget per minute (the app's and the
     * scan's). Requests sent and refused are {@code userflow_sync_graph_requests_total} and
     * {@code userflow_sync_graph_throttled_total}; time held back, {@code userflow_sync_graph_throttle_wait_seconds_total}.
     */
    public void scanGauges(java.util.function.Supplier<Optional<io.userflowsync.scan.ScanStatus>> status,
                           io.userflowsync.scan.QuotaRoom budget, java.time.Clock clock) {
        Gauge.builder("userflow.sync.scan.oldest.verification.age", () -> status.get()
                        .map(s -> (double) s.oldestVerificationAge(clock.instant()).toSeconds()).orElse(Double.NaN))
                .baseUnit("seconds").description("How old the oldest verification of a managed flow may be (since the"
                        + " last complete sweep of the rolling scan started)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.scan.progress", () -> status.get().map(s -> s.managedFlows() == 0 ? 1.0
                        : (double) s.sweptFlows() / s.managedFlows()).orElse(Double.NaN))
                .description("Share of the managed flows the current sweep has verified (0 to 1)").tags(tags)
                .register(registry);
        Gauge.builder("userflow.sync.scan.eta", () -> status.get().flatMap(io.userflowsync.scan.ScanStatus::eta)
                        .map(t -> (double) Math.max(0, java.time.Duration.between(clock.instant(), t).toSeconds()))
                        .orElse(Double.NaN))
                .baseUnit("seconds").description("Seconds until the current sweep should end at the scan budget's pace")
                .tags(tags).register(registry);
        Gauge.builder("userflow.sync.scan.pending.flows", () -> status.get().map(s -> (double) s.pending())
                        .orElse(0.0))
                .description("Flows waiting for a targeted run (to try again, or found drifted)").tags(tags)
                .register(registry);
        Gauge.builder("userflow.sync.scan.held.flows", () -> status.get().map(s -> (double) s.held()).orElse(0.0))
                .description("Managed flows whose changes a guard holds back (sync.max-unbinds, sync.max-changes):"
                        + " drift the agent found and will not write until a new revision or new rules")
                .tags(tags).register(registry);
        Gauge.builder("userflow.sync.graph.budget.per.minute", budget, b -> b.perMinute())
                .description("Graph requests the agent sends in any minute at most (graph.quota-per-minute)")
                .tags(tags).register(registry);
        Gauge.builder("userflow.sync.scan.budget.per.minute", budget, b -> b.scanPerMinute())
                .description("What the rolling scan may spend of it (sync.scan-per-minute)").tags(tags)
                .register(registry);
    }

    /**
     * @param tenant with {@code sync.tenants}, every meter carries {@code tenant=<name>}, so the tenants share one
     *               registry (one scrape) and an alert names the tenant; empty: no such label
     */
    public SyncMetrics(MeterRegistry registry, SyncMode mode, Optional<String> tenant) {
        this.registry = registry;
        this.tags = tenant.map(t -> Tags.of("tenant", t)).orElse(Tags.empty());
        this.configuredMode = mode;
        this.duration = Timer.builder("userflow.sync.run.duration").description("Time a run took, end to end")
                .tags(tags).register(registry);
        Gauge.builder("userflow.sync.drift.steps", driftSteps, AtomicLong::get)
                .description("Changes the last plan found (drifted managed steps)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.drift.connectors", driftConnectors, AtomicLong::get)
                .description("Connector writes the last plan found (connectors as code: create, update, certificate"
                        + " upload, delete)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.plan.errors", planErrors, AtomicLong::get)
                .description("Errors in the last plan (unknown flow or connector, unreadable flow)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.source.fallback", fallback, AtomicLong::get)
                .description("1 while runs use the last good revision because the newest cannot be used")
                .tags(tags).register(registry);
        Gauge.builder("userflow.sync.last.success.timestamp", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("When a run last ended in sync or fully applied (epoch seconds)").tags(tags).register(registry);
        // Registered up front so that an alert on it sees 0, not "no data", before the first 429.
        this.graphThrottled = Counter.builder("userflow.sync.graph.throttled")
                .description("Graph requests answered 429 Too Many Requests (each is retried after Retry-After)")
                .tags(tags).register(registry);
        showMode(new WriteMode(mode, Optional.empty()));
        this.graphThrottleWait = Counter.builder("userflow.sync.graph.throttle.wait").baseUnit("seconds")
                .description("Time Graph requests were held back by throttling (Retry-After of a 429, or the"
                        + " budget: graph.quota-per-minute, sync.scan-per-minute); overlapping waits count once")
                .tags(tags).register(registry);
    }

    /** Meters the Graph client's requests; give it to {@code GraphConnection.open}. */
    public GraphObserver graphObserver() {
        for (Traffic traffic : Traffic.values()) { // 0, not "no data", before the first
            budgetCounter(SENT, traffic);
            budgetCounter(REFUSED, traffic);
        }
        return new GraphObserver() {
            @Override
            public void graphRequest(String method, OptionalInt status, Duration elapsed) {
                String m = methodLabel(method);
                countRequest(m, status);
                Timer.builder("userflow.sync.graph.request.duration")
                        .description("Time from sending a Graph request to its answer (or to giving up on one)")
                        .tag("method", m).serviceLevelObjectives(GRAPH_LATENCY_BUCKETS)
                        .tags(tags).register(registry).record(elapsed);
            }

            @Override
            public void batchedRequest(String method, int status) {
                countRequest(methodLabel(method), OptionalInt.of(status));
            }

            @Override
            public void throttleWait(Duration waited) {
                graphThrottleWait.increment(waited.toNanos() / 1e9);
            }

            @Override
            public void budgetSpent(Traffic traffic, int requests) {
                budgetCounter(SENT, traffic).increment(requests);
            }

            @Override
            public void budgetRefused(Traffic traffic, int requests) {
                budgetCounter(REFUSED, traffic).increment(requests);
            }

            @Override
            public void tokenRequest(OptionalInt status, Duration elapsed) {
                Counter.builder("userflow.sync.token.requests")
                        .description("Requests to the token endpoint by HTTP status; status none: no answer")
                        .tag("status", statusLabel(status)).tags(tags).register(registry).increment();
            }
        };
    }

    /**
     * {@code userflow_sync_graph_requests_sent_total{traffic}}: what the client spent of the app's quota, each request
     * inside a {@code $batch} on its own as Graph counts them; {@code ..._refused_total{traffic}}: what Graph answered
     * 429 of it. {@code traffic} is {@code scan} (drift scans) or {@code priority} (pushed changes, CLI runs).
     */
    private Counter budgetCounter(String what, Traffic traffic) {
        return Counter.builder("userflow.sync.graph.requests." + what)
                .description(what.equals(SENT)
                        ? "Graph requests spent of the app's quota (each request inside a $batch counted, retries"
                        + " included) by traffic: scan (drift scans) or priority (pushed changes, CLI runs)"
                        : "Graph requests answered 429 (each inside a $batch, every request of a batch refused as a"
                        + " whole) by traffic: scan or priority")
                .tag("traffic", trafficLabel(traffic)).tags(tags).register(registry);
    }

    static String trafficLabel(Traffic traffic) {
        return traffic.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The Graph client's budget as gauges, read from {@code budget} (the client's {@code GraphClient::budget}) at each
     * scrape: {@code userflow_sync_graph_budget_ceiling}, what it sends in any minute at most right now (the quota,
     * lower for a while after Graph refused requests within it); {@code userflow_sync_graph_budget_scan_ceiling},
     * what scans may spend of that; {@code userflow_sync_graph_budget_spent_last_minute{traffic}}, what the last
     * minute spent. The configured figures are {@link #scanGauges}' ({@code userflow_sync_graph_budget_per_minute},
     * {@code userflow_sync_scan_budget_per_minute}). Without pacing ({@code graph.quota-per-minute=0}) the ceilings
     * read 0.
     */
    public void graphBudget(Supplier<GraphBudget> budget) {
        Gauge.builder("userflow.sync.graph.budget.ceiling", () -> budget.get().ceilingPerMinute())
                .description("Graph requests the agent sends in any minute at most right now: graph.quota-per-minute,"
                        + " lower for a while after Graph refused requests within it (other apps share the tenant's"
                        + " quota)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.graph.budget.scan.ceiling", () -> budget.get().scanCeilingPerMinute())
                .description("What drift scans may spend of the ceiling in any minute right now (sync.scan-per-minute,"
                        + " in proportion to a lowered ceiling)").tags(tags).register(registry);
        Gauge.builder("userflow.sync.graph.budget.spent.last.minute", () -> {
                    GraphBudget b = budget.get();
                    return b.spentLastMinute() - b.scanSpentLastMinute();
                }).description("Graph requests sent in the last minute, by traffic")
                .tag("traffic", trafficLabel(Traffic.PRIORITY)).tags(tags).register(registry);
        Gauge.builder("userflow.sync.graph.budget.spent.last.minute", () -> budget.get().scanSpentLastMinute())
                .description("Graph requests sent in the last minute, by traffic")
                .tag("traffic", trafficLabel(Traffic.SCAN)).tags(tags).register(registry);
    }

    /** A request to Graph: a whole HTTP request, or one inside a {@code $batch} (the batch itself is a POST). */
    private void countRequest(String method, OptionalInt status) {
        Counter.builder("userflow.sync.graph.requests")
                .description("Requests to Microsoft Graph (each retry counts; a $batch is a POST and each request"
                        + " inside it counts by its own method) by method and HTTP status; status none: no answer")
                .tag("method", method).tag("status", statusLabel(status)).tags(tags).register(registry).increment();
        if (status.isPresent() && status.getAsInt() == 429) {
            graphThrottled.increment();
        }
    }

    static String methodLabel(String method) {
        String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
        return METHODS.contains(m) ? m : "OTHER";
    }

    static String statusLabel(OptionalInt status) {
        if (status.isEmpty()) {
            return "none";
        }
        int s = status.getAsInt();
        return s >= 100 && s <= 599 ? Integer.toString(s) : "other";
    }

    public void record(SyncRun run, Instant finishedAt) {
        duration.record(Duration.between(run.startedAt(), finishedAt));
        RunResult.Outcome outcome = run.result().outcome();
        Counter.builder("userflow.sync.runs").description("Finished runs by mode and result")
                .tag("mode", run.mode().name().toLowerCase(Locale.ROOT)).tag("result", outcome.label())
                .tags(tags).register(registry).increment();
        fallback.set(run.fallback().isPresent() ? 1 : 0);
        // A run that stopped before reading the desired state leaves the mode as the last one that read it said.
        run.desired().ifPresent(d -> showMode(WriteMode.of(configuredMode, run.desired())));
        run.plan().ifPresent(p -> {
            driftSteps.set(p.changes().size());
            driftConnectors.set(p.connectors().changes().size());
            planErrors.set(p.errorCount());
            showDriftByFlow(DriftByFlow.of(p));
        });
        run.applied().ifPresent(this::recordChanges);
        if (outcome.success()) {
            lastSuccess.set(finishedAt.getEpochSecond());
        }
    }

    /**
     * {@code userflow_sync_mode{mode, reason}} is 1 for the one mode the agent is in: an alert on drift in
     * report-only mode joins it with the drift gauges (issue 8, item 3).
     */
    private synchronized void showMode(WriteMode mode) {
        if (modeGauge != null) {
            if (modeGauge.getId().getTag("mode").equals(mode.label())
                    && modeGauge.getId().getTag("reason").equals(mode.reason())) {
                return;
            }
            registry.remove(modeGauge);
        }
        modeGauge = Gauge.builder("userflow.sync.mode", () -> 1)
                .description("1 for the mode the agent is in: apply, or report (report-only: it plans and writes"
                        + " nothing), and why: setting (sync.mode) or suspended (suspend: true in the desired state)")
                .tag("mode", mode.label()).tag("reason", mode.reason()).tags(tags).register(registry);
    }

    /**
     * Drifted steps by flow, as the last plan found them. The flow label is bounded by the managed flows, and only
     * drifted flows have a series: one that is in sync again, or no longer managed, is removed.
     */
    private synchronized void showDriftByFlow(Map<String, Integer> drift) {
        for (var it = driftByFlowGauges.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Gauge> e = it.next();
            if (!drift.containsKey(e.getKey())) {
                registry.remove(e.getValue());
                driftByFlow.remove(e.getKey());
                it.remove();
            }
        }
        drift.forEach((flow, steps) -> {
            AtomicLong value = driftByFlow.computeIfAbsent(flow, f -> {
                AtomicLong v = new AtomicLong();
                driftByFlowGauges.put(f, Gauge.builder("userflow.sync.drift.steps.by.flow", v, AtomicLong::get)
                        .description("Drifted managed steps of a flow, as the last plan found them (flows with"
                                + " drift only)")
                        .tag("flow", f).tags(tags).register(registry));
                return v;
            });
            value.set(steps);
        });
    }

    private void recordChanges(ApplyReport report) {
        for (ChangeResult r : report.results()) {
            Counter.builder("userflow.sync.changes").description("Changes written, by action and outcome")
                    .tag("action", r.change().kind().label())
                    .tag("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                    .tags(tags).register(registry).increment();
        }
    }
}
