package io.userflowsync.apply;

import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Fixtures;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Guards;
import io.userflowsync.plan.Limit;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one gate every write passes (issue 8): what it refuses and why, table-driven. The applier checks its own
 * {@code sync.mode} as well as the plan's, so a plan made under other rules cannot slip a write through.
 */
class WriteRefusalTest {
    private static final PlanChange UNBIND = new PlanChange("B2X_1_a", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND,
            Optional.of(Fixtures.LEGACY), Optional.empty(), Fixtures.at(3, 5));
    private static final WriteMode REPORT = new WriteMode(SyncMode.REPORT, Optional.empty());
    private static final WriteMode SUSPENDED = new WriteMode(SyncMode.APPLY,
            Optional.of(new SourceLocation("flows.yaml", 2, 1)));
    private static final Guards NO_UNBINDS = new Guards(Limit.count(0), Limit.count(100));

    static Stream<Arguments> plans() {
        GuardCheck over = NO_UNBINDS.check(List.of(UNBIND), 1, false);
        GuardCheck forced = NO_UNBINDS.check(List.of(UNBIND), 1, true);
        return Stream.of(
                // what,                                        changes,  plan's mode,     guards,            applier's mode,  refused as
                row("a plan that may be written", true, WriteMode.APPLY, GuardCheck.PASSED, SyncMode.APPLY, null),
                row("report-only by the plan's setting", true, REPORT, GuardCheck.PASSED, SyncMode.REPORT,
                        WriteRefusal.Kind.REPORT_ONLY),
                row("suspended by the desired state", true, SUSPENDED, GuardCheck.PASSED, SyncMode.APPLY,
                        WriteRefusal.Kind.REPORT_ONLY),
                row("a plan made as if writing, by an applier that is report-only", true, WriteMode.APPLY,
                        GuardCheck.PASSED, SyncMode.REPORT, WriteRefusal.Kind.REPORT_ONLY),
                row("over a guard's limit", true, WriteMode.APPLY, over, SyncMode.APPLY, WriteRefusal.Kind.GUARD),
                row("over a guard's limit with --force", true, WriteMode.APPLY, forced, SyncMode.APPLY, null),
                row("--force never overrides report-only", true, SUSPENDED, forced, SyncMode.APPLY,
                        WriteRefusal.Kind.REPORT_ONLY),
                row("report-only comes before a guard", true, REPORT, over, SyncMode.REPORT,
                        WriteRefusal.Kind.REPORT_ONLY),
                row("nothing to write is never refused", false, REPORT, GuardCheck.PASSED, SyncMode.REPORT, null));
    }

    private static Arguments row(String what, boolean changes, WriteMode mode, GuardCheck guards, SyncMode applier,
                                 WriteRefusal.Kind refused) {
        return Arguments.of(what, changes, mode, guards, applier, Optional.ofNullable(refused));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("plans")
    void theGateRefusesWhatMustNotBeWritten(String what, boolean changes, WriteMode mode, GuardCheck guards,
                                            SyncMode applier, Optional<WriteRefusal.Kind> refused) {
        Plan plan = new Plan(Policy.SYNC, changes ? List.of(UNBIND) : List.of(), List.of(), List.of(), 1,
                changes ? 0 : 1, mode, guards);

        Optional<WriteRefusal> refusal = WriteRefusal.of(plan, applier);

        assertThat(refusal.map(WriteRefusal::kind)).isEqualTo(refused);
        refusal.ifPresent(r -> assertThat(r.reason()).startsWith(r.kind() == WriteRefusal.Kind.GUARD
                ? "1 unbind, over sync.max-unbinds=0; to proceed, raise sync.max-unbinds"
                : "the agent is report-only ("));
    }
}
