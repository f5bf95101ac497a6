package io.userflowsync.savedplan;

import io.userflowsync.config.SettingsException;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.savedplan.SavedPlans.MADE;
import static io.userflowsync.savedplan.SavedPlans.TENANT_A;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Whether a saved plan may be applied here at all, before the tenant is read: one row per rule. */
class SavedPlanRulesTest {
    private static final SavedPlanRules HERE = new SavedPlanRules(TENANT_A, Policy.SYNC, false, Optional.empty());
    private static final PlanChange PRE_TOKEN = new PlanChange("B2C_1_susi", Step.PRE_TOKEN_ISSUANCE, ChangeKind.BIND,
            Optional.empty(), Optional.of(CHECK_DOMAIN), SavedPlans.at(20, 5));

    static Stream<Arguments> rows() {
        PlanFile plan = SavedPlans.file(SavedPlans.threeChanges());
        PlanFile bindsOnly = SavedPlans.file(new Plan(Policy.SYNC, List.of(SavedPlans.BIND, SavedPlans.REBIND),
                List.of(), List.of(), 2, 0));
        PlanFile preToken = SavedPlans.file(new Plan(Policy.SYNC, List.of(PRE_TOKEN), List.of(), List.of(), 1, 0));
        return Stream.of(
                Arguments.of("the same tenant and Graph", plan, HERE, MADE, List.of()),
                Arguments.of("the same tenant and Graph, written otherwise (case, trailing slash)", plan,
                        rules(new PlanTarget("HTTPS://Graph.Microsoft.com/", TENANT_A.tenantId()
                                .toUpperCase(java.util.Locale.ROOT)), Policy.SYNC, false, null), MADE, List.of()),
                Arguments.of("another tenant", plan, rules(new PlanTarget(TENANT_A.graphEndpoint(),
                                "20000000-0000-0000-0000-00000000000b"), Policy.SYNC, false, null), MADE,
                        List.of("it was made for tenant 10000000-0000-0000-0000-00000000000a, and this is tenant"
                                + " 20000000-0000-0000-0000-00000000000b (azure.tenant.id)")),
                Arguments.of("another cloud's Graph", plan, rules(new PlanTarget("https://graph.microsoft.us",
                                TENANT_A.tenantId()), Policy.SYNC, false, null), MADE,
                        List.of("it was made against Graph at https://graph.microsoft.com, and this agent calls"
                                + " https://graph.microsoft.us (graph.endpoint)")),
                Arguments.of("a year old, and no max-age set", plan, HERE, MADE.plus(Duration.ofDays(365)), List.of()),
                Arguments.of("younger than max-age", plan, rules(TENANT_A, Policy.SYNC, false, Duration.ofHours(24)),
                        MADE.plus(Duration.ofHours(23)), List.of()),
                Arguments.of("exactly max-age old", plan, rules(TENANT_A, Policy.SYNC, false, Duration.ofHours(24)),
                        MADE.plus(Duration.ofHours(24)), List.of()),
                Arguments.of("older than max-age", plan, rules(TENANT_A, Policy.SYNC, false, Duration.ofHours(24)),
                        MADE.plus(Duration.ofHours(25).plusSeconds(7)),
                        List.of("it was made at 2026-11-25T09:30:00Z, 1d 1h 7s ago, longer ago than"
                                + " sync.saved-plan.max-age (1d) allows")),
                Arguments.of("an unbind, where the policy is upsert-only", plan,
                        rules(TENANT_A, Policy.UPSERT_ONLY, false, null), MADE,
                        List.of("it was made under policy sync, and sync.policy here is upsert-only, which holds back"
                                + " B2X_1_customers postFederationSignup (policy upsert-only never unbinds)")),
                Arguments.of("binds only, where the policy is upsert-only", bindsOnly,
                        rules(TENANT_A, Policy.UPSERT_ONLY, false, null), MADE, List.of()),
                Arguments.of("an experimental step, not allowed here", preToken, HERE, MADE,
                        List.of("it changes the experimental step B2C_1_susi preTokenIssuance, which needs"
                                + " sync.experimental.pre-token-issuance=true")),
                Arguments.of("an experimental step, allowed here", preToken, rules(TENANT_A, Policy.SYNC, true, null),
                        MADE, List.of()),
                Arguments.of("everything wrong at once: every reason", plan, rules(new PlanTarget(
                                "https://graph.microsoft.us", "t2"), Policy.UPSERT_ONLY, false, Duration.ofMinutes(1)),
                        MADE.plus(Duration.ofMinutes(2)), List.of(
                                "it was made for tenant 10000000-0000-0000-0000-00000000000a, and this is tenant t2"
                                        + " (azure.tenant.id)",
                                "it was made against Graph at https://graph.microsoft.com, and this agent calls"
                                        + " https://graph.microsoft.us (graph.endpoint)",
                                "it was made at 2026-11-25T09:30:00Z, 2m ago, longer ago than sync.saved-plan.max-age"
                                        + " (1m) allows",
                                "it was made under policy sync, and sync.policy here is upsert-only, which holds back"
                                        + " B2X_1_customers postFederationSignup (policy upsert-only never unbinds)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aSavedPlanIsRefusedForEachRuleItBreaks(String name, PlanFile saved, SavedPlanRules rules, Instant now,
                                                List<String> expected) {
        assertThat(rules.refusals(saved, now)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({"30m, PT30M", "24h, PT24H", "7d, PT168H", "1d12h, PT36H", "90s, PT1M30S", "' 2H ', PT2H",
            "1d2h3m4s, PT26H3M4S"})
    void maxAgeTakesDaysHoursMinutesAndSeconds(String text, String expected) {
        assertThat(SavedPlanRules.parseAge("sync.saved-plan.max-age", text)).isEqualTo(Duration.parse(expected));
    }

    @ParameterizedTest(name = "''{0}''")
    @CsvSource({"''", "1w", "-1h", "24", "h", "1h 30m", "0m", "0d0h"})
    void aMaxAgeThatIsNoAgeIsRefusedByName(String text) {
        assertThatThrownBy(() -> SavedPlanRules.parseAge("sync.saved-plan.max-age", text))
                .isInstanceOf(SettingsException.class).hasMessageStartingWith("setting sync.saved-plan.max-age must be");
    }

    private static SavedPlanRules rules(PlanTarget here, Policy policy, boolean experimental, Duration maxAge) {
        return new SavedPlanRules(here, policy, experimental, Optional.ofNullable(maxAge));
    }
}
