package io.userflowsync.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.apply.WriteRefusal;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Guards;
import io.userflowsync.plan.Limit;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.plan.Fixtures;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.Policy;
import io.userflowsync.report.StatusJson;
import io.userflowsync.report.SyncMetrics;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunResult.Outcome;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.source.SourceOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One run, one result (issue 6, item 8): for every kind of run, the exit code, the metric label, the last-success
 * gauge, {@code /status} and the JSON output all say what {@link io.userflowsync.run.RunResult} says. One table.
 */
class RunResultMappingTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final PlanChange BIND = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP,
            ChangeKind.BIND, Optional.empty(), Optional.of(Fixtures.CHECK_DOMAIN), Fixtures.at(3, 27));
    private static final PlanError READ_FAILED = new PlanError("B2X_1_broken", Optional.empty(),
            PlanError.Kind.READ_FAILED, "could not read the live bindings: HTTP 503", Optional.empty());
    private static final GuardCheck PASSED = GuardCheck.PASSED;
    private static final GuardCheck OVER_MAX_CHANGES = new Guards(Limit.count(10), Limit.count(0))
            .check(List.of(BIND), 3, false);
    private static final GuardCheck FORCED = new Guards(Limit.count(10), Limit.count(0))
            .check(List.of(BIND), 3, true);
    private static final WriteMode REPORT_ONLY = new WriteMode(SyncMode.REPORT, Optional.empty());
    private static final WriteMode SUSPENDED = new WriteMode(SyncMode.APPLY,
            Optional.of(new SourceLocation("flows.yaml", 1, 1)));
    private static final ValidationProblem PROBLEM = new ValidationProblem(new SourceLocation("flows.yaml", 4, 5),
            "duplicate key 'postAttributeCollection'");

    static Stream<Arguments> runs() {
        return Stream.of(
                row("a dry run with nothing to do", plan(RunMode.PLAN, List.of(), List.of()),
                        Outcome.IN_SYNC, 0, "in_sync", true),
                row("a dry run that finds drift", plan(RunMode.PLAN, List.of(BIND), List.of()),
                        Outcome.DRIFT, 2, "drift", false),
                row("a dry run with a flow it could not read", plan(RunMode.PLAN, List.of(BIND), List.of(READ_FAILED)),
                        Outcome.INCOMPLETE, 1, "incomplete", false),
                row("an apply that writes and verifies every change",
                        applied(ChangeOutcome.VERIFIED), Outcome.APPLIED, 0, "applied", true),
                row("an apply whose write Graph accepted but did not take",
                        applied(ChangeOutcome.NOT_EFFECTIVE), Outcome.INCOMPLETE, 1, "incomplete", false),
                row("an apply whose write Graph refused", applied(ChangeOutcome.FAILED),
                        Outcome.INCOMPLETE, 1, "incomplete", false),
                row("an apply with nothing to do", plan(RunMode.APPLY, List.of(), List.of())
                                .withApplied(new ApplyReport(plan(List.of(), List.of()), List.of())),
                        Outcome.IN_SYNC, 0, "in_sync", true),
                row("a run from the last good revision", fallback(), Outcome.DEGRADED, 1, "degraded", false),
                row("a dry run over a guard's limit", planned(RunMode.PLAN, OVER_MAX_CHANGES, WriteMode.APPLY),
                        Outcome.HELD, 1, "held", false),
                row("an apply a guard held back (nothing written)", refused(OVER_MAX_CHANGES, WriteMode.APPLY),
                        Outcome.HELD, 1, "held", false),
                row("an apply over a guard's limit written with --force",
                        planned(RunMode.APPLY, FORCED, WriteMode.APPLY).withApplied(new ApplyReport(
                                plan(List.of(BIND), FORCED, WriteMode.APPLY), List.of(verified()))),
                        Outcome.APPLIED, 0, "applied", true),
                row("a report-only dry run that finds drift", planned(RunMode.PLAN, PASSED, REPORT_ONLY),
                        Outcome.DRIFT, 2, "drift", false),
                row("a report-only apply that finds drift (the daemon's or the CLI's): nothing written",
                        refused(PASSED, REPORT_ONLY), Outcome.DRIFT, 2, "drift", false),
                row("a suspended apply that finds drift over a guard's limit: report-only comes first",
                        refused(OVER_MAX_CHANGES, SUSPENDED), Outcome.DRIFT, 2, "drift", false),
                row("a suspended apply with nothing to do", suspendedInSync(), Outcome.IN_SYNC, 0, "in_sync", true),
                row("a run whose desired state is invalid", SyncRun.start(RunMode.APPLY, START)
                                .withFailure(new RunFailure("desired state", "invalid", List.of(PROBLEM))),
                        Outcome.BLOCKED, 1, "blocked", false),
                row("a run that could not list the tenant's flows", SyncRun.start(RunMode.APPLY, START)
                                .withDesired(desired()).withFailure(new RunFailure("live state",
                                        "listing v1.0/identity/b2xUserFlows: HTTP 503", List.of())),
                        Outcome.FAILED, 1, "failed", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("runs")
    void everyOutputOfARunSaysWhatItsOneResultSays(String name, SyncRun run, Outcome outcome, int exitCode,
                                                   String label, boolean success) throws Exception {
        assertThat(run.result().outcome()).isEqualTo(outcome);
        assertThat(run.result().exitCode()).isEqualTo(exitCode);

        // the exit code of the command that printed the run
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Commands commands = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), Map.of());
        assertThat(commands.print(run, "text")).isEqualTo(exitCode);
        assertThat(commands.print(run, "markdown")).isEqualTo(exitCode);
        out.reset();
        assertThat(commands.print(run, "json")).isEqualTo(exitCode);
        JsonNode json = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertThat(json.path("result").asText()).isEqualTo(label);
        assertThat(json.path("exitCode").asInt()).isEqualTo(exitCode);

        // the metric label and the last-success gauge
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        Instant finished = START.plusSeconds(5);
        new SyncMetrics(meters).record(run, finished);
        assertThat(meters.get("userflow.sync.runs").tag("result", label).counter().count()).isEqualTo(1.0);
        assertThat(meters.get("userflow.sync.last.success.timestamp").gauge().value())
                .isEqualTo(success ? finished.getEpochSecond() : 0.0);

        // /status
        RunStatus status = new RunStatus(Clock.fixed(finished, ZoneOffset.UTC));
        status.record(run);
        JsonNode statusJson = new ObjectMapper().readTree(StatusJson.render(status.recent(), Optional.empty()));
        assertThat(statusJson.at("/runs/0/result").asText()).isEqualTo(label);
        assertThat(statusJson.at("/runs/0/reason").asText()).isEqualTo(run.result().reason());
    }

    private static Arguments row(String name, SyncRun run, Outcome outcome, int exitCode, String label,
                                 boolean success) {
        return Arguments.of(name, run, outcome, exitCode, label, success);
    }

    private static DesiredState desired() {
        return new DesiredState(List.of(), SourceRevision.folder("flows.yaml"));
    }

    private static Plan plan(List<PlanChange> changes, List<PlanError> errors) {
        return new Plan(Policy.SYNC, changes, List.of(), errors, 3, 3 - changes.size());
    }

    private static SyncRun plan(RunMode mode, List<PlanChange> changes, List<PlanError> errors) {
        return SyncRun.start(mode, START).withDesired(desired())
                .withLive(new LiveState(Fixtures.CONNECTORS, java.util.Set.of(), Map.of(), Map.of()))
                .withPlan(plan(changes, errors));
    }

    private static Plan plan(List<PlanChange> changes, GuardCheck guards, WriteMode mode) {
        return new Plan(Policy.SYNC, changes, List.of(), List.of(), 3, 3 - changes.size(), mode, guards);
    }

    /** A run that planned one change under {@code guards} and {@code mode}. */
    private static SyncRun planned(RunMode mode, GuardCheck guards, WriteMode writeMode) {
        return SyncRun.start(mode, START).withDesired(desired())
                .withLive(new LiveState(Fixtures.CONNECTORS, java.util.Set.of(), Map.of(), Map.of()))
                .withPlan(plan(List.of(BIND), guards, writeMode));
    }

    /** An apply the applier refused to write, as the gate decides it. */
    private static SyncRun refused(GuardCheck guards, WriteMode writeMode) {
        Plan plan = plan(List.of(BIND), guards, writeMode);
        return planned(RunMode.APPLY, guards, writeMode).withApplied(ApplyReport.refused(plan,
                WriteRefusal.of(plan, SyncMode.APPLY).orElseThrow()));
    }

    private static SyncRun suspendedInSync() {
        Plan plan = plan(List.of(), PASSED, SUSPENDED);
        return SyncRun.start(RunMode.APPLY, START).withDesired(desired())
                .withLive(new LiveState(Fixtures.CONNECTORS, java.util.Set.of(), Map.of(), Map.of()))
                .withPlan(plan).withApplied(new ApplyReport(plan, List.of()));
    }

    private static ChangeResult verified() {
        return new ChangeResult(BIND, ChangeOutcome.VERIFIED, Optional.empty(), Optional.of(Fixtures.CHECK_DOMAIN));
    }

    private static SyncRun applied(ChangeOutcome outcome) {
        Optional<GraphError> error = outcome == ChangeOutcome.FAILED
                ? Optional.of(new GraphError(400, "Request_BadRequest", "no", Optional.empty())) : Optional.empty();
        ChangeResult result = new ChangeResult(BIND, outcome, error, Optional.empty());
        return plan(RunMode.APPLY, List.of(BIND), List.of())
                .withApplied(new ApplyReport(plan(List.of(BIND), List.of()), List.of(result)));
    }

    private static SyncRun fallback() {
        SourceOutcome.Fallback f = new SourceOutcome.Fallback(desired(), Optional.empty(),
                "revision abc1234 does not validate (1 problem); using the last good revision 9f8e7d6",
                List.of(PROBLEM));
        return SyncRun.start(RunMode.APPLY, START).withFallback(f)
                .withLive(new LiveState(Fixtures.CONNECTORS, java.util.Set.of(), Map.of(), Map.of()))
                .withPlan(plan(List.of(), List.of()))
                .withApplied(new ApplyReport(plan(List.of(), List.of()), List.of()));
    }
}
