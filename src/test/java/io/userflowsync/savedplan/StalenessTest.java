package io.userflowsync.savedplan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import io.userflowsync.plan.Fixtures;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.Policy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.model.Step.POST_ATTRIBUTE_COLLECTION;
import static io.userflowsync.model.Step.POST_FEDERATION_SIGNUP;
import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.CONNECTORS;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The staleness check of a saved plan: the saved fingerprint (each change's {@code from}, and its target) against the
 * live state read again, one row per way the tenant can have moved on (or not) since the plan was made.
 */
class StalenessTest {
    private static final String PARTNER = "B2X_1_partner_signup";
    private static final String CUSTOMERS = "B2X_1_customers";
    private static final GraphError UNAVAILABLE = new GraphError(503, "serviceUnavailable", "try later",
            Optional.of("req-7"));
    private static final GraphError NOT_FOUND = new GraphError(404, "ResourceNotFound", "no such flow", Optional.empty());

    /** The tenant exactly as {@link SavedPlans#threeChanges()} saw it. */
    private static Fixtures.Live asPlanned() {
        return Fixtures.live().flow(PARTNER, Map.of(POST_ATTRIBUTE_COLLECTION, LEGACY))
                .flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, LEGACY));
    }

    static Stream<Arguments> rows() {
        Connector legacyOtherCase = new Connector(LEGACY.id().toUpperCase(java.util.Locale.ROOT), "Legacy CRM hook");
        Connector legacyRenamed = new Connector(LEGACY.id(), "Legacy CRM hook (old)");
        return Stream.of(
                Arguments.of("nothing changed", asPlanned().build(), List.of()),
                Arguments.of("the connector a step calls was renamed: same binding", Fixtures.live()
                        .flow(PARTNER, Map.of(POST_ATTRIBUTE_COLLECTION, legacyRenamed))
                        .flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, legacyRenamed))
                        .connectors(List.of(CHECK_DOMAIN, ENRICH, legacyRenamed)).build(), List.of()),
                Arguments.of("an id read back in other case: same binding", Fixtures.live()
                        .flow(PARTNER, Map.of(POST_ATTRIBUTE_COLLECTION, legacyOtherCase))
                        .flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, legacyOtherCase)).build(), List.of()),
                Arguments.of("a step the plan does not change drifted: not the plan's business", asPlanned()
                        .flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, LEGACY, POST_ATTRIBUTE_COLLECTION, ENRICH))
                        .build(), List.of()),
                Arguments.of("a step the plan unbinds was unbound meanwhile", asPlanned()
                        .flow(CUSTOMERS, Map.of()).build(),
                        List.of(step(CUSTOMERS, POST_FEDERATION_SIGNUP, "\"Legacy CRM hook\" (" + LEGACY.id() + ")",
                                "(none)"))),
                Arguments.of("a step the plan binds was bound meanwhile, even to the plan's own target", asPlanned()
                        .flow(PARTNER, Map.of(POST_FEDERATION_SIGNUP, CHECK_DOMAIN, POST_ATTRIBUTE_COLLECTION, LEGACY))
                        .build(),
                        List.of(step(PARTNER, POST_FEDERATION_SIGNUP, "(none)",
                                "\"Check partner domain\" (" + CHECK_DOMAIN.id() + ")"))),
                Arguments.of("a step the plan rebinds calls another connector now", asPlanned()
                        .flow(PARTNER, Map.of(POST_ATTRIBUTE_COLLECTION, Fixtures.TWIN_A)).build(),
                        List.of(step(PARTNER, POST_ATTRIBUTE_COLLECTION, "\"Legacy CRM hook\" (" + LEGACY.id() + ")",
                                "\"Loyalty check\" (" + Fixtures.TWIN_A.id() + ")"))),
                Arguments.of("two steps of one flow changed: each named, in the plan's order", asPlanned()
                        .flow(PARTNER, Map.of(POST_FEDERATION_SIGNUP, ENRICH)).build(),
                        List.of(step(PARTNER, POST_FEDERATION_SIGNUP, "(none)",
                                        "\"Enrich partner profile\" (" + ENRICH.id() + ")"),
                                step(PARTNER, POST_ATTRIBUTE_COLLECTION, "\"Legacy CRM hook\" (" + LEGACY.id() + ")",
                                        "(none)"))),
                Arguments.of("a flow whose bindings could not be read: once for the flow, not confirmed",
                        Fixtures.live().failing(PARTNER, UNAVAILABLE).flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP,
                                LEGACY)).build(),
                        List.of(flow(PARTNER, "its bindings could not be read (HTTP 503 serviceUnavailable: try later"
                                + " (request-id req-7))"))),
                Arguments.of("a flow the tenant no longer lists, not read at all", Fixtures.live()
                        .flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, LEGACY)).build(),
                        List.of(flow(PARTNER, "the tenant does not list it"))),
                Arguments.of("a flow whose read failed and that the listing no longer has", new LiveState(CONNECTORS,
                                java.util.Set.of(CUSTOMERS), Map.of(CUSTOMERS, new io.userflowsync.model.LiveFlow(
                                CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, LEGACY))), Map.of(PARTNER, NOT_FOUND)),
                        List.of(flow(PARTNER, "the tenant does not list it (HTTP 404 ResourceNotFound: no such flow)"))),
                Arguments.of("the connector a change binds was deleted", asPlanned()
                        .connectors(List.of(LEGACY, ENRICH)).build(),
                        List.of(step(PARTNER, POST_FEDERATION_SIGNUP,
                                "the target \"Check partner domain\" (" + CHECK_DOMAIN.id() + ")",
                                "the tenant has no connector with this id"))),
                Arguments.of("the connector a change binds was renamed: not what the reviewers saw", asPlanned()
                        .connectors(List.of(LEGACY, CHECK_DOMAIN, new Connector(ENRICH.id(), "Enrich v2"))).build(),
                        List.of(step(PARTNER, POST_ATTRIBUTE_COLLECTION,
                                "the target \"Enrich partner profile\" (" + ENRICH.id() + ")",
                                "it is named \"Enrich v2\""))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aSavedPlanIsStaleExactlyWhereTheLiveStateMovedOn(String name, LiveState live, List<LiveChange> expected) {
        assertThat(Staleness.since(SavedPlans.threeChanges(), live)).containsExactlyElementsOf(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aPlanWithNoChangesIsNeverStale(String name, LiveState live, List<LiveChange> ignored) {
        assertThat(Staleness.since(new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 5, 5), live)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void eachDifferenceReadsAsFlowStepSawAndNow() {
        assertThat(step(CUSTOMERS, POST_FEDERATION_SIGNUP, "\"Legacy CRM hook\" (e05f)", "(none)").describe())
                .isEqualTo("B2X_1_customers postFederationSignup: saw \"Legacy CRM hook\" (e05f), now (none)");
        assertThat(flow(PARTNER, "the tenant does not list it").describe())
                .isEqualTo("B2X_1_partner_signup: saw the flow, now the tenant does not list it");
    }

    @org.junit.jupiter.api.Test
    void aDisplayNameCannotForgeALineInTheRefusal() {
        Connector forged = new Connector(LEGACY.id(), "x\nB2X_1_other postFederationSignup: saw y");
        LiveState live = asPlanned().flow(PARTNER, Map.of(POST_ATTRIBUTE_COLLECTION, Fixtures.TWIN_A))
                .connectors(List.of(forged, CHECK_DOMAIN, ENRICH, Fixtures.TWIN_A)).build();
        Plan plan = new Plan(Policy.SYNC, List.of(new io.userflowsync.plan.PlanChange(PARTNER,
                POST_ATTRIBUTE_COLLECTION, io.userflowsync.plan.ChangeKind.REBIND, Optional.of(forged),
                Optional.of(ENRICH), SavedPlans.at(1, 1))), List.of(), List.of(), 1, 0);

        assertThat(Staleness.since(plan, live)).singleElement()
                .satisfies(c -> assertThat(c.describe()).doesNotContain("\n").contains("x\\u000aB2X_1_other"));
    }

    @org.junit.jupiter.api.Test
    void aPlanWhoseEveryStepIsAlreadyAsPlannedIsStaleAndSaysItLooksApplied() {
        LiveState applied = Fixtures.live().flow(PARTNER, Map.of(POST_FEDERATION_SIGNUP, CHECK_DOMAIN,
                POST_ATTRIBUTE_COLLECTION, ENRICH)).flow(CUSTOMERS, Map.of()).build();
        LiveState halfApplied = Fixtures.live().flow(PARTNER, Map.of(POST_FEDERATION_SIGNUP, CHECK_DOMAIN,
                POST_ATTRIBUTE_COLLECTION, ENRICH)).flow(CUSTOMERS, Map.of(POST_FEDERATION_SIGNUP, LEGACY)).build();

        assertThat(Staleness.since(SavedPlans.threeChanges(), applied)).hasSize(3);
        assertThat(Staleness.alreadyAsPlanned(SavedPlans.threeChanges(), applied)).isTrue();
        assertThat(Staleness.alreadyAsPlanned(SavedPlans.threeChanges(), halfApplied)).isFalse();
        assertThat(Staleness.alreadyAsPlanned(SavedPlans.threeChanges(), asPlanned().build())).isFalse();
        assertThat(Staleness.alreadyAsPlanned(new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 1, 1), applied))
                .as("nothing to apply is not 'applied before'").isFalse();
    }

    private static LiveChange step(String flow, Step step, String saw, String now) {
        return new LiveChange(flow, Optional.of(step), saw, now);
    }

    private static LiveChange flow(String flow, String now) {
        return new LiveChange(flow, Optional.empty(), "the flow", now);
    }
}
