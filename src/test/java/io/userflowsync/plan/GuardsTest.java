package io.userflowsync.plan;

import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The guards (issue 8, item 1) are rules over the whole plan: table-driven on the planner's output, with counts and
 * percentages of the managed steps, rounding, no managed steps at all, and plans exactly at a limit.
 */
class GuardsTest {

    /**
     * A tenant of flows with two bound steps each (LEGACY) and a desired state that unbinds {@code unbinds} of them,
     * rebinds {@code rebinds} and keeps {@code inSync} as they are: {@code unbinds + rebinds + inSync} managed steps.
     */
    private static Plan plan(int unbinds, int rebinds, int inSync, PlanRules rules) {
        Fixtures.Live live = Fixtures.live();
        List<DesiredFlow> flows = new ArrayList<>();
        int total = unbinds + rebinds + inSync;
        List<Step> steps = List.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION);
        for (int flow = 0; flow * 2 < total; flow++) {
            String id = String.format(Locale.ROOT, "B2X_1_f%03d", flow);
            List<DesiredStep> wanted = new ArrayList<>();
            java.util.Map<Step, io.userflowsync.model.Connector> bound = new java.util.EnumMap<>(Step.class);
            for (int s = 0; s < 2 && flow * 2 + s < total; s++) {
                int n = flow * 2 + s;
                Step st = steps.get(s);
                bound.put(st, LEGACY);
                wanted.add(step(st, n < unbinds ? none() : n < unbinds + rebinds
                        ? byName(CHECK_DOMAIN.displayName()) : byName(LEGACY.displayName())));
            }
            live.flow(id, bound);
            flows.add(Fixtures.flow(id, wanted.toArray(DesiredStep[]::new)));
        }
        return Planner.plan(new DesiredState(flows, Fixtures.SOURCE), live.build(), rules);
    }

    private static PlanRules limits(String maxUnbinds, String maxChanges) {
        return new PlanRules(Policy.SYNC, new Guards(Limit.parse("sync.max-unbinds", maxUnbinds),
                Limit.parse("sync.max-changes", maxChanges)), SyncMode.APPLY, false);
    }

    static Stream<Arguments> plans() {
        return Stream.of(
                // what,                                     unbinds, rebinds, in sync, max-unbinds, max-changes, over, allowed
                row("a plan under both limits", 3, 2, 5, "10", "100", List.of(), List.of()),
                row("exactly at max-unbinds is allowed", 10, 0, 0, "10", "100", List.of(), List.of()),
                row("one unbind over max-unbinds", 11, 0, 0, "10", "100", List.of(Guard.MAX_UNBINDS), List.of(10)),
                row("the issue's broken commit: 12 unbinds", 12, 0, 3, "10", "100", List.of(Guard.MAX_UNBINDS),
                        List.of(10)),
                row("max-changes counts rebinds with unbinds", 5, 6, 0, "10", "10", List.of(Guard.MAX_CHANGES),
                        List.of(10)),
                row("exactly at max-changes is allowed", 5, 5, 0, "10", "10", List.of(), List.of()),
                row("over both limits: both are named", 12, 0, 0, "10", "11",
                        List.of(Guard.MAX_UNBINDS, Guard.MAX_CHANGES), List.of(10, 11)),
                row("a percentage of the managed steps, exactly at it", 3, 0, 7, "30%", "100", List.of(), List.of()),
                row("a percentage of the managed steps, one over", 4, 0, 6, "30%", "100", List.of(Guard.MAX_UNBINDS),
                        List.of(3)),
                row("a percentage rounds down: 30% of 5 allows 1, so 2 are over", 2, 0, 3, "30%", "100",
                        List.of(Guard.MAX_UNBINDS), List.of(1)),
                row("a percentage rounds down: 30% of 5 allows 1", 1, 0, 4, "30%", "100", List.of(), List.of()),
                row("a percentage of a few steps can allow none", 1, 0, 2, "30%", "100", List.of(Guard.MAX_UNBINDS),
                        List.of(0)),
                row("no managed steps: 0% is not tripped by an empty plan", 0, 0, 0, "0%", "0%", List.of(), List.of()),
                row("max-unbinds 0 holds back any unbind", 1, 0, 0, "0", "100", List.of(Guard.MAX_UNBINDS),
                        List.of(0)),
                row("max-unbinds 0 lets rebinds through", 0, 4, 0, "0", "100", List.of(), List.of()),
                row("100% allows every managed step", 20, 0, 0, "100%", "100%", List.of(), List.of()),
                row("0% of the managed steps allows no change", 0, 1, 9, "10", "0%", List.of(Guard.MAX_CHANGES),
                        List.of(0)));
    }

    private static Arguments row(String what, int unbinds, int rebinds, int inSync, String maxUnbinds,
                                 String maxChanges, List<Guard> over, List<Integer> allowed) {
        return Arguments.of(what, unbinds, rebinds, inSync, maxUnbinds, maxChanges, over, allowed);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void aPlanOverAnyLimitIsHeldBackWhole(String what, int unbinds, int rebinds, int inSync, String maxUnbinds,
                                          String maxChanges, List<Guard> over, List<Integer> allowed) {
        Plan plan = plan(unbinds, rebinds, inSync, limits(maxUnbinds, maxChanges));

        assertThat(plan.managedSteps()).isEqualTo(unbinds + rebinds + inSync);
        assertThat(plan.changes()).hasSize(unbinds + rebinds);
        assertThat(plan.guards().trips()).extracting(GuardTrip::guard).containsExactlyElementsOf(over);
        assertThat(plan.guards().trips()).extracting(GuardTrip::allowed).containsExactlyElementsOf(allowed);
        assertThat(plan.guards().trips()).allSatisfy(t -> assertThat(t.count())
                .isEqualTo(t.guard() == Guard.MAX_UNBINDS ? unbinds : unbinds + rebinds));
        assertThat(plan.guards().holdsBack()).isEqualTo(!over.isEmpty());
        // held back whole, yet shown whole: the changes are all still in the plan for people to read
        assertThat(plan.suppressed()).isEmpty();
    }

    @Test
    void aTripSaysWhichLimitTheCountAndHowToProceed() {
        Plan plan = plan(12, 0, 18, limits("30%", "100"));

        assertThat(plan.guards().describe())
                .isEqualTo("12 unbinds, over sync.max-unbinds=30% (9 of 30 managed steps)");
        assertThat(plan.guards().howToProceed()).isEqualTo("raise sync.max-unbinds, split the change into smaller"
                + " commits, or run 'apply --force' once to write this plan as it is");
        assertThat(plan(12, 0, 0, PlanRules.of(Policy.SYNC)).guards().describe())
                .isEqualTo("12 unbinds, over sync.max-unbinds=10");
        assertThat(plan(1, 0, 0, limits("0", "100")).guards().describe())
                .isEqualTo("1 unbind, over sync.max-unbinds=0");
    }

    @Test
    void theDefaultLimitsAreTheSettingsDefaults() {
        Plan plan = plan(11, 0, 0, PlanRules.of(Policy.SYNC));

        assertThat(plan.guards().limits()).isEqualTo(new Guards(Limit.count(10), Limit.count(100)));
        assertThat(plan.guards().trips()).extracting(GuardTrip::guard).containsExactly(Guard.MAX_UNBINDS);
    }

    @Test
    void forceKeepsTheTripsInThePlanButNoLongerHoldsItBack() {
        Plan plan = plan(12, 0, 0, PlanRules.of(Policy.SYNC).withForce(true));

        assertThat(plan.guards().tripped()).isTrue();
        assertThat(plan.guards().overridden()).isTrue();
        assertThat(plan.guards().holdsBack()).isFalse();
    }

    @Test
    void unbindsAPolicyHoldsBackAreNotCounted() {
        PlanRules upsertOnly = new PlanRules(Policy.UPSERT_ONLY, Guards.DEFAULT, SyncMode.APPLY, false);

        Plan plan = plan(12, 0, 0, upsertOnly);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.suppressed()).hasSize(12);
        assertThat(plan.guards().tripped()).isFalse();
    }

    @ParameterizedTest(name = "''{0}'' is {1}")
    @CsvSource({"10, 10", "0, 0", " 7 , 7", "30%, 30%", "0%, 0%", "100%, 100%", "2147483, 2147483"})
    void aLimitIsACountOrAPercentage(String text, String parsed) {
        assertThat(Limit.parse("sync.max-unbinds", text)).hasToString(parsed);
    }

    @ParameterizedTest(name = "''{0}'' is refused")
    @CsvSource({"-1", "101%", "1.5", "30 %", "%", "ten", "10%%", "''", "1e3", "99999999999"})
    void anythingElseIsRefusedNamingTheSetting(String text) {
        assertThatThrownBy(() -> Limit.parse("sync.max-unbinds", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("setting sync.max-unbinds must be a count (e.g. 10) or a percentage")
                .hasMessageEndingWith("got '" + text + "'");
    }
}
