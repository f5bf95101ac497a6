package io.userflowsync.report;

import io.userflowsync.forensics.Attribution;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.model.Connector;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.report.SamplePlans.FOLDER;
import static io.userflowsync.report.SamplePlans.GIT;
import static org.assertj.core.api.Assertions.assertThat;

class PlanMarkdownTest {

    private static List<String> lines(String text) {
        return List.of(text.split("\n", -1));
    }

    /** Cell separators GFM sees: bars not preceded by a backslash. */
    private static long unescapedBars(String row) {
        long count = 0;
        for (int i = 0; i < row.length(); i++) {
            if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
                count++;
            }
        }
        return count;
    }

    @Test
    void whoChangedADriftedStepOutsideTheAgentIsListedWithMarkupInTheNameEscaped() {
        Attributions changedBy = new Attributions(Map.of(
                new Attributions.Key(SamplePlans.REBIND.flowId(), SamplePlans.REBIND.step()),
                new Attribution("eve|<b>@contoso.com", Attribution.ActorType.USER,
                        Instant.parse("2026-11-25T08:01:02Z"), "Update user flow")));

        String md = PlanMarkdown.render(SamplePlans.mixed(), GIT, changedBy);

        assertThat(md).contains("#### Changed outside the agent")
                .contains("| `B2X_1_partner_signup` | `postAttributeCollection` | eve\\|\\<b\\>@contoso.com |"
                        + " 2026-11-25T08:01:02Z | Update user flow |");
        assertThat(PlanMarkdown.render(SamplePlans.mixed(), GIT)).doesNotContain("Changed outside");
    }

    @Test
    void headingSummaryAndATableOfChanges() {
        String md = PlanMarkdown.render(SamplePlans.mixed(), GIT);

        assertThat(lines(md)).containsSubsequence(
                "### User flow connector plan: 1 to bind, 1 to rebind, 1 to unbind",
                "| Action | Flow | Step | From | To |",
                "|---|---|---|---|---|",
                "| unbind | `B2X_1_customers` | `postFederationSignup` | \"Legacy CRM hook\" (`" + LEGACY.id()
                        + "`) | *(none)* |",
                "| bind | `B2X_1_partner_signup` | `postFederationSignup` | *(none)* | \"Check partner domain\" (`"
                        + CHECK_DOMAIN.id() + "`) |",
                "#### Held back by policy",
                "| Action | Flow | Step | From | To | Reason |");
        assertThat(md).contains("3f2a9c1d0e4b").contains("Policy: `upsert-only`")
                .contains("1 of 5 managed steps in sync; 1 held back by policy; 0 errors.")
                .contains("| policy upsert-only never unbinds |")
                .doesNotContain("#### Errors").doesNotContain("Blocked");
    }

    @Test
    void errorsSectionSaysWhatEachErrorSkips() {
        String md = PlanMarkdown.render(SamplePlans.withErrors(), FOLDER);

        assertThat(md).contains("#### Errors")
                .contains("| bind | `B2X_1_partner_signup` | `postFederationSignup` |")
                .contains("| UNKNOWN_FLOW | `B2X_1_typo` |  | `config/flows.yaml:12:3` | unknown user flow: the tenant "
                        + "lists no flow with this id (this flow is skipped) |")
                .contains("| AMBIGUOUS_CONNECTOR | `B2X_1_partner_signup` | `postAttributeCollection` | "
                        + "`config/flows.yaml:14:5` | ambiguous connector: 2 identityApiConnectors have the displayName "
                        + "\"Loyalty check\" (this step is skipped) |")
                .contains("| READ_FAILED | `B2X_1_broken` |  |  | could not read the live bindings: HTTP 503 "
                        + "serviceUnavailable: try later (request-id req-42) (this flow is skipped) |")
                .doesNotContainIgnoringCase("blocked").doesNotContainIgnoringCase("nothing will be written");
    }

    @Test
    void noChanges() {
        String md = PlanMarkdown.render(SamplePlans.inSync(), FOLDER);

        assertThat(md).startsWith("### User flow connector plan: no changes\n")
                .contains("Live state matches the desired state.")
                .doesNotContain("| Action |");
    }

    @Test
    void barsAndMarkupInNamesAreEscapedSoTheTableKeepsItsShape() {
        Connector piped = new Connector("0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6",
                "A | B [click](https://evil.example) <img src=x> *bold*\nnext");
        Plan plan = new Plan(Policy.SYNC, List.of(new PlanChange("B2X_1_a|b", Step.POST_FEDERATION_SIGNUP,
                ChangeKind.REBIND, Optional.of(LEGACY), Optional.of(piped), SamplePlans.loc(3, 3))), List.of(),
                List.of(), 1, 0);

        String md = PlanMarkdown.render(plan, FOLDER);

        String row = lines(md).stream().filter(l -> l.startsWith("| rebind")).findFirst().orElseThrow();
        assertThat(unescapedBars(row)).isEqualTo(6);
        assertThat(row).contains("`B2X_1_a\\|b`")
                .contains("\"A \\| B \\[click\\](https://evil.example) \\<img src=x\\> \\*bold\\* next\" (`"
                        + piped.id() + "`)");
    }

    @Test
    void codeSpansSurviveBackticks() {
        assertThat(PlanMarkdown.code("plain")).isEqualTo("`plain`");
        assertThat(PlanMarkdown.code("a`b")).isEqualTo("``a`b``");
        assertThat(PlanMarkdown.code("`x")).isEqualTo("`` `x ``");
    }
}
