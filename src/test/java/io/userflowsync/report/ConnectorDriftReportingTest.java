package io.userflowsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.userflowsync.report.SamplePlans.FOLDER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plan whose only drift is a connector (issue 9, item 1) is drift everywhere a run's drift is reported: the result
 * and exit code, the metrics, {@code /status}.
 */
class ConnectorDriftReportingTest {
    private static final Instant START = Instant.parse("2026-11-25T10:00:00Z");

    static final ConnectorChange CREATE = new ConnectorChange("partner-check", ConnectorChange.Action.CREATE,
            Optional.empty(), "Check partner domain", List.of(new ConnectorChange.FieldChange("password",
            Optional.empty(), ConnectorChange.FieldChange.SENSITIVE)), true, Optional.empty(), Optional.empty());

    static SyncRun connectorOnlyDrift() {
        Plan plan = new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 2, 2, new WriteMode(SyncMode.APPLY,
                Optional.empty()), GuardCheck.PASSED, new ConnectorPlan(List.of(CREATE), List.of(), List.of(), 0));
        return SyncRun.start(RunMode.PLAN, START).withDesired(new DesiredState(List.of(), FOLDER))
                .withLive(new LiveState(List.of(), Set.of(), Map.of(), Map.of())).withPlan(plan);
    }

    @Test
    void aConnectorOnlyDriftIsDriftWithExitCodeTwo() {
        RunResult result = connectorOnlyDrift().result();

        assertThat(result.outcome()).isEqualTo(RunResult.Outcome.DRIFT);
        assertThat(result.exitCode()).isEqualTo(2);
        assertThat(result.reason()).isEqualTo("1 change to make");
    }

    @Test
    void theMetricsAndStatusCountConnectorChanges() throws Exception {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        SyncMetrics metrics = new SyncMetrics(meters);
        metrics.record(connectorOnlyDrift(), START);
        String status = StatusJson.render(List.of(new RunStatus.FinishedRun(connectorOnlyDrift(), START)),
                Optional.empty());

        assertThat(meters.get("userflow.sync.drift.connectors").gauge().value()).as(metrics.toString())
                .isEqualTo(1.0);
        assertThat(new ObjectMapper().readTree(status).path("drift").path("connectors").asInt()).isEqualTo(1);
    }

    @Test
    void theTextPlanSaysTheBindingsAreInSyncButNotThatNothingChanges() {
        Plan plan = connectorOnlyDrift().requirePlan();

        String text = PlanText.render(plan, FOLDER);

        assertThat(text).contains("+ create  partner-check  \"Check partner domain\"")
                .contains("Bindings: no changes (2 managed steps).").doesNotContain("Live state matches");
    }
}
