package io.userflowsync.report;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static io.userflowsync.report.SamplePlans.BIND;
import static io.userflowsync.report.SamplePlans.FOLDER;
import static io.userflowsync.report.SamplePlans.REBIND;
import static io.userflowsync.report.SamplePlans.UNBIND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gauges an alert on drift in report-only mode needs (issue 8, item 3): the mode with its reason, one series at a
 * time, and the drifted steps by flow, which keep only the flows the last plan found drifted.
 */
class ModeAndDriftMetricsTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");
    private static final Optional<SourceLocation> SUSPEND = Optional.of(new SourceLocation("flows.yaml", 1, 1));

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    private Map<String, Double> modes() {
        return meters.find("userflow.sync.mode").gauges().stream().collect(Collectors.toMap(
                g -> g.getId().getTag("mode") + "/" + g.getId().getTag("reason"), Gauge::value));
    }

    private Map<String, Double> driftByFlow() {
        return meters.find("userflow.sync.drift.steps.by.flow").gauges().stream().collect(Collectors.toMap(
                g -> g.getId().getTag("flow"), Gauge::value));
    }

    private static SyncRun run(Optional<SourceLocation> suspendedAt, SyncMode setting, List<PlanChange> changes) {
        DesiredState desired = new DesiredState(List.of(), FOLDER, suspendedAt);
        Plan plan = new Plan(Policy.SYNC, changes, List.of(), List.of(), 5, 5 - changes.size(),
                new WriteMode(setting, suspendedAt), GuardCheck.PASSED);
        return SyncRun.start(RunMode.APPLY, START).withDesired(desired)
                .withLive(new LiveState(List.of(), Set.of(), Map.of(), Map.of())).withPlan(plan);
    }

    @Test
    void theModeGaugeStartsFromTheSettingAndFollowsTheDesiredStatesSuspend() {
        SyncMetrics metrics = new SyncMetrics(meters, SyncMode.APPLY);
        assertThat(modes()).containsExactly(Map.entry("apply/setting", 1.0));

        metrics.record(run(SUSPEND, SyncMode.APPLY, List.of(BIND)), START);
        assertThat(modes()).containsExactly(Map.entry("report/suspended", 1.0));

        // a run that stopped before it read the desired state says nothing new about the mode
        metrics.record(SyncRun.start(RunMode.APPLY, START).withFailure(new RunFailure("desired state", "unreachable",
                List.of())), START);
        assertThat(modes()).containsExactly(Map.entry("report/suspended", 1.0));

        metrics.record(run(Optional.empty(), SyncMode.APPLY, List.of(BIND)), START);
        assertThat(modes()).containsExactly(Map.entry("apply/setting", 1.0));
    }

    @Test
    void reportOnlyBySettingIsReportedAsTheSettingEvenWhenAlsoSuspended() {
        SyncMetrics metrics = new SyncMetrics(meters, SyncMode.REPORT);
        assertThat(modes()).containsExactly(Map.entry("report/setting", 1.0));

        metrics.record(run(SUSPEND, SyncMode.REPORT, List.of()), START);
        assertThat(modes()).containsExactly(Map.entry("report/setting", 1.0));
    }

    @Test
    void driftByFlowKeepsOnlyTheFlowsTheLastPlanFoundDrifted() {
        SyncMetrics metrics = new SyncMetrics(meters, SyncMode.REPORT);

        metrics.record(run(Optional.empty(), SyncMode.REPORT, List.of(UNBIND, BIND, REBIND)), START);
        assertThat(driftByFlow()).containsOnly(Map.entry("B2X_1_customers", 1.0),
                Map.entry("B2X_1_partner_signup", 2.0));

        metrics.record(run(Optional.empty(), SyncMode.REPORT, List.of(BIND)), START);
        assertThat(driftByFlow()).containsOnly(Map.entry("B2X_1_partner_signup", 1.0));

        metrics.record(run(Optional.empty(), SyncMode.REPORT, List.of()), START);
        assertThat(driftByFlow()).isEmpty();
        assertThat(meters.get("userflow.sync.drift.steps").gauge().value()).isZero();
    }
}
