package io.userflowsync.scan;

import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static io.userflowsync.model.Step.POST_ATTRIBUTE_COLLECTION;
import static io.userflowsync.model.Step.POST_FEDERATION_SIGNUP;
import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

class ScopeChooserTest {
    private static final String RULES = ScopeChooser.rulesKey("sync", "apply", "10/100", false);
    private static final Instant T0 = Instant.parse("2026-12-05T10:00:00Z");
    private static final ScopeChooser.Room ROOM = new ScopeChooser.Room(199, 50, 20);
    private static final ScopeChooser.Outcome CLEAN = new ScopeChooser.Outcome(Set.of(), Set.of(), Set.of());

    /** F flows B2X_1_f0000.. all calling CHECK_DOMAIN after attribute collection, at commit {@code commit}. */
    private static DesiredState tenant(int flows, String commit) {
        List<DesiredFlow> list = new ArrayList<>();
        for (int i = 0; i < flows; i++) {
            list.add(Fixtures.flow(id(i), step(POST_ATTRIBUTE_COLLECTION, byName(CHECK_DOMAIN.displayName()))));
        }
        return new DesiredState(list, revision(commit));
    }

    private static SourceRevision revision(String commit) {
        return new SourceRevision("https://git.example/config.git", Optional.of(commit), Optional.of(T0),
                Optional.of("a commit"));
    }

    private static String id(int i) {
        return String.format("B2X_1_f%04d", i);
    }

    /** {@code state} with flow {@code i} calling ENRICH instead, at {@code commit}. */
    private static DesiredState changed(DesiredState state, int i, String commit) {
        List<DesiredFlow> flows = new ArrayList<>(state.flows());
        flows.set(i, Fixtures.flow(id(i), step(POST_ATTRIBUTE_COLLECTION, byName(ENRICH.displayName()))));
        return new DesiredState(flows, revision(commit));
    }

    private static ScanCursor inSync(String commit) {
        return new ScanCursor(Optional.of(commit), RULES, "", T0, Optional.of(T0.minusSeconds(600)),
                Optional.of(T0), Optional.empty(), Set.of(), Set.of(), Set.of());
    }

    private static ScopeChooser.Choice choose(DesiredState now, ScanCursor cursor, DesiredState before) {
        return ScopeChooser.choose(now, Optional.of(cursor), ScopeChooser.LastApplied.of(before),
                ScopeChooser.Ancestry.DESCENDS, RULES, ROOM, T0);
    }

