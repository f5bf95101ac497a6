package io.userflowsync.report;

import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Planner;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.desired;
import static io.userflowsync.plan.Fixtures.flow;
import static io.userflowsync.plan.Fixtures.live;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plans, apply results and their labels are read by CI and dashboards: they must not depend on the machine's locale.
 * Under Turkish rules "BIND".toLowerCase() is "bınd" (dotless i), the classic way such output breaks (issue 6, 14).
 */
class PlansReadTheSameInEveryLocaleTest {
    private Locale saved;

    @BeforeEach
    void turkish() {
        saved = Locale.getDefault();
        Locale.setDefault(Locale.forLanguageTag("tr-TR"));
    }

    @AfterEach
    void restore() {
        Locale.setDefault(saved);
    }

    private static Plan plan() {
        LiveState tenant = live()
                .flow("B2X_1_partner_signup", Step.POST_ATTRIBUTE_COLLECTION, LEGACY)
                .flow("B2X_1_customers", Step.POST_FEDERATION_SIGNUP, LEGACY)
                .build();
        DesiredState wanted = desired(
                flow("B2X_1_partner_signup",
                        step(Step.POST_FEDERATION_SIGNUP, byName(CHECK_DOMAIN.displayName())),
                        step(Step.POST_ATTRIBUTE_COLLECTION, byName(ENRICH.displayName()))),
                flow("B2X_1_customers", step(Step.POST_FEDERATION_SIGNUP, none())));
        return Planner.plan(wanted, tenant, Policy.SYNC);
    }

    @Test
    void theTurkishLocaleIsReallyInEffect() {
        // Guards the other tests: if this stopped holding, they would pass without testing anything.
        assertThat("BIND".toLowerCase()).isEqualTo("b\u0131nd");
    }

    @Test
    void planTextNamesTheActionsInPlainAscii() {
        String text = PlanText.render(plan(), SamplePlans.FOLDER);

        assertThat(text).contains("+ bind ", "~ rebind ", "- unbind ").doesNotContain("\u0131");
    }

    @Test
    void planMarkdownAndJsonNameTheActionsInPlainAscii() {
        Plan plan = plan();

        assertThat(PlanMarkdown.render(plan, SamplePlans.FOLDER))
                .contains("| bind |", "| rebind |", "| unbind |").doesNotContain("\u0131");
        assertThat(PlanJson.renderText(plan, SamplePlans.FOLDER))
                .contains("\"action\" : \"bind\"", "\"action\" : \"rebind\"", "\"action\" : \"unbind\"")
                .doesNotContain("\u0131");
    }

    @Test
    void applyResultsNameTheirOutcomesInPlainAscii() {
        Plan plan = plan();
        List<PlanChange> changes = plan.changes();
        ApplyReport report = new ApplyReport(plan, List.of(
                new ChangeResult(changes.get(0), ChangeOutcome.VERIFIED, Optional.empty(), changes.get(0).to()),
                new ChangeResult(changes.get(1), ChangeOutcome.NOT_EFFECTIVE, Optional.empty(), Optional.of(LEGACY)),
                new ChangeResult(changes.get(2), ChangeOutcome.UNVERIFIED, Optional.empty(), Optional.empty())));

        assertThat(ApplyText.render(report))
                .contains("verified ", "not effective ", "unverified ", " bind ", " unbind ")
                .doesNotContain("\u0131");
    }
}
