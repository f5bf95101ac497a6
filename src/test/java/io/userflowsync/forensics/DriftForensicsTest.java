package io.userflowsync.forensics;

import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.forensics.Attribution.ActorType.APP;
import static io.userflowsync.forensics.Attribution.ActorType.USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure matching: audit entries and the plan's changes in, who changed each drifted step out. */
class DriftForensicsTest {
    static final String AGENT = "11111111-2222-3333-4444-555555555555";
    static final Instant T1 = Instant.parse("2026-11-25T08:01:02Z");
    static final Instant T2 = Instant.parse("2026-11-25T09:30:00Z");
    static final Connector LEGACY = new Connector("e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056", "Legacy CRM hook");
    static final PlanChange PARTNER_UNBIND = new PlanChange("B2X_1_partner_signup", Step.POST_ATTRIBUTE_COLLECTION,
            ChangeKind.UNBIND, Optional.of(LEGACY), Optional.empty(), new SourceLocation("flows.yaml", 3, 5));

    static AuditEntry byUser(String upn, Instant at, String... flows) {
        return entry(new AuditEntry.Initiator(USER, upn, ""), at, flows);
    }

    static AuditEntry byApp(String name, String appId, Instant at, String... flows) {
        return entry(new AuditEntry.Initiator(APP, name, appId), at, flows);
    }

    static AuditEntry entry(AuditEntry.Initiator by, Instant at, String... flows) {
        return new AuditEntry(at, "Update user flow", Optional.of(by),
                Stream.of(flows).map(f -> new AuditEntry.Target(f, f, "Policy")).toList());
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of("a user's change to the drifted flow names the user",
                        List.of(byUser("alice@contoso.com", T1, "B2X_1_partner_signup")),
                        Optional.of(new Attribution("alice@contoso.com", USER, T1, "Update user flow"))),
                Arguments.of("another app's change names the app by its displayName",
                        List.of(byApp("Portal script", "99999999-0000-0000-0000-000000000000", T1,
                                "B2X_1_partner_signup")),
                        Optional.of(new Attribution("Portal script", APP, T1, "Update user flow"))),
                Arguments.of("the newest outside change wins, in whatever order the log lists them",
                        List.of(byUser("alice@contoso.com", T1, "B2X_1_partner_signup"),
                                byUser("bob@contoso.com", T2, "B2X_1_partner_signup")),
                        Optional.of(new Attribution("bob@contoso.com", USER, T2, "Update user flow"))),
                Arguments.of("the agent's own write is never blamed, even when it is newer",
                        List.of(byUser("alice@contoso.com", T1, "B2X_1_partner_signup"),
                                byApp("userflow-connector-sync", AGENT, T2, "B2X_1_partner_signup")),
                        Optional.of(new Attribution("alice@contoso.com", USER, T1, "Update user flow"))),
                Arguments.of("the agent's own appId matches whatever its case",
                        List.of(byApp("userflow-connector-sync", AGENT.toUpperCase(java.util.Locale.ROOT), T2,
                                "B2X_1_partner_signup")),
                        Optional.empty()),
                Arguments.of("a change to another flow is not this flow's",
                        List.of(byUser("alice@contoso.com", T1, "B2X_1_customers")),
                        Optional.empty()),
                Arguments.of("the flow id is matched ignoring case, as B2C treats policy ids",
                        List.of(byUser("alice@contoso.com", T1, "b2x_1_PARTNER_signup")),
                        Optional.of(new Attribution("alice@contoso.com", USER, T1, "Update user flow"))),
                Arguments.of("an entry naming no one blames no one",
                        List.of(new AuditEntry(T1, "Update user flow", Optional.empty(),
                                List.of(new AuditEntry.Target("B2X_1_partner_signup", "", "Policy")))),
                        Optional.empty()),
                Arguments.of("no entries, no attribution", List.of(), Optional.empty()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void attributesEachDriftedStepToTheNewestOutsideChangeOfItsFlow(String name, List<AuditEntry> entries,
                                                                    Optional<Attribution> expected) {
        Attributions found = DriftForensics.attribute(List.of(PARTNER_UNBIND), entries, AGENT);

        assertThat(found.of(PARTNER_UNBIND)).isEqualTo(expected);
    }

    @Test
    void everyDriftedStepOfAFlowGetsTheFlowsChangeAsTheLogDoesNotNameTheStep() {
        PlanChange bind = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND,
                Optional.empty(), Optional.of(LEGACY), new SourceLocation("flows.yaml", 2, 5));

        Attributions found = DriftForensics.attribute(List.of(PARTNER_UNBIND, bind),
                List.of(byUser("alice@contoso.com", T1, "B2X_1_partner_signup")), AGENT);

        assertThat(found.byStep()).hasSize(2);
        assertThat(found.of(bind)).isEqualTo(found.of(PARTNER_UNBIND));
    }

    @Test
    void theFilterAsksForB2cUserFlowUpdatesSinceAnInstantToTheSecond() {
        assertThat(DriftForensics.filter(Instant.parse("2026-11-25T08:01:02.789Z")))
                .isEqualTo("loggedByService eq 'B2C' and activityDisplayName eq 'Update user flow'"
                        + " and activityDateTime ge 2026-11-25T08:01:02Z");
    }

    @Test
    void anAttributionReadsAsOneLineForAPerson() {
        assertThat(new Attribution("alice@contoso.com", USER, T1, "Update user flow").describe())
                .isEqualTo("changed outside by alice@contoso.com at 2026-11-25T08:01:02Z (Update user flow)");
        assertThat(new Attribution("Portal script", APP, T1, "Update user flow").describe())
                .isEqualTo("changed outside by app Portal script at 2026-11-25T08:01:02Z (Update user flow)");
    }
}
