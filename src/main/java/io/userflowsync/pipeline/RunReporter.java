package io.userflowsync.pipeline;

import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.plan.Plan;
import io.userflowsync.report.ApplyText;
import io.userflowsync.report.PlanText;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.source.SourceUnavailableException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.List;

/** Stage 5: starts runs, logs what each one found and did, and records it as the last run. */
public final class RunReporter {
    private static final Logger LOG = LoggerFactory.getLogger(RunReporter.class);

    private final RunStatus status;
    private final SyncMetrics metrics;
    private final Clock clock;

    public RunReporter(RunStatus status, SyncMetrics metrics, Clock clock) {
        this.status = status;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A new run; the mode is the one a trigger asked for. */
    public SyncRun start(RunMode mode) {
        return SyncRun.start(mode, clock.instant());
    }

    public SyncRun report(SyncRun run) {
        Plan plan = run.requirePlan();
        String source = run.requireDesired().source().describe();
        if (!plan.hasDrift() && plan.errors().isEmpty() && plan.suppressed().isEmpty()) {
            LOG.info("In sync with {}: {} managed step(s) match", source, plan.managedSteps());
        } else if (run.applied().isPresent()) {
            LOG.info("Reconciled from {}:\n{}{}", source, PlanText.render(plan, run.requireDesired().source()),
                    ApplyText.render(run.applied().get()));
        } else {
            LOG.info("Planned from {}:\n{}", source, PlanText.render(plan, run.requireDesired().source()));
        }
        finish(run);
        return run;
    }

    /** The run stopped on an exception the route's error handler caught: record why; nothing was written. */
    public SyncRun failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        SyncRun run = exchange.getMessage().getBody(SyncRun.class);
        if (run == null) {
            run = start(RunMode.PLAN);
        }
        List<ValidationProblem> problems = e instanceof DesiredStateException d ? d.problems()
                : e instanceof SourceUnavailableException u ? u.problems() : List.of();
        RunFailure failure = new RunFailure(stageOf(run), e == null ? "unknown failure" : e.getMessage(), problems);
        LOG.error("Run stopped while reading the {}; nothing was written: {}", failure.stage(), failure.message());
        SyncRun failed = run.withFailure(failure);
        finish(failed);
        return failed;
    }

    private void finish(SyncRun run) {
        metrics.record(run, status.record(run));
    }

    private static String stageOf(SyncRun run) {
        if (run.desired().isEmpty()) {
            return "desired state";
        }
        return run.live().isEmpty() ? "live state" : "plan";
    }
}
