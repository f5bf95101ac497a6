package io.userflowsync.forensics;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.userflowsync.forensics.Attribution.ActorType.APP;
import static io.userflowsync.forensics.Attribution.ActorType.USER;
import static org.assertj.core.api.Assertions.assertThat;

/** The pure part of the audit-log poll: which entries name flows changed outside, and from when the next poll asks. */
class OutsideChangesTest {
    static final String AGENT = DriftForensicsTest.AGENT;
    static final Duration LATENCY = Duration.ofMinutes(5);
    static final Instant T0 = Instant.parse("2026-11-25T08:00:00Z");

    static AuditEntry entry(String id, String activity, Optional<AuditEntry.Initiator> by, Instant at,
                            String... flows) {
        return new AuditEntry(id, at, activity, by,
                Stream.of(flows).map(f -> new AuditEntry.Target(f, f, "Policy")).toList());
    }

    static AuditEntry byUser(String id, Instant at, String... flows) {
        return entry(id, "Update user flow", Optional.of(new AuditEntry.Initiator(USER, "alice@contoso.com", "")),
                at, flows);
    }

    static AuditEntry byApp(String id, String appId, Instant at, String... flows) {
        return entry(id, "Update user flow", Optional.of(new AuditEntry.Initiator(APP, "some app", appId)), at,
                flows);
    }

    static Stream<Arguments> entries() {
        return Stream.of(
                Arguments.of("a user's change names its flow", List.of(byUser("1", T0, "B2X_1_a")), Set.of("B2X_1_a")),
                Arguments.of("another app's change names its flow",
                        List.of(byApp("1", "99999999-0000-0000-0000-000000000000", T0, "B2X_1_a")),
                        Set.of("B2X_1_a")),
                Arguments.of("the agent's own write names nothing, whatever the case of its app id",
                        List.of(byApp("1", AGENT.toUpperCase(java.util.Locale.ROOT), T0, "B2X_1_a")), Set.of()),
                Arguments.of("an entry that names no initiator is not the agent's",
                        List.of(entry("1", "Update user flow", Optional.empty(), T0, "B2X_1_a")), Set.of("B2X_1_a")),
                Arguments.of("a connector change is not a user-flow change",
                        List.of(entry("1", "Update API connector", Optional.of(new AuditEntry.Initiator(USER,
                                "alice@contoso.com", "")), T0, "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07")), Set.of()),
                Arguments.of("id and displayName both name the flow when they differ",
                        List.of(new AuditEntry("1", T0, "Update user flow", Optional.empty(),
                                List.of(new AuditEntry.Target("0f3c", "B2X_1_a", "Policy")))),
                        Set.of("0f3c", "B2X_1_a")),
                Arguments.of("several entries, own and outside, name the outside flows once each",
                        List.of(byUser("1", T0, "B2X_1_a", "B2X_1_b"), byApp("2", AGENT, T0, "B2X_1_c"),
                                byUser("3", T0.plusSeconds(1), "B2X_1_a")),
                        Set.of("B2X_1_a", "B2X_1_b")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("entries")
    void whichEntriesNameWhichFlows(String name, List<AuditEntry> entries, Set<String> flows) {
        assertThat(OutsideChanges.flowsChangedOutside(entries, AGENT)).isEqualTo(flows);
    }

    @Test
    void theFirstPollAsksFromTheLatencyBeforeIt() {
        assertThat(OutsideChanges.startingAt(T0, LATENCY).since()).isEqualTo(T0.minus(LATENCY));
    }

    @Test
    void anEntryReadOnceIsNotHandedOnAgainWhenTheNextPollReadsItsWindowAgain() {
        OutsideChanges start = OutsideChanges.startingAt(T0, LATENCY);
        AuditEntry alice = byUser("a1", T0.plusSeconds(5), "B2X_1_a");

        OutsideChanges.Found first = start.after(List.of(alice), T0.plusSeconds(10), LATENCY);
        assertThat(first.fresh()).containsExactly(alice);

        OutsideChanges.Found second = first.next().after(List.of(alice), T0.plusSeconds(20), LATENCY);
        assertThat(second.fresh()).isEmpty();
    }

    @Test
    void anEntryThatShowsLateBehindANewerOneIsStillFound() {
        AuditEntry newer = byUser("n", T0.plusSeconds(8), "B2X_1_b");
        AuditEntry late = byUser("l", T0.plusSeconds(3), "B2X_1_a");
        OutsideChanges.Found first = OutsideChanges.startingAt(T0, LATENCY).after(List.of(newer),
                T0.plusSeconds(10), LATENCY);

        assertThat(first.next().since()).as("the next poll asks from before the newest entry it read")
                .isBefore(late.at());
        OutsideChanges.Found second = first.next().after(List.of(newer, late), T0.plusSeconds(20), LATENCY);
        assertThat(second.fresh()).containsExactly(late);
    }

    @Test
    void theCursorMovesOnWithThePollsAndForgetsWhatIsOlderThanItsWindow() {
        AuditEntry old = byUser("o", T0.plusSeconds(1), "B2X_1_a");
        OutsideChanges.Found first = OutsideChanges.startingAt(T0, LATENCY).after(List.of(old), T0.plusSeconds(2),
                LATENCY);
        Instant later = T0.plus(Duration.ofMinutes(30));

        OutsideChanges.Found second = first.next().after(List.of(), later, LATENCY);

        assertThat(second.next().since()).isEqualTo(later.minus(LATENCY));
        assertThat(second.next().seen()).isEmpty();
    }

    @Test
    void aPollAnsweredLateNeverMovesTheCursorBack() {
        OutsideChanges at = new OutsideChanges(T0, java.util.Map.of());
        assertThat(at.after(List.of(), T0.plusSeconds(1), LATENCY).next().since()).isEqualTo(T0);
    }

    @Test
    void entriesWithoutAnIdAreToldApartByWhatTheySay() {
        AuditEntry a = byUser("", T0.plusSeconds(1), "B2X_1_a");
        AuditEntry b = byUser("", T0.plusSeconds(2), "B2X_1_a");
        OutsideChanges.Found first = OutsideChanges.startingAt(T0, LATENCY).after(List.of(a), T0.plusSeconds(3),
                LATENCY);
        assertThat(first.next().after(List.of(b, a), T0.plusSeconds(4), LATENCY).fresh()).containsExactly(b);
    }
}
