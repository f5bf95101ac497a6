package io.userflowsync.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Guards;
import io.userflowsync.plan.Limit;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.userflowsync.report.SamplePlans.BIND;
import static io.userflowsync.report.SamplePlans.FOLDER;
import static io.userflowsync.report.SamplePlans.REBIND;
import static io.userflowsync.report.SamplePlans.UNBIND;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The plan in every format says when the agent is report-only and why (issue 8, item 2), and which guard a plan is
 * over, with the count and the way on (item 1).
 */
class GuardsAndModeRenderingTest {
    private static final WriteMode BY_SETTING = new WriteMode(SyncMode.REPORT, Optional.empty());
    private static final WriteMode SUSPENDED = new WriteMode(SyncMode.APPLY,
            Optional.of(new SourceLocation("tenants/prod/flows.yaml", 3, 1)));
    private static final Guards ONE_UNBIND_ONE_CHANGE = new Guards(Limit.count(0), Limit.percentOfManagedSteps(20));

    private static Plan plan(WriteMode mode, GuardCheck guards) {
        return new Plan(Policy.SYNC, List.of(UNBIND, BIND, REBIND), List.of(), List.of(), 5, 2, mode, guards);
    }

    private static GuardCheck over(boolean forced) {
        return ONE_UNBIND_ONE_CHANGE.check(List.of(UNBIND, BIND, REBIND), 5, forced);
    }

    @Test
    void theTextHeaderSaysReportOnlyAndWhy() {
        assertThat(PlanText.render(plan(BY_SETTING, GuardCheck.PASSED), FOLDER))
                .contains("Policy: sync\nMode: report-only (sync.mode=report): nothing is written\n\n");
        assertThat(PlanText.render(plan(SUSPENDED, GuardCheck.PASSED), FOLDER)).contains(
                "Mode: report-only (suspended by the desired state at tenants/prod/flows.yaml:3): nothing is written");
        assertThat(PlanText.render(plan(new WriteMode(SyncMode.REPORT, SUSPENDED.suspendedAt()), GuardCheck.PASSED),
                FOLDER)).contains("Mode: report-only (sync.mode=report; also suspended by the desired state at"
                + " tenants/prod/flows.yaml:3)");
        assertThat(PlanText.render(plan(WriteMode.APPLY, GuardCheck.PASSED), FOLDER)).doesNotContain("Mode:");
        // in sync: still said, as the header is all there is
        assertThat(PlanText.render(new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 5, 5, BY_SETTING,
                GuardCheck.PASSED), FOLDER)).contains("Mode: report-only (sync.mode=report)").contains("No changes.");
    }

    @Test
    void theTextNamesEachLimitTheCountAndHowToProceed() {
        String text = PlanText.render(plan(WriteMode.APPLY, over(false)), FOLDER);

        assertThat(text).contains("""

                Held back by guards (none of the changes above is written):
                  ! 1 unbind, over sync.max-unbinds=0
                  ! 3 changes, over sync.max-changes=20% (1 of 5 managed steps)
                  To proceed, raise sync.max-unbinds or sync.max-changes, split the change into smaller commits, or \
                run 'apply --force' once to write this plan as it is.

                Plan: 1 to bind, 1 to rebind, 1 to unbind;""");
    }

    @Test
    void aForcedPlanSaysItIsWrittenAnywayWithoutAWayOn() {
        String text = PlanText.render(plan(WriteMode.APPLY, over(true)), FOLDER);

        assertThat(text).contains("Over the guards' limits, written anyway (--force, this run only):\n"
                + "  ! 1 unbind, over sync.max-unbinds=0\n").doesNotContain("To proceed");
    }

    @Test
    void markdownSaysTheSame() {
        String md = PlanMarkdown.render(plan(SUSPENDED, over(false)), FOLDER);

        assertThat(md).contains("Mode: **report-only (suspended by the desired state at tenants/prod/flows.yaml:3)**:"
                        + " nothing is written")
                .contains("#### Held back by guards: none of the changes above is written\n\n"
                        + "- 1 unbind, over sync.max-unbinds=0\n- 3 changes, over sync.max-changes=20% (1 of 5 managed"
                        + " steps)\n\nTo proceed, raise sync.max-unbinds or sync.max-changes");
        assertThat(PlanMarkdown.render(plan(WriteMode.APPLY, GuardCheck.PASSED), FOLDER))
                .doesNotContain("Mode:").doesNotContain("guards");
    }

    @Test
    void jsonCarriesTheModeAndEveryTrip() {
        JsonNode json = PlanJson.render(plan(SUSPENDED, over(false)), FOLDER);

        assertThat(json.at("/mode/mode").asText()).isEqualTo("report");
        assertThat(json.at("/mode/reason").asText()).isEqualTo("suspended");
        assertThat(json.at("/mode/suspendedAt").asText()).isEqualTo("tenants/prod/flows.yaml:3:1");
        assertThat(json.at("/guards/maxUnbinds").asText()).isEqualTo("0");
        assertThat(json.at("/guards/maxChanges").asText()).isEqualTo("20%");
        assertThat(json.at("/guards/holdsBack").asBoolean()).isTrue();
        assertThat(json.at("/guards/tripped/1/setting").asText()).isEqualTo("sync.max-changes");
        assertThat(json.at("/guards/tripped/1/count").asInt()).isEqualTo(3);
        assertThat(json.at("/guards/tripped/1/allowed").asInt()).isEqualTo(1);

        JsonNode applying = PlanJson.render(plan(WriteMode.APPLY, GuardCheck.PASSED), FOLDER);
        assertThat(applying.at("/mode/mode").asText()).isEqualTo("apply");
        assertThat(applying.at("/mode/reason").asText()).isEqualTo("setting");
        assertThat(applying.at("/mode/suspendedAt").isNull()).isTrue();
        assertThat(applying.at("/guards/tripped").isEmpty()).isTrue();
    }
}
