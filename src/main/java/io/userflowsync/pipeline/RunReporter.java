package io.userflowsync.pipeline;

import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunListener;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.config.SettingsException;
import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.graph.GraphException;
import io.userflowsync.plan.Plan;
import io.userflowsync.report.ApplyText;
import io.userflowsync.report.PlanText;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.report.ThrottleText;
import io.userflowsync.run.RunResult;
import io.userflowsync.source.SourceUnavailableException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Stage 5: starts runs, logs what each one found and did, and records it as the last run. */
public final class RunReporter {
    private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);
    /** Failures the stages report on purpose, with messages written for people. */
    private static final List<Class<? extends Exception>> EXPECTED = List.of(DesiredStateException.class,
            SourceUnavailableException.class, GraphException.class, SettingsException.class,
            SavedPlanRefused.class);

    private final RunStatus status;
    private final SyncMetrics metrics;
    private final Clock clock;
    private final boolean logResults;
    private final List<RunListener> listeners;
    private final Optional<String> tenant;
    /** The MDC key naming the tenant of a run's log lines. */
    public static final String TENANT_MDC = "tenant";
    /** The MDC key of the run a log line was written in: a new id per run, so a run's lines can be found together. */
    public static final String RUN_ID_MDC = "runId";

    /**
     * @param logResults whether to log each run's result: the daemon does; a one-off command prints the result
     *                   itself, and logging it as well printed every failure twice
     */
    public RunReporter(RunStatus status, SyncMetrics metrics, Clock clock, boolean logResults) {
        this(status, metrics, clock, logResults, List.of());
    }

    /** @param listeners told of each finished run once it is recorded (the daemon's notifications) */
    public RunReporter(RunStatus status, SyncMetrics metrics, Clock clock, boolean logResults,
                       List<RunListener> listeners) {
        this(status, metrics, clock, logResults, listeners, Optional.empty());
    }

    /**
     * @param tenant with {@code sync.tenants}: the tenant whose runs this reports; every log line of a run names it
     *               (the MDC key {@value #TENANT_MDC}, which the log pattern prints as {@code [name] })
     */
    public RunReporter(RunStatus status, SyncMetrics metrics, Clock clock, boolean logResults,
                       List<RunListener> listeners, Optional<String> tenant) {
        this.tenant = tenant;
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
        this.logResults = logResults;
        this.listeners = List.copyOf(listeners);
    }

    /** A new run; the mode is the one a trigger asked for. */
    public SyncRun start(RunMode mode) {
        // A tenant's run stays on its queue's thread from here to report (direct: calls), so the MDC holds for it.
        tenant.ifPresent(t -> MDC.put(TENANT_MDC, t));
        MDC.put(RUN_ID_MDC, newRunId());
        return SyncRun.start(mode, clock.instant());
    }

    /** 12 hex digits, random: unique enough to tell a process's runs apart in a log search. */
    static String newRunId() {
        return String.format(Locale.ROOT, "%012x", java.util.concurrent.ThreadLocalRandom.current().nextLong()
                & 0xffff_ffff_ffffL);
    }

    public SyncRun report(SyncRun run) {
        finish(run);
        return run;
    }

    /**
     * The run stopped on an exception the route's error handler caught: record why; nothing was written. Every
     * exception ends here, listed or not (issue 6, item 13b), so every run ends in a recorded result.
     */
    public SyncRun failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        SyncRun run = exchange.getMessage().getBody(SyncRun.class);
        if (run == null) {
            run = start(RunMode.PLAN);
        }
        List<ValidationProblem> problems = e instanceof DesiredStateException d ? d.problems()
                : e instanceof SourceUnavailableException u ? u.problems() : List.of();
        String message;
        if (e == null) {
            message = "unknown failure";
        } else if (EXPECTED.stream().anyMatch(c -> c.isInstance(e))) {
            message = e.getMessage();
        } else {
            // Not a failure the agent knows: a bug or an environment it did not expect. Keep the trace for whoever
            // debugs it, and give the run's result a message without Java class names.
            LOG.error("Run broke on an unexpected error", e);
            message = "unexpected error: " + (e.getMessage() == null ? "(no message)" : e.getMessage());
        }
        SyncRun failed = run.withFailure(e instanceof SavedPlanRefused refused ? refused.failure()
                : new RunFailure(stageOf(run), message, problems));
        finish(failed);
        return failed;
    }

    private void finish(SyncRun run) {
        tenant.ifPresent(t -> MDC.put(TENANT_MDC, t));
        try {
            record(run);
        } finally {
            tenant.ifPresent(t -> MDC.remove(TENANT_MDC));
            MDC.remove(RUN_ID_MDC);
        }
    }

    private void record(SyncRun run) {
        Instant finishedAt = status.record(run);
        metrics.record(run, finishedAt);
        if (logResults) {
            log(run);
        }
        for (RunListener listener : listeners) {
            // A listener reads the run and never decides its result: whatever goes wrong in one stays there.
            try {
                listener.finished(run, finishedAt);
            } catch (RuntimeException e) {
                LOG.error("A run listener failed; the run's result stands", e);
            }
        }
    }

    /** One line per run, at a level that follows its result; the plan and apply details follow when there are any. */
    private static void log(SyncRun run) {
        RunResult result = run.result();
        String source = run.desired().map(d -> " (" + d.source().describe() + ")").orElse("");
        String line = "Run " + run.mode().name().toLowerCase(Locale.ROOT) + " " + result.describe() + source;
        String details = details(run);
        switch (result.outcome()) {
            case FAILED, BLOCKED -> LOG.error("{}{}", line, details);
            case HELD, INCOMPLETE, DEGRADED -> LOG.warn("{}{}", line, details);
            default -> LOG.info("{}{}", line, details);
        }
    }

    private static String details(SyncRun run) {
        if (run.failure().isPresent()) {
            List<ValidationProblem> problems = run.failure().get().problems();
            StringBuilder sb = new StringBuilder();
            problems.forEach(p -> sb.append("\n  ").append(p));
            return sb.toString();
        }
        Plan plan = run.requirePlan();
        String throttled = ThrottleText.line(run.graphBudget());
        if (!plan.hasDrift() && plan.errors().isEmpty() && plan.suppressed().isEmpty()) {
            return throttled.isEmpty() ? "" : "\n" + throttled.strip();
        }
        return "\n" + PlanText.render(plan, run.requireDesired().source(), run.attributions())
                + run.applied().map(ApplyText::render).orElse("") + throttled;
    }

    private static String stageOf(SyncRun run) {
        if (run.desired().isEmpty()) {
            return "desired state";
        }
        return run.live().isEmpty() ? "live state" : "plan";
    }
}
