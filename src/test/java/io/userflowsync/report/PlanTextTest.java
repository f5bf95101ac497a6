package io.userflowsync.report;

import io.userflowsync.model.Connector;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.report.SamplePlans.FOLDER;
import static io.userflowsync.report.SamplePlans.GIT;
import static org.assertj.core.api.Assertions.assertThat;

class PlanTextTest {

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    @Test
    void oneAlignedLinePerChangeNamingFlowStepActionAndBothConnectorsInFull() {
        String text = PlanText.render(SamplePlans.mixed(), FOLDER);

        assertThat(lines(text)).containsSubsequence(
                "Desired state: config/desired-state.example.yaml",
                "Policy: upsert-only",
                "",
                "  - unbind  B2X_1_customers       postFederationSignup     \"Legacy CRM hook\" (" + LEGACY.id()
                        + ") → (none)",
                "  + bind    B2X_1_partner_signup  postFederationSignup     (none) → \"Check partner domain\" ("
                        + CHECK_DOMAIN.id() + ")",
                "  ~ rebind  B2X_1_partner_signup  postAttributeCollection  \"Legacy CRM hook\" (" + LEGACY.id()
                        + ") → \"Enrich partner profile\" (" + ENRICH.id() + ")",
                "",
                "Held back by policy:",
                "  ! unbind  B2X_1_contractors     postAttributeCollection  \"Legacy CRM hook\" (" + LEGACY.id()
                        + ") → (none): policy upsert-only never unbinds",
                "",
                "Plan: 1 to bind, 1 to rebind, 1 to unbind; 1 held back by policy; 0 errors; 1 of 5 managed steps in sync.");
        assertThat(text).doesNotContain("Errors");
        // changes and held-back lines form one table: the step and "from" columns start at the same offsets
        List<String> changeLines = lines(text).stream().filter(l -> l.contains("→")).toList();
        assertThat(changeLines).hasSize(4);
        assertThat(changeLines.stream().map(l -> l.indexOf(" post") + 1).distinct()).hasSize(1);
        assertThat(changeLines.stream().map(PlanTextTest::fromColumn).distinct()).hasSize(1);
    }

    private static int fromColumn(String line) {
        int quote = line.indexOf('"');
        int none = line.indexOf("(none)");
        return quote < 0 ? none : none < 0 ? quote : Math.min(quote, none);
    }

    @Test
    void headerNamesTheGitRevision() {
        assertThat(PlanText.render(SamplePlans.mixed(), GIT)).startsWith(
                "Desired state: https://git.example.com/idp/bindings.git @ 3f2a9c1d0e4b (2026-11-25T08:00:00Z "
                        + "\"Bind partner check\")\n");
    }

    @Test
    void noChanges() {
        assertThat(PlanText.render(SamplePlans.inSync(), FOLDER)).isEqualTo("""
                Desired state: config/desired-state.example.yaml
                Policy: sync

                No changes. Live state matches the desired state (5 managed steps).
                """);
    }

    @Test
    void eachErrorSaysWhatItSkipsAndNoneClaimsNothingWillBeWritten() {
        String text = PlanText.render(SamplePlans.withErrors(), FOLDER);

        assertThat(lines(text)).containsSubsequence(
                "  + bind  B2X_1_partner_signup  postFederationSignup  (none) → \"Check partner domain\" ("
                        + CHECK_DOMAIN.id() + ")",
                "Errors (each skips the flow or step it names; the other changes are planned as usual):",
                "  x config/flows.yaml:12:3  B2X_1_typo: unknown user flow: the tenant lists no flow with this id "
                        + "(this flow is skipped)",
                "  x config/flows.yaml:14:5  B2X_1_partner_signup postAttributeCollection: ambiguous connector: 2 "
                        + "identityApiConnectors have the displayName \"Loyalty check\" (this step is skipped)",
                "  x B2X_1_broken: could not read the live bindings: HTTP 503 serviceUnavailable: try later "
                        + "(request-id req-42) (this flow is skipped)",
                "",
                "Plan: 1 to bind, 0 to rebind, 0 to unbind; 0 held back by policy; 3 errors; 1 of 5 managed steps in sync.");
        assertThat(text).doesNotContainIgnoringCase("nothing will be written").doesNotContainIgnoringCase("blocked");
    }

    @Test
    void aPlanWithErrorsAndNoChangesDoesNotSayNoChangesAboveItsErrors() {
        Plan plan = new Plan(Policy.SYNC, List.of(), List.of(), List.of(SamplePlans.UNKNOWN_FLOW), 2, 0);

        String text = PlanText.render(plan, FOLDER);

        assertThat(lines(text)).doesNotContain("No changes.").containsSubsequence(
                "  x config/flows.yaml:12:3  B2X_1_typo: unknown user flow: the tenant lists no flow with this id "
                        + "(this flow is skipped)",
                "Plan: 0 to bind, 0 to rebind, 0 to unbind; 0 held back by policy; 1 error; 0 of 2 managed steps in sync.");
        assertThat(text).doesNotContain("matches the desired state");
    }

    @Test
    void aDisplayNameWithALineBreakCannotForgeAnExtraLine() {
        Connector sneaky = new Connector("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6", "Hook\n  + bind    fake");
        Plan plan = new Plan(Policy.SYNC, List.of(new PlanChange("B2X_1_a", Step.POST_FEDERATION_SIGNUP,
                ChangeKind.BIND, Optional.empty(), Optional.of(sneaky), SamplePlans.loc(3, 3))), List.of(), List.of(),
                1, 0);

        String text = PlanText.render(plan, FOLDER);

        assertThat(lines(text).stream().filter(l -> l.startsWith("  + "))).singleElement()
                .asString().contains("\"Hook\\u000a  + bind    fake\" (0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6)");
    }
}
