package io.userflowsync.report;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.run.SyncRun;
import io.userflowsync.plan.Plan;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The daemon's Prometheus metrics (served by Camel's management server at {@code /observe/metrics}): runs by result,
 * changes by action and outcome, the drift and errors the last run saw, whether it fell back to the last good
 * revision, and when a run last succeeded. Counts and names only: nothing from the tenant or the settings.
 */
public final class SyncMetrics {
    private final MeterRegistry registry;
    private final Timer duration;
    private final AtomicLong driftSteps = new AtomicLong();
    private final AtomicLong planErrors = new AtomicLong();
    private final AtomicLong fallback = new AtomicLong();
    private final AtomicLong lastSuccess = new AtomicLong();

    public SyncMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.duration = Timer.builder("userflow.sync.run.duration").description("Time a run took, end to end")
                .register(registry);
        Gauge.builder("userflow.sync.drift.steps", driftSteps, AtomicLong::get)
                .description("Changes the last plan found (drifted managed steps)").register(registry);
        Gauge.builder("userflow.sync.plan.errors", planErrors, AtomicLong::get)
                .description("Errors in the last plan (unknown flow or connector, unreadable flow)").register(registry);
        Gauge.builder("userflow.sync.source.fallback", fallback, AtomicLong::get)
                .description("1 while runs use the last good revision because the newest cannot be used")
                .register(registry);
        Gauge.builder("userflow.sync.last.success.timestamp", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("When a run last ended in sync or fully applied (epoch seconds)").register(registry);
    }

    public void record(SyncRun run, Instant finishedAt) {
        duration.record(Duration.between(run.startedAt(), finishedAt));
        String result = result(run);
        Counter.builder("userflow.sync.runs").description("Finished runs by mode and result")
                .tag("mode", run.mode().name().toLowerCase(Locale.ROOT)).tag("result", result)
                .register(registry).increment();
        fallback.set(run.fallback().isPresent() ? 1 : 0);
        run.plan().ifPresent(p -> {
            driftSteps.set(p.changes().size());
            planErrors.set(p.errors().size());
        });
        run.applied().ifPresent(this::recordChanges);
        if (result.equals("in_sync") || result.equals("applied")) {
            lastSuccess.set(finishedAt.getEpochSecond());
        }
    }

    private void recordChanges(ApplyReport report) {
        for (ChangeResult r : report.results()) {
            Counter.builder("userflow.sync.changes").description("Changes written, by action and outcome")
                    .tag("action", r.change().kind().label())
                    .tag("outcome", r.outcome().name().toLowerCase(Locale.ROOT))
                    .register(registry).increment();
        }
    }

    /** failed, incomplete, drift, applied or in_sync. */
    static String result(SyncRun run) {
        if (run.failure().isPresent() || run.plan().isEmpty()) {
            return "failed";
        }
        Plan plan = run.plan().get();
        if (run.applied().isPresent()) {
            if (!run.applied().get().fullySucceeded()) {
                return "incomplete";
            }
            return plan.hasDrift() ? "applied" : "in_sync";
        }
        if (!plan.errors().isEmpty()) {
            return "incomplete";
        }
        return plan.hasDrift() ? "drift" : "in_sync";
    }
}
