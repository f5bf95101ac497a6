package io.userflowsync.report;

import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.PlanScope;
import io.userflowsync.plan.Planner;
import io.userflowsync.plan.Policy;
import io.userflowsync.savedplan.PlanFile;
import io.userflowsync.savedplan.PlanFileFormat;
import io.userflowsync.savedplan.PlanTarget;
import io.userflowsync.savedplan.SavedPlanRules;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static io.userflowsync.model.Step.POST_ATTRIBUTE_COLLECTION;
import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.desired;
import static io.userflowsync.plan.Fixtures.flow;
import static io.userflowsync.plan.Fixtures.live;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** A plan of some flows says so in every output, and is never applied as the whole tenant's plan. */
class PartialPlanTest {
    private static final DesiredState DESIRED = desired(
            flow("B2X_1_a", step(POST_ATTRIBUTE_COLLECTION, byName(CHECK_DOMAIN.displayName()))),
            flow("B2X_1_b", step(POST_ATTRIBUTE_COLLECTION, none())),
            flow("B2X_1_c", step(POST_ATTRIBUTE_COLLECTION, none())));
    /** Only B2X_1_a was read: the others are not in the live state at all. */
    private static final LiveState LIVE = live().flow("B2X_1_a", POST_ATTRIBUTE_COLLECTION, LEGACY).build();
    private static final PlanScope ONE_FLOW = PlanScope.only(Set.of("B2X_1_a"),
            "revision 1a2b3c4 changes 1 flow since 9f8e7d6");

    private static Plan partial() {
        return Planner.plan(DESIRED, LIVE, PlanRules.of(Policy.SYNC), ONE_FLOW);
    }

    @Test
    void onlyTheScopedFlowsArePlannedAndTheOthersAreNoError() {
        Plan plan = partial();

        assertThat(plan.partial()).isTrue();
        assertThat(plan.changes()).singleElement().satisfies(c -> assertThat(c.flowId()).isEqualTo("B2X_1_a"));
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.coverage().plannedFlows()).isEqualTo(1);
        assertThat(plan.coverage().managedFlows()).isEqualTo(3);
    }

    @Test
    void theGuardsJudgeAPartialPlanAgainstEveryManagedStep() {
        // 1 change of 3 managed steps is 33%: over a 30% limit; of the 1 planned step it would be 100%.
        PlanRules rules = new PlanRules(Policy.SYNC, new io.userflowsync.plan.Guards(
                io.userflowsync.plan.Limit.parse("k", "50%"), io.userflowsync.plan.Limit.parse("k", "30%")),
                io.userflowsync.plan.SyncMode.APPLY, false);

        Plan plan = Planner.plan(DESIRED, LIVE, rules, ONE_FLOW);

        assertThat(plan.guards().trips()).singleElement().satisfies(t -> assertThat(t.managedSteps()).isEqualTo(3));
    }

    @Test
    void textJsonAndMarkdownSayThePlanIsPartialAndWhy() {
        Plan plan = partial();

        assertThat(PlanText.render(plan, SamplePlans.GIT))
                .contains("Partial plan: 1 of 3 managed flows read and planned (revision 1a2b3c4 changes 1 flow"
                        + " since 9f8e7d6); the other flows were not read");
        assertThat(PlanMarkdown.render(plan, SamplePlans.GIT)).contains("**Partial plan**: 1 of 3 managed flows");
        var summary = PlanJson.render(plan, SamplePlans.GIT).get("summary");
        assertThat(summary.get("partial").booleanValue()).isTrue();
        assertThat(summary.get("plannedFlows").intValue()).isEqualTo(1);
        assertThat(summary.get("managedFlows").intValue()).isEqualTo(3);
        assertThat(summary.get("scope").textValue()).contains("changes 1 flow");
    }

    @Test
    void aFullPlanSaysNothingOfScope() {
        Plan plan = Planner.plan(DESIRED, live().flow("B2X_1_a", POST_ATTRIBUTE_COLLECTION, LEGACY)
                .flow("B2X_1_b").flow("B2X_1_c").build(), PlanRules.of(Policy.SYNC));

        assertThat(plan.partial()).isFalse();
        assertThat(PlanText.render(plan, SamplePlans.GIT)).doesNotContain("Partial");
        assertThat(PlanJson.render(plan, SamplePlans.GIT).get("summary").get("partial").booleanValue()).isFalse();
    }

    @Test
    void aSavedPartialPlanReadsBackPartialAndApplyFileRefusesIt() throws Exception {
        PlanTarget tenant = new PlanTarget("https://graph.microsoft.com", "10000000-0000-0000-0000-00000000000a");
        PlanFile saved = new PlanFile(Instant.parse("2026-12-05T10:00:00Z"), "test", tenant, SamplePlans.GIT,
                partial());

        PlanFile read = PlanFileFormat.read(PlanFileFormat.write(saved));

        assertThat(read.plan().partial()).isTrue();
        assertThat(new SavedPlanRules(tenant, Policy.SYNC, false, Optional.empty())
                .refusals(read, Instant.parse("2026-12-05T10:01:00Z")))
                .singleElement().asString().contains("partial plan", "1 of 3 managed flows", "whole tenant");
    }
}