    @Test
    void aCommitThatChangesOneFlowOfTenThousandReadsThatFlowAlone() {
        DesiredState before = tenant(10_000, "aaaaaaa1");
        DesiredState after = changed(before, 4321, "bbbbbbb2");

        ScopeChooser.Choice choice = choose(after, inSync("aaaaaaa1"), before);

        assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.TARGETED);
        assertThat(choice.scope().kind().scanTraffic()).isFalse();
        assertThat(choice.scope().scope().flows()).contains(Set.of(id(4321)));
        assertThat(choice.scope().scope().reason()).contains("bbbbbbb", "changes 1 flow", "aaaaaaa");
    }

    @Test
    void aFlowMovedToAnotherLineIsNotAChange() {
        DesiredState before = tenant(3, "aaaaaaa1");
        List<DesiredFlow> moved = new ArrayList<>();
        for (DesiredFlow flow : before.flows()) {
            moved.add(new DesiredFlow(flow.flowId(), new SourceLocation("other.yaml", 99, 1), flow.steps().stream()
                    .map(s -> new io.userflowsync.model.DesiredStep(s.step(), s.connector(),
                            new SourceLocation("other.yaml", 100, 5))).toList()));
        }
        DesiredState after = new DesiredState(moved, revision("bbbbbbb2"));

        assertThat(DesiredDiff.changedFlows(before, after)).isEmpty();
        assertThat(choose(after, inSync("aaaaaaa1"), before).scope().kind()).isNotEqualTo(RunScope.Kind.TARGETED);
    }

    @Test
    void aNewFlowAndAStepAddedOrDroppedAreChanges() {
        DesiredState before = tenant(2, "a1");
        List<DesiredFlow> flows = new ArrayList<>(before.flows());
        flows.set(0, Fixtures.flow(id(0), step(POST_FEDERATION_SIGNUP, none()),
                step(POST_ATTRIBUTE_COLLECTION, byName(CHECK_DOMAIN.displayName()))));
        flows.set(1, Fixtures.flow(id(1)));
        flows.add(Fixtures.flow("B2X_1_new", step(POST_ATTRIBUTE_COLLECTION, none())));

        assertThat(DesiredDiff.changedFlows(before, new DesiredState(flows, revision("b2"))))
                .containsExactly(id(0), id(1), "B2X_1_new");
    }

    @Test
    void withNoRunOnRecordTheDaemonStartsAFullPassAndSaysSo() {
        ScopeChooser.Choice choice = ScopeChooser.choose(tenant(120, "a1"), Optional.empty(),
                ScopeChooser.LastApplied.unavailable("none"), ScopeChooser.Ancestry.DESCENDS, RULES, ROOM, T0);

        assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.PASS);
        assertThat(choice.scope().scope().flows().orElseThrow()).hasSize(50).contains(id(0), id(49));
        assertThat(choice.scope().scope().reason()).contains("full pass", "no run on record", "flows 1–50 of 120");
        assertThat(choice.cursor().pass()).isPresent();
    }

    @Test
    void aChangedPolicyOrRewrittenHistoryRestartsAFullPass() {
        DesiredState before = tenant(300, "aaaaaaa1");
        DesiredState after = changed(before, 3, "bbbbbbb2");
        ScanCursor cursor = inSync("aaaaaaa1").advancedTo(id(10));

        ScopeChooser.Choice policy = ScopeChooser.choose(after, Optional.of(cursor),
                ScopeChooser.LastApplied.of(before), ScopeChooser.Ancestry.DESCENDS,
                ScopeChooser.rulesKey("upsert-only", "apply", "10/100", false), ROOM, T0);
        ScopeChooser.Choice forced = ScopeChooser.choose(after, Optional.of(cursor),
                ScopeChooser.LastApplied.of(before), ScopeChooser.Ancestry.DIVERGED, RULES, ROOM, T0);

        assertThat(policy.scope().kind()).isEqualTo(RunScope.Kind.PASS);
        assertThat(policy.scope().scope().reason()).contains("rules changed", "upsert-only");
        assertThat(forced.scope().kind()).isEqualTo(RunScope.Kind.PASS);
        assertThat(forced.scope().scope().reason()).contains("does not descend", "history was rewritten");
        assertThat(forced.scope().scope().flows().orElseThrow()).contains(id(0)); // from the first flow again
    }

    @Test
    void aPushDuringAFullPassIsReadBeforeThePassGoesOn() {
        DesiredState before = tenant(300, "a1");
        ScanCursor passing = ScanCursor.firstPass(RULES, "full pass: no run on record yet", T0)
                .withApplied(Optional.of("a1"), RULES).advancedTo(id(99));
        DesiredState after = changed(before, 250, "b2");

        ScopeChooser.Choice choice = choose(after, passing, before);

        assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.TARGETED);
        assertThat(choice.scope().scope().flows()).contains(Set.of(id(250)));
        ScanCursor next = ScopeChooser.after(choice, after, RULES, CLEAN, T0.plusSeconds(1));
        assertThat(next.after()).isEqualTo(id(99)); // the pass continues where it was
        assertThat(next.pass()).isPresent();
        assertThat(choose(after, next, after).scope().kind()).isEqualTo(RunScope.Kind.PASS);
    }

    @Test
    void theRollingScanWalksEveryFlowOnceAndCompletesItsSweep() {
        DesiredState state = tenant(45, "a1");
        ScanCursor cursor = inSync("a1");
        List<String> seen = new ArrayList<>();
        Instant now = T0;
        for (int run = 0; run < 3; run++) {
            now = now.plusSeconds(20);
            ScopeChooser.Choice choice = ScopeChooser.choose(state, Optional.of(cursor),
                    ScopeChooser.LastApplied.of(state), ScopeChooser.Ancestry.DESCENDS, RULES, ROOM, now);
            assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.SCAN);
            assertThat(choice.scope().kind().scanTraffic()).isTrue();
            seen.addAll(choice.scope().scope().flows().orElseThrow());
            cursor = ScopeChooser.after(choice, state, RULES, CLEAN, now);
        }

        assertThat(seen).hasSize(45).doesNotHaveDuplicates();
        assertThat(cursor.after()).isEmpty();
        assertThat(cursor.lastSweepStartedAt()).contains(T0);
        assertThat(cursor.sweepStartedAt()).isEqualTo(now);
    }

    @Test
    void aSweepThatFitsOneRunIsAFullRunThatWrites() {
        DesiredState state = tenant(12, "a1");
        ScopeChooser.Choice choice = choose(state, inSync("a1"), state);

        assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.FULL_SCAN);
        assertThat(choice.scope().kind().scanTraffic()).as("it spends the scan budget").isTrue();
        assertThat(choice.scope().kind().onlyReads()).isFalse();
        assertThat(choice.scope().scope().partial()).isFalse();
        ScanCursor next = ScopeChooser.after(choice, state, RULES, CLEAN, T0.plusSeconds(5));
        assertThat(next.lastSweepStartedAt()).contains(T0);
        assertThat(next.after()).isEmpty();
    }

    @Test
    void withoutRoomInTheScanBudgetARunReadsNothing() {
        DesiredState state = tenant(10, "a1");
        ScopeChooser.Choice choice = ScopeChooser.choose(state, Optional.of(inSync("a1")),
                ScopeChooser.LastApplied.of(state), ScopeChooser.Ancestry.DESCENDS, RULES,
                new ScopeChooser.Room(199, 50, 0), T0);

        assertThat(choice.scope().kind()).isEqualTo(RunScope.Kind.IDLE);
        assertThat(choice.scope().scope().flows()).contains(Set.of());
    }

    @Test
    void driftAScanSliceFindsIsWrittenByTheNextTargetedRun() {
        DesiredState state = tenant(40, "a1");
        ScopeChooser.Choice slice = choose(state, inSync("a1"), state);
        ScanCursor next = ScopeChooser.after(slice, state, RULES,
                new ScopeChooser.Outcome(Set.of(), Set.of(id(7)), Set.of()), T0);

        ScopeChooser.Choice following = choose(state, next, state);

        assertThat(following.scope().kind()).isEqualTo(RunScope.Kind.TARGETED);
        assertThat(following.scope().scope().flows()).contains(Set.of(id(7)));
        assertThat(ScopeChooser.after(following, state, RULES, CLEAN, T0).drifted()).isEmpty();
    }

    @Test
    void aFlowAGuardHeldIsNotWrittenSliceBySlice() {
        DesiredState before = tenant(40, "a1");
        DesiredState after = changed(before, 5, "b2");
        ScopeChooser.Choice targeted = choose(after, inSync("a1"), before);
        ScanCursor held = ScopeChooser.after(targeted, after, RULES,
                new ScopeChooser.Outcome(Set.of(), Set.of(), Set.of(id(5))), T0);

        ScopeChooser.Choice slice = choose(after, held, after);
        ScanCursor afterSlice = ScopeChooser.after(slice, after, RULES,
                new ScopeChooser.Outcome(Set.of(), Set.of(id(5)), Set.of()), T0);

        assertThat(held.held()).containsExactly(id(5));
        assertThat(afterSlice.drifted()).isEmpty();
        assertThat(choose(after, afterSlice, after).scope().kind()).isEqualTo(RunScope.Kind.SCAN);
    }

    @Test
    void aFullPassWritesItsDriftOnlyOnceItHasReadEveryFlow() {
        DesiredState state = tenant(60, "a1");
        ScanCursor cursor = ScanCursor.firstPass(RULES, "full pass: no run on record yet", T0)
                .withApplied(Optional.of("a1"), RULES);
        ScopeChooser.Choice first = choose(state, cursor, state);
        cursor = ScopeChooser.after(first, state, RULES,
                new ScopeChooser.Outcome(Set.of(), Set.of(id(3)), Set.of()), T0);

        ScopeChooser.Choice second = choose(state, cursor, state);
        assertThat(second.scope().kind()).isEqualTo(RunScope.Kind.PASS);
        cursor = ScopeChooser.after(second, state, RULES, CLEAN, T0);

        assertThat(cursor.pass()).isEmpty();
        ScopeChooser.Choice third = choose(state, cursor, state);
        assertThat(third.scope().kind()).isEqualTo(RunScope.Kind.TARGETED);
        assertThat(third.scope().scope().flows()).contains(Set.of(id(3)));
    }

    @Test
    void aFailedReadIsTriedAgainAndABigCommitIsSpreadOverRuns() {
        DesiredState before = tenant(500, "a1");
        DesiredState after = before;
        for (int i = 0; i < 300; i++) {
            after = changed(after, i, "b2");
        }
        ScopeChooser.Choice first = choose(after, inSync("a1"), before);
        assertThat(first.scope().scope().flows().orElseThrow()).hasSize(199);
        assertThat(first.scope().remaining()).hasSize(101);

        ScanCursor next = ScopeChooser.after(first, after, RULES,
                new ScopeChooser.Outcome(Set.of(id(0)), Set.of(), Set.of()), T0);
        ScopeChooser.Choice second = choose(after, next, after);

        assertThat(second.scope().kind()).isEqualTo(RunScope.Kind.TARGETED);
        assertThat(second.scope().scope().flows().orElseThrow()).hasSize(102).contains(id(0), id(299));
    }

    @Test
    void theCursorSurvivesItsFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        ScanStore store = new ScanStore(dir.resolve("scan-cursor.json"));
        ScanCursor cursor = inSync("a1").advancedTo(id(7)).withFlows(Set.of("x"), Set.of("y"), Set.of("z"));

        store.save(cursor);

        assertThat(new ScanStore(dir.resolve("scan-cursor.json")).load(p -> { })).contains(cursor);
        java.nio.file.Files.writeString(dir.resolve("scan-cursor.json"), "{not json");
        List<String> problems = new ArrayList<>();
        assertThat(store.load(problems::add)).isEmpty();
        assertThat(problems).singleElement().asString().contains("full pass");
    }
}
