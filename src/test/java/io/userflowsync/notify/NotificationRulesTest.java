package io.userflowsync.notify;

import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.notify.SampleRuns.BIND;
import static io.userflowsync.notify.SampleRuns.BROKEN;
import static io.userflowsync.notify.SampleRuns.FINISHED;
import static io.userflowsync.notify.SampleRuns.REBIND;
import static io.userflowsync.notify.SampleRuns.UNBIND;
import static io.userflowsync.notify.SampleRuns.applied;
import static io.userflowsync.notify.SampleRuns.blocked;
import static io.userflowsync.notify.SampleRuns.degraded;
import static io.userflowsync.notify.SampleRuns.drift;
import static io.userflowsync.notify.SampleRuns.failed;
import static io.userflowsync.notify.SampleRuns.inSync;
import static io.userflowsync.notify.SampleRuns.incomplete;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Which runs make a message, over a sequence of runs: one message per new drift, failure, fallback and recovery. */
class NotificationRulesTest {
    private static final String NONE = "-";
    private static final String OUTAGE = "HTTP 500 InternalServerError: try later"
            + " (request-id 6a1f0c2e-0000-4000-8000-000000000001)";
    private static final String SAME_OUTAGE_LATER = "HTTP 500 InternalServerError: try later"
            + " (request-id 0b9d3e71-0000-4000-8000-000000000002)";
    private static final String OTHER_OUTAGE = "HTTP 403 Authorization_RequestDenied"
            + ": Insufficient privileges (request-id 1)";

    static Stream<Arguments> sequences() {
        return Stream.of(
                arguments("the same drift twice is one message", List.of(drift(BIND), drift(BIND)),
                        List.of("drift", NONE)),
                arguments("drift with one more change is new drift", List.of(drift(BIND), drift(BIND, UNBIND)),
                        List.of("drift", "drift")),
                arguments("the same changes in another order are the same drift",
                        List.of(drift(BIND, UNBIND), drift(UNBIND, BIND)), List.of("drift", NONE)),
                arguments("drift that was fixed and comes back is announced again",
                        List.of(drift(BIND), inSync(), drift(BIND)), List.of("drift", NONE, "drift")),
                arguments("a run in sync says nothing", List.of(inSync(), inSync()), List.of(NONE, NONE)),
                arguments("every run that writes changes is announced",
                        List.of(applied(BIND), inSync(), applied(BIND), applied(REBIND)),
                        List.of("applied", NONE, "applied", "applied")),
                arguments("the same failure is one message although Graph's request id differs",
                        List.of(failed(OUTAGE), failed(SAME_OUTAGE_LATER)), List.of("failure", NONE)),
                arguments("a different failure is another message", List.of(failed(OUTAGE), failed(OTHER_OUTAGE)),
                        List.of("failure", "failure")),
                arguments("the first good run after a failure is one recovery",
                        List.of(failed(OUTAGE), inSync(), inSync()), List.of("failure", "recovered", NONE)),
                arguments("a recovery that applies changes is one message, not two",
                        List.of(failed(OUTAGE), applied(BIND)), List.of("failure", "recovered")),
                arguments("drift found by the run that recovers is not announced again by the next run",
                        List.of(failed(OUTAGE), drift(BIND), drift(BIND)), List.of("failure", "recovered", NONE)),
                arguments("the same failure after a recovery is announced again",
                        List.of(failed(OUTAGE), inSync(), failed(OUTAGE)), List.of("failure", "recovered", "failure")),
                arguments("a blocked run and an incomplete run are failures",
                        List.of(blocked(), incomplete(BIND, REBIND)), List.of("failure", "failure")),
                arguments("an incomplete apply that fails the same way again is not repeated",
                        List.of(incomplete(BIND, REBIND), incomplete(BIND, REBIND)), List.of("failure", NONE)),
                arguments("a fallback is one message while the same revision is broken",
                        List.of(degraded(BROKEN), degraded(BROKEN)), List.of("fallback", NONE)),
                arguments("a fallback from a newer broken revision is another message",
                        List.of(degraded(BROKEN), degraded(SampleRuns.GOOD)), List.of("fallback", "fallback")),
                arguments("the first good run after a fallback is a recovery",
                        List.of(degraded(BROKEN), inSync()), List.of("fallback", "recovered")),
                arguments("a failure, then a fallback, are each announced; the recovery once",
                        List.of(failed(OUTAGE), degraded(BROKEN), inSync()), List.of("failure", "fallback", "recovered")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sequences")
    void eachRunMakesTheExpectedMessage(String name, List<SyncRun> runs, List<String> expected) {
        assertThat(events(runs)).isEqualTo(expected);
    }

    @Test
    void aRecoveryNamesTheResultItRecoveredFrom() {
        NotificationRules.Memory memory = NotificationRules.decide(degraded(BROKEN), FINISHED,
                NotificationRules.Memory.initial()).memory();

        RunEvent recovered = NotificationRules.decide(applied(BIND), FINISHED, memory).event().orElseThrow();

        assertThat(recovered.kind()).isEqualTo(EventKind.RECOVERED);
        assertThat(recovered.recoveredFrom()).contains("degraded");
        assertThat(recovered.result().outcome()).isEqualTo(RunResult.Outcome.APPLIED);
    }

    @Test
    void everyOutcomeThatIsNotASuccessDriftOrFallbackIsAFailureSoANewOneNeedsNoChangeHere() {
        for (RunResult.Outcome outcome : RunResult.Outcome.values()) {
            Optional<EventKind> expected = switch (outcome.label()) {
                case "in_sync" -> Optional.empty();
                case "applied" -> Optional.of(EventKind.APPLIED);
                case "drift" -> Optional.of(EventKind.DRIFT);
                case "degraded" -> Optional.of(EventKind.FALLBACK);
                default -> Optional.of(EventKind.FAILURE);
            };
            assertThat(EventKind.of(outcome)).as(outcome.label()).isEqualTo(expected);
        }
    }

    @Test
    void aReasonKeepsWhatTellsFailuresApartAndLosesRequestIdsAndTimes() {
        assertThat(NotificationRules.stable("HTTP 503 (request-id abc-1) at 2026-11-25T08:00:03.250Z"))
                .isEqualTo("HTTP 503 (request-id) at (time)");
        assertThat(NotificationRules.stable("revision 9e8d7c6b5a4f does not validate"))
                .isEqualTo("revision 9e8d7c6b5a4f does not validate");
    }

    private static List<String> events(List<SyncRun> runs) {
        NotificationRules.Memory memory = NotificationRules.Memory.initial();
        List<String> events = new ArrayList<>();
        for (SyncRun run : runs) {
            NotificationRules.Decision decision = NotificationRules.decide(run, FINISHED, memory);
            memory = decision.memory();
            events.add(decision.event().map(e -> e.kind().label()).orElse(NONE));
        }
        return events;
    }
}
