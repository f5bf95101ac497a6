package io.userflowsync.notify;

import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A notification's drift includes connector changes (issue 9, item 1), so a new connector drift is announced. */
class ConnectorDriftNotificationTest {
    private static Plan withConnectorChange(String url) {
        ConnectorChange update = new ConnectorChange("partner-check", ConnectorChange.Action.UPDATE,
                Optional.of("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07"), "Check partner domain",
                List.of(new ConnectorChange.FieldChange("targetUrl", Optional.of("https://old.example"), url)),
                false, Optional.empty(), Optional.empty());
        return new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 0, 0, new WriteMode(SyncMode.APPLY,
                Optional.empty()), GuardCheck.PASSED, new ConnectorPlan(List.of(update), List.of(), List.of(), 0));
    }

    @Test
    void theJsonNotificationListsTheConnectorChangesWithoutTheirValues() {
        io.userflowsync.run.SyncRun run = io.userflowsync.run.SyncRun.start(io.userflowsync.run.RunMode.PLAN,
                java.time.Instant.parse("2026-11-25T10:00:00Z"))
                .withDesired(new io.userflowsync.model.DesiredState(List.of(), new io.userflowsync.model.SourceRevision(
                        "flows.yaml", Optional.empty(), Optional.empty(), Optional.empty())))
                .withPlan(withConnectorChange("https://a.example"));
        RunEvent event = new RunEvent(EventKind.DRIFT, run, java.time.Instant.parse("2026-11-25T10:00:01Z"),
                Optional.empty());

        var json = JsonPayload.render(event, SampleRuns.AGENT);

        assertThat(json.path("connectorChanges").toString()).isEqualTo("[{\"key\":\"partner-check\",\"action\":"
                + "\"update\",\"displayName\":\"Check partner domain\",\"id\":\"3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07\","
                + "\"fields\":[\"targetUrl\"],\"outcome\":null}]");
    }

    @Test
    void aDifferentConnectorChangeIsADifferentDrift() {
        String none = NotificationRules.driftFingerprint(new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 0, 0));
        String first = NotificationRules.driftFingerprint(withConnectorChange("https://a.example"));
        String second = NotificationRules.driftFingerprint(withConnectorChange("https://b.example"));

        assertThat(first).isNotEqualTo(none).isNotEqualTo(second)
                .isEqualTo(NotificationRules.driftFingerprint(withConnectorChange("https://a.example")));
    }
}
