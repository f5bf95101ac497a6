package io.userflowsync.apply;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.WriteOutcome;
import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VerifierTest {
    static final Connector A = new Connector("aaaaaaaa-0000-0000-0000-000000000001", "A");
    static final Connector B = new Connector("bbbbbbbb-0000-0000-0000-000000000002", "B");
    static final GraphError THROTTLED = new GraphError(429, "TooManyRequests", "slow down", Optional.of("req-1"));
    static final SourceLocation AT = new SourceLocation("flows.yaml", 3, 5);

    static PlanChange change(ChangeKind kind, Optional<Connector> from, Optional<Connector> to) {
        return new PlanChange("B2X_1_x", Step.POST_ATTRIBUTE_COLLECTION, kind, from, to, AT);
    }

    static FlowRead live(Connector bound) {
        return FlowRead.read(new LiveFlow("B2X_1_x", bound == null ? Map.of() : Map.of(Step.POST_ATTRIBUTE_COLLECTION, bound)));
    }

    static Stream<Arguments> cases() {
        PlanChange bindA = change(ChangeKind.BIND, Optional.empty(), Optional.of(A));
        PlanChange rebindAB = change(ChangeKind.REBIND, Optional.of(A), Optional.of(B));
        PlanChange unbindA = change(ChangeKind.UNBIND, Optional.of(A), Optional.empty());
        return Stream.of(
                Arguments.of("bind took", bindA, Optional.empty(), live(A), ChangeOutcome.VERIFIED),
                Arguments.of("bind accepted, nothing bound", bindA, Optional.empty(), live(null), ChangeOutcome.NOT_EFFECTIVE),
                Arguments.of("rebind took", rebindAB, Optional.empty(), live(B), ChangeOutcome.VERIFIED),
                Arguments.of("rebind accepted, old still bound", rebindAB, Optional.empty(), live(A), ChangeOutcome.NOT_EFFECTIVE),
                Arguments.of("unbind took", unbindA, Optional.empty(), live(null), ChangeOutcome.VERIFIED),
                Arguments.of("unbind accepted, still bound", unbindA, Optional.empty(), live(A), ChangeOutcome.NOT_EFFECTIVE),
                Arguments.of("write refused", bindA, Optional.of(THROTTLED), live(null), ChangeOutcome.FAILED),
                Arguments.of("re-read failed", bindA, Optional.empty(), FlowRead.failed("B2X_1_x", THROTTLED), ChangeOutcome.UNVERIFIED),
                Arguments.of("id compared case-insensitively", bindA, Optional.empty(),
                        live(new Connector(A.id().toUpperCase(), "A")), ChangeOutcome.VERIFIED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void outcome(String name, PlanChange change, Optional<GraphError> writeError, FlowRead reread, ChangeOutcome expected) {
        List<ChangeResult> results = Verifier.verify(List.of(new WriteOutcome(change, writeError)),
                Map.of("B2X_1_x", reread));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(expected);
            assertThat(r.change()).isEqualTo(change);
        });
    }
}
