package io.userflowsync.plan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.model.Step.POST_ATTRIBUTE_COLLECTION;
import static io.userflowsync.model.Step.POST_FEDERATION_SIGNUP;
import static io.userflowsync.model.Step.PRE_TOKEN_ISSUANCE;
import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.plan.Fixtures.TWIN_A;
import static io.userflowsync.plan.Fixtures.TWIN_B;
import static io.userflowsync.plan.Fixtures.byId;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.desired;
import static io.userflowsync.plan.Fixtures.flow;
import static io.userflowsync.plan.Fixtures.live;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class PlannerTest {
    private static final String FLOW = "B2X_1_partner_signup";
    private static final Step STEP = POST_FEDERATION_SIGNUP;

    /** What planning one step should produce. */
    enum Outcome { IN_SYNC, BIND, REBIND, UNBIND, HELD_BACK_UNBIND }

    static Stream<Arguments> transitions() {
        Optional<Connector> unbound = Optional.empty();
        return Stream.of(
                // live,                  desired,                               policy,             outcome
                Arguments.of(unbound, byName(CHECK_DOMAIN.displayName()), Policy.SYNC, Outcome.BIND),
                Arguments.of(unbound, byName(CHECK_DOMAIN.displayName()), Policy.UPSERT_ONLY, Outcome.BIND),
                Arguments.of(unbound, byId(CHECK_DOMAIN.id()), Policy.SYNC, Outcome.BIND),
                Arguments.of(unbound, byId(CHECK_DOMAIN.id()), Policy.UPSERT_ONLY, Outcome.BIND),
                Arguments.of(Optional.of(LEGACY), byName(CHECK_DOMAIN.displayName()), Policy.SYNC, Outcome.REBIND),
                Arguments.of(Optional.of(LEGACY), byName(CHECK_DOMAIN.displayName()), Policy.UPSERT_ONLY, Outcome.REBIND),
                Arguments.of(Optional.of(LEGACY), byId(CHECK_DOMAIN.id()), Policy.SYNC, Outcome.REBIND),
                Arguments.of(Optional.of(LEGACY), byId(CHECK_DOMAIN.id()), Policy.UPSERT_ONLY, Outcome.REBIND),
                Arguments.of(Optional.of(CHECK_DOMAIN), byName(CHECK_DOMAIN.displayName()), Policy.SYNC, Outcome.IN_SYNC),
                Arguments.of(Optional.of(CHECK_DOMAIN), byName(CHECK_DOMAIN.displayName()), Policy.UPSERT_ONLY, Outcome.IN_SYNC),
                Arguments.of(Optional.of(CHECK_DOMAIN), byId(CHECK_DOMAIN.id()), Policy.SYNC, Outcome.IN_SYNC),
                Arguments.of(Optional.of(CHECK_DOMAIN), byId(CHECK_DOMAIN.id()), Policy.UPSERT_ONLY, Outcome.IN_SYNC),
                // ids are GUIDs: case does not matter, neither in the YAML nor in what Graph returns for the binding
                Arguments.of(Optional.of(CHECK_DOMAIN), byId(CHECK_DOMAIN.id().toUpperCase()), Policy.SYNC, Outcome.IN_SYNC),
                Arguments.of(Optional.of(new Connector(CHECK_DOMAIN.id().toUpperCase(), CHECK_DOMAIN.displayName())),
                        byName(CHECK_DOMAIN.displayName()), Policy.SYNC, Outcome.IN_SYNC),
                Arguments.of(Optional.of(LEGACY), none(), Policy.SYNC, Outcome.UNBIND),
                Arguments.of(Optional.of(LEGACY), none(), Policy.UPSERT_ONLY, Outcome.HELD_BACK_UNBIND),
                Arguments.of(unbound, none(), Policy.SYNC, Outcome.IN_SYNC),
                Arguments.of(unbound, none(), Policy.UPSERT_ONLY, Outcome.IN_SYNC));
    }

    @ParameterizedTest(name = "live {0}, desired {1}, {2} → {3}")
    @MethodSource("transitions")
    void everyTransitionUnderEveryPolicy(Optional<Connector> liveBinding, Optional<ConnectorRef> wanted, Policy policy,
                                         Outcome outcome) {
        Fixtures.Live tenant = live();
        liveBinding.ifPresentOrElse(c -> tenant.flow(FLOW, STEP, c), () -> tenant.flow(FLOW));
        DesiredState desired = desired(flow(FLOW, step(STEP, wanted)));

        Plan plan = Planner.plan(desired, tenant.build(), policy);

        assertThat(plan.policy()).isEqualTo(policy);
        assertThat(plan.errors()).isEmpty();
        assertThat(plan.managedSteps()).isEqualTo(1);
        switch (outcome) {
            case IN_SYNC -> {
                assertThat(plan.changes()).isEmpty();
                assertThat(plan.suppressed()).isEmpty();
                assertThat(plan.inSyncSteps()).isEqualTo(1);
                assertThat(plan.hasDrift()).isFalse();
            }
            case BIND, REBIND, UNBIND -> {
                ChangeKind kind = ChangeKind.valueOf(outcome.name());
                Optional<Connector> to = kind == ChangeKind.UNBIND ? Optional.empty() : Optional.of(CHECK_DOMAIN);
                assertThat(plan.changes()).containsExactly(
                        new PlanChange(FLOW, STEP, kind, liveBinding, to, step(STEP, wanted).location()));
                assertThat(plan.suppressed()).isEmpty();
                assertThat(plan.inSyncSteps()).isZero();
                assertThat(plan.hasDrift()).isTrue();
            }
            case HELD_BACK_UNBIND -> {
                assertThat(plan.changes()).isEmpty();
                assertThat(plan.suppressed()).containsExactly(new SuppressedChange(
                        new PlanChange(FLOW, STEP, ChangeKind.UNBIND, liveBinding, Optional.empty(),
                                step(STEP, wanted).location()),
                        "policy upsert-only never unbinds"));
                assertThat(plan.inSyncSteps()).isZero();
                assertThat(plan.hasDrift()).isFalse();
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Policy.class)
    void stepsTheDesiredStateDoesNotListAreNeverTouched(Policy policy) {
        LiveState tenant = live().flow(FLOW, Map.of(
                POST_FEDERATION_SIGNUP, LEGACY,
                POST_ATTRIBUTE_COLLECTION, ENRICH,
                PRE_TOKEN_ISSUANCE, LEGACY)).build();
        DesiredState desired = desired(flow(FLOW, step(POST_ATTRIBUTE_COLLECTION, byName(ENRICH.displayName()))));

        Plan plan = Planner.plan(desired, tenant, policy);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.suppressed()).isEmpty();
        assertThat(plan.managedSteps()).isEqualTo(1);
        assertThat(plan.inSyncSteps()).isEqualTo(1);
    }

    @Test
    void aFlowWithNoStepsListedChangesNothing() {
        Plan plan = Planner.plan(desired(flow(FLOW)), live().flow(FLOW, STEP, LEGACY).build(), Policy.SYNC);

        assertThat(plan).isEqualTo(new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 0, 0));
    }

    static Stream<Arguments> unresolvableReferences() {
        return Stream.of(
                Arguments.of("unknown id", byId("11111111-2222-4333-8444-555555555555"), PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("unknown connector", "11111111-2222-4333-8444-555555555555"),
                        List.of("did you mean")),
                Arguments.of("id one character off", byId(CHECK_DOMAIN.id().replace("c07", "c08")),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("unknown connector", "did you mean " + CHECK_DOMAIN.describe() + "?"), List.of()),
                Arguments.of("displayName written as id", byId(ENRICH.displayName()), PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("is the displayName of " + ENRICH.describe(), "{displayName: Enrich partner profile}"),
                        List.of()),
                Arguments.of("unknown displayName, nothing close", byName("Fraud screening"),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("unknown connector", "\"Fraud screening\""), List.of("did you mean")),
                Arguments.of("displayName in other case", byName("check partner domain"),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("case-sensitive", "did you mean " + CHECK_DOMAIN.describe() + "?"), List.of()),
                Arguments.of("displayName with stray blanks", byName(" Check partner domain "),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("did you mean " + CHECK_DOMAIN.describe() + "?"), List.of()),
                Arguments.of("displayName with two typos", byName("Chek partner domin"),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("did you mean " + CHECK_DOMAIN.describe() + "?"), List.of()),
                Arguments.of("displayName with two swapped letters (one edit)", byName("Check partner domian"),
                        PlanError.Kind.UNKNOWN_CONNECTOR,
                        List.of("did you mean " + CHECK_DOMAIN.describe() + "?"), List.of()),
                Arguments.of("displayName three edits away", byName("Chek partnr domin"),
                        PlanError.Kind.UNKNOWN_CONNECTOR, List.of("unknown connector"), List.of("did you mean")),
                Arguments.of("displayName shared by two connectors", byName("Loyalty check"),
                        PlanError.Kind.AMBIGUOUS_CONNECTOR,
                        List.of("2 identityApiConnectors", "(ids " + TWIN_B.id() + ", " + TWIN_A.id() + ")",
                                "{id: " + TWIN_B.id() + "}"),
                        List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unresolvableReferences")
    void aReferenceThatMatchesNoSingleConnectorIsAnErrorForThatStepOnly(String name, Optional<ConnectorRef> wanted,
                                                              PlanError.Kind kind, List<String> mentions,
                                                              List<String> doesNotMention) {
        LiveState tenant = live().flow(FLOW, STEP, LEGACY).build();
        DesiredState desired = desired(flow(FLOW,
                step(STEP, wanted),
                step(POST_ATTRIBUTE_COLLECTION, byName(ENRICH.displayName()))));

        for (Policy policy : Policy.values()) {
            Plan plan = Planner.plan(desired, tenant, policy);

            assertThat(plan.errors()).hasSize(1);
            PlanError error = plan.errors().get(0);
            assertThat(error.flowId()).isEqualTo(FLOW);
            assertThat(error.step()).contains(STEP);
            assertThat(error.kind()).isEqualTo(kind);
            assertThat(error.location()).contains(step(STEP, wanted).location());
            assertThat(error.message()).contains(mentions);
            doesNotMention.forEach(text -> assertThat(error.message()).doesNotContain(text));
            // the step in error is not planned; the other step of the flow still is
            assertThat(plan.changes()).extracting(PlanChange::step).containsExactly(POST_ATTRIBUTE_COLLECTION);
            assertThat(plan.managedSteps()).isEqualTo(2);
        }
    }

    @Test
    void anUnknownFlowIsAnErrorWithADidYouMean() {
        LiveState tenant = live().flow("B2X_1_partner_signup").unmanaged("B2X_1_customers").build();
        DesiredState desired = desired(flow("B2X_1_partner_sigup", step(STEP, byName(CHECK_DOMAIN.displayName()))));

        Plan plan = Planner.plan(desired, tenant, Policy.SYNC);

        assertThat(plan.errors()).containsExactly(new PlanError("B2X_1_partner_sigup", Optional.empty(),
                PlanError.Kind.UNKNOWN_FLOW,
                "unknown user flow: the tenant lists no flow with this id; did you mean B2X_1_partner_signup?",
                Optional.of(desired.flows().get(0).location())));
        assertThat(plan.changes()).isEmpty();
        assertThat(plan.managedSteps()).isEqualTo(1);
        assertThat(plan.inSyncSteps()).isZero();
    }

    @Test
    void anUnknownFlowDiffersOnlyInCaseFromAnExistingOne() {
        LiveState tenant = live().unmanaged("B2X_1_Customers").build();

        Plan plan = Planner.plan(desired(flow("B2X_1_customers")), tenant, Policy.SYNC);

        assertThat(plan.errors()).singleElement().satisfies(e -> assertThat(e.message())
                .endsWith("; did you mean B2X_1_Customers?"));
    }

    @Test
    void anUnknownFlowWithNothingCloseHasNoSuggestion() {
        LiveState tenant = live().unmanaged("B2X_1_customers").build();

        Plan plan = Planner.plan(desired(flow("B2C_1_susi")), tenant, Policy.SYNC);

        assertThat(plan.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(PlanError.Kind.UNKNOWN_FLOW);
            assertThat(e.message()).isEqualTo("unknown user flow: the tenant lists no flow with this id");
        });
    }

    @Test
    void aFlowWhoseBindingsCouldNotBeReadIsSkippedWhileTheOthersArePlanned() {
        GraphError unavailable = new GraphError(503, "serviceUnavailable", "try later", Optional.of("req-42"));
        LiveState tenant = live()
                .failing("B2X_1_broken", unavailable)
                .flow("B2X_1_customers")
                .build();
        DesiredState desired = desired(
                flow("B2X_1_broken", step(STEP, none())),
                flow("B2X_1_customers", step(STEP, byName(CHECK_DOMAIN.displayName()))));

        Plan plan = Planner.plan(desired, tenant, Policy.SYNC);

        assertThat(plan.errors()).containsExactly(new PlanError("B2X_1_broken", Optional.empty(),
                PlanError.Kind.READ_FAILED,
                "could not read the live bindings: HTTP 503 serviceUnavailable: try later (request-id req-42)",
                Optional.of(desired.flows().get(0).location())));
        assertThat(plan.changes()).extracting(PlanChange::flowId, PlanChange::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("B2X_1_customers", ChangeKind.BIND));
        // a step that was not read is neither in sync nor changed: it is not guessed at
        assertThat(plan.managedSteps()).isEqualTo(2);
        assertThat(plan.inSyncSteps()).isZero();
    }

    @Test
    void aManagedFlowTheLiveReaderReturnedNothingForIsReadFailedNotGuessed() {
        LiveState tenant = live().unmanaged("B2X_1_customers").build();

        Plan plan = Planner.plan(desired(flow("B2X_1_customers", step(STEP, none()))), tenant, Policy.SYNC);

        assertThat(plan.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(PlanError.Kind.READ_FAILED);
            assertThat(e.message()).startsWith("could not read the live bindings: ");
        });
        assertThat(plan.inSyncSteps()).isZero();
    }

    /**
     * The tenant for {@link #tenantSideProblemsStopOnlyWhatTheyName}: two flows that exist (B2X_1_a with LEGACY on
     * postFederationSignup, B2X_1_b unbound), one that cannot be read, and the connectors of {@link Fixtures}, where
     * TWIN_A and TWIN_B share the displayName "Loyalty check".
     */
    private static LiveState tenantWithProblems() {
        return live()
                .flow("B2X_1_a", POST_FEDERATION_SIGNUP, LEGACY)
                .flow("B2X_1_b")
                .failing("B2X_1_broken", new GraphError(503, "serviceUnavailable", "try later", Optional.empty()))
                .build();
    }

    static Stream<Arguments> tenantSideProblems() {
        String check = CHECK_DOMAIN.displayName();
        return Stream.of(
                Arguments.of("a flow the tenant does not list (deleted in the portal)",
                        desired(flow("B2X_1_gone", step(POST_FEDERATION_SIGNUP, byName(check)),
                                        step(POST_ATTRIBUTE_COLLECTION, none())),
                                flow("B2X_1_a", step(POST_FEDERATION_SIGNUP, byName(check)))),
                        List.of("B2X_1_gone - UNKNOWN_FLOW"),
                        List.of("B2X_1_a postFederationSignup rebind")),
                Arguments.of("a displayName two connectors share",
                        desired(flow("B2X_1_a", step(POST_FEDERATION_SIGNUP, byName("Loyalty check")),
                                        step(POST_ATTRIBUTE_COLLECTION, byName(check))),
                                flow("B2X_1_b", step(POST_FEDERATION_SIGNUP, byName(check)))),
                        List.of("B2X_1_a postFederationSignup AMBIGUOUS_CONNECTOR"),
                        List.of("B2X_1_a postAttributeCollection bind", "B2X_1_b postFederationSignup bind")),
                Arguments.of("a displayName no connector has",
                        desired(flow("B2X_1_a", step(POST_FEDERATION_SIGNUP, none())),
                                flow("B2X_1_b", step(POST_FEDERATION_SIGNUP, byName("Fraud screening")),
                                        step(POST_ATTRIBUTE_COLLECTION, byName(check)))),
                        List.of("B2X_1_b postFederationSignup UNKNOWN_CONNECTOR"),
                        List.of("B2X_1_a postFederationSignup unbind", "B2X_1_b postAttributeCollection bind")),
                Arguments.of("an id no connector has",
                        desired(flow("B2X_1_b",
                                step(POST_FEDERATION_SIGNUP, byId("11111111-2222-4333-8444-555555555555")),
                                step(POST_ATTRIBUTE_COLLECTION, byId(ENRICH.id())))),
                        List.of("B2X_1_b postFederationSignup UNKNOWN_CONNECTOR"),
                        List.of("B2X_1_b postAttributeCollection bind")),
                Arguments.of("all of them, and a flow that cannot be read",
                        desired(flow("B2X_1_gone", step(POST_FEDERATION_SIGNUP, none())),
                                flow("B2X_1_broken", step(POST_FEDERATION_SIGNUP, none())),
                                flow("B2X_1_a", step(POST_FEDERATION_SIGNUP, byName("Loyalty check")),
                                        step(POST_ATTRIBUTE_COLLECTION, byName(check))),
                                flow("B2X_1_b", step(POST_FEDERATION_SIGNUP, byName("Fraud screening")),
                                        step(POST_ATTRIBUTE_COLLECTION, byId(ENRICH.id())))),
                        List.of("B2X_1_a postFederationSignup AMBIGUOUS_CONNECTOR",
                                "B2X_1_b postFederationSignup UNKNOWN_CONNECTOR",
                                "B2X_1_broken - READ_FAILED",
                                "B2X_1_gone - UNKNOWN_FLOW"),
                        List.of("B2X_1_a postAttributeCollection bind", "B2X_1_b postAttributeCollection bind")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("tenantSideProblems")
    void tenantSideProblemsStopOnlyWhatTheyName(String name, DesiredState desired, List<String> errors,
                                                List<String> changes) {
        Plan plan = Planner.plan(desired, tenantWithProblems(), Policy.SYNC);

        assertThat(plan.errors()).extracting(e -> e.flowId() + " " + e.step().map(Step::graphName).orElse("-")
                + " " + e.kind()).containsExactlyElementsOf(errors);
        assertThat(plan.changes()).extracting(c -> c.flowId() + " " + c.step() + " " + c.kind().label())
                .containsExactlyElementsOf(changes);
        // Each error is located where the desired state names what it stops: the flow's key, or the step's.
        for (PlanError error : plan.errors()) {
            DesiredFlow flow = desired.flows().stream().filter(f -> f.flowId().equals(error.flowId())).findFirst()
                    .orElseThrow();
            Optional<SourceLocation> expected = error.step().map(st -> step(st, Optional.empty()).location())
                    .or(() -> Optional.of(flow.location()));
            assertThat(error.location()).as(error.toString()).isEqualTo(expected);
            assertThat(error.consequence()).isEqualTo(error.step().isPresent() ? "this step is skipped"
                    : "this flow is skipped");
        }
        // Every managed step is accounted for exactly once: in sync, changed, held back, or stopped by an error.
        int stopped = plan.errors().stream().mapToInt(e -> e.step().isPresent() ? 1 : desired.flows().stream()
                .filter(f -> f.flowId().equals(e.flowId())).mapToInt(f -> f.steps().size()).sum()).sum();
        assertThat(plan.inSyncSteps() + plan.changes().size() + plan.suppressed().size() + stopped)
                .isEqualTo(plan.managedSteps());
    }

    @Test
    void changesErrorsAndHeldBackAreOrderedByFlowThenStepWhateverTheInputOrder() {
        LiveState tenant = live()
                .flow("B2X_1_c", Map.of(POST_FEDERATION_SIGNUP, LEGACY, POST_ATTRIBUTE_COLLECTION, LEGACY))
                .flow("B2X_1_a", Map.of(POST_ATTRIBUTE_COLLECTION, LEGACY, PRE_TOKEN_ISSUANCE, LEGACY))
                .flow("B2X_1_b")
                .build();
        DesiredState desired = desired(
                flow("B2X_1_c",
                        step(POST_ATTRIBUTE_COLLECTION, none()),
                        step(POST_FEDERATION_SIGNUP, none())),
                flow("B2X_1_b",
                        step(POST_ATTRIBUTE_COLLECTION, byName("missing 2")),
                        step(POST_FEDERATION_SIGNUP, byName("missing 1"))),
                flow("B2X_1_zz"),
                flow("B2X_1_a",
                        step(PRE_TOKEN_ISSUANCE, none()),
                        step(POST_ATTRIBUTE_COLLECTION, byId(ENRICH.id())),
                        step(POST_FEDERATION_SIGNUP, byId(CHECK_DOMAIN.id()))));

        Plan plan = Planner.plan(desired, tenant, Policy.UPSERT_ONLY);

        assertThat(plan.changes()).extracting(c -> c.flowId() + " " + c.step() + " " + c.kind().label())
                .containsExactly(
                        "B2X_1_a postFederationSignup bind",
                        "B2X_1_a postAttributeCollection rebind");
        assertThat(plan.suppressed()).extracting(s -> s.change().flowId() + " " + s.change().step())
                .containsExactly(
                        "B2X_1_a preTokenIssuance",
                        "B2X_1_c postFederationSignup",
                        "B2X_1_c postAttributeCollection");
        assertThat(plan.errors()).extracting(e -> e.flowId() + " " + e.step().map(Step::graphName).orElse("-"))
                .containsExactly(
                        "B2X_1_b postFederationSignup",
                        "B2X_1_b postAttributeCollection",
                        "B2X_1_zz -");
        assertThat(plan.managedSteps()).isEqualTo(7);
        assertThat(plan.inSyncSteps()).isZero();
    }

    @Test
    void countsManagedAndInSyncStepsAcrossFlows() {
        LiveState tenant = live()
                .flow("B2X_1_a", Map.of(POST_FEDERATION_SIGNUP, CHECK_DOMAIN, POST_ATTRIBUTE_COLLECTION, ENRICH))
                .flow("B2X_1_b", Map.of(POST_FEDERATION_SIGNUP, LEGACY))
                .build();
        DesiredState desired = desired(
                flow("B2X_1_a",
                        step(POST_FEDERATION_SIGNUP, byName(CHECK_DOMAIN.displayName())),   // in sync
                        step(POST_ATTRIBUTE_COLLECTION, byId(ENRICH.id())),                 // in sync
                        step(PRE_TOKEN_ISSUANCE, none())),                                  // in sync (none → none)
                flow("B2X_1_b",
                        step(POST_FEDERATION_SIGNUP, none()),                               // unbind
                        step(POST_ATTRIBUTE_COLLECTION, byName(ENRICH.displayName()))));   // bind

        Plan plan = Planner.plan(desired, tenant, Policy.SYNC);

        assertThat(plan.managedSteps()).isEqualTo(5);
        assertThat(plan.inSyncSteps()).isEqualTo(3);
        assertThat(plan.changes()).extracting(PlanChange::kind).containsExactly(ChangeKind.UNBIND, ChangeKind.BIND);
    }

    @Test
    void fromAndToCarryTheConnectorsAsTheTenantNamesThem() {
        LiveState tenant = live().flow(FLOW, STEP, LEGACY).build();

        Plan plan = Planner.plan(desired(flow(FLOW, step(STEP, byId(ENRICH.id().toUpperCase())))), tenant,
                Policy.SYNC);

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.from()).contains(LEGACY);
            assertThat(c.to()).contains(ENRICH);
        });
    }

    @Test
    void theSameInputsGiveAnEqualPlan() {
        LiveState tenant = live()
                .flow("B2X_1_a", Map.of(POST_FEDERATION_SIGNUP, LEGACY))
                .failing("B2X_1_b", new GraphError(429, "TooManyRequests", "slow down", Optional.empty()))
                .build();
        DesiredState desired = desired(
                flow("B2X_1_b", step(STEP, none())),
                flow("B2X_1_a",
                        step(POST_ATTRIBUTE_COLLECTION, byName("Loyalty check")),
                        step(POST_FEDERATION_SIGNUP, byName(CHECK_DOMAIN.displayName()))),
                flow("B2X_1_x"));

        for (Policy policy : Policy.values()) {
            Plan first = Planner.plan(desired, tenant, policy);
            Plan second = Planner.plan(desired, tenant, policy);
            assertThat(second).isEqualTo(first);
        }
    }

    @Test
    void theOrderOfTheTenantsConnectorListDoesNotChangeThePlan() {
        DesiredState desired = desired(flow(FLOW, step(STEP, byName("Loyalty check"))));
        LiveState oneOrder = live().flow(FLOW).connectors(List.of(TWIN_A, TWIN_B)).build();
        LiveState otherOrder = live().flow(FLOW).connectors(List.of(TWIN_B, TWIN_A)).build();

        assertThat(Planner.plan(desired, oneOrder, Policy.SYNC))
                .isEqualTo(Planner.plan(desired, otherOrder, Policy.SYNC));
    }
}
