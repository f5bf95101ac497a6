package io.userflowsync.scan;

import io.userflowsync.plan.PlanScope;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ScanBudgetTest {
    private final AtomicLong now = new AtomicLong(0);
    private final ScanBudget budget = new ScanBudget(200, 60, now::get);

    private static RunScope slice(RunScope.Kind kind, int flows) {
        Set<String> ids = IntStream.range(0, flows).mapToObj(i -> "f" + i).collect(Collectors.toSet());
        return RunScope.of(kind, PlanScope.only(ids, "test"));
    }

    @Test
    void scanSlicesSpendOnlyTheScanShareAndLeaveTheRestForPushes() {
        budget.reserve(slice(RunScope.Kind.SCAN, 20), 1000);
        budget.reserve(slice(RunScope.Kind.SCAN, 20), 1000);

        assertThat(budget.scan()).isEqualTo(60 - 42);
        assertThat(budget.priority()).isEqualTo(200 - 42);
        budget.reserve(slice(RunScope.Kind.TARGETED, 1), 1000);
        assertThat(budget.priority()).as("a read, a write, a read back and the listing").isEqualTo(200 - 46);
        assertThat(budget.scan()).isEqualTo(18);
    }

    @Test
    void whatWasSpentLeavesTheWindowAfterAMinute() {
        budget.reserve(slice(RunScope.Kind.SCAN, 59), 1000);
        assertThat(budget.scan()).isZero();

        now.addAndGet(TimeUnit.SECONDS.toNanos(59));
        assertThat(budget.scan()).isZero();
        now.addAndGet(TimeUnit.SECONDS.toNanos(1));
        assertThat(budget.scan()).isEqualTo(60);
    }

    @Test
    void scansNeverGetMoreThanPriorityTrafficLeaves() {
        budget.reserve(slice(RunScope.Kind.TARGETED, 60), 1000); // 181 of 200

        assertThat(budget.scan()).isEqualTo(19);
        budget.reserve(RunScope.of(RunScope.Kind.IDLE, PlanScope.only(Set.of(), "idle")), 1000);
        assertThat(budget.scan()).isEqualTo(19);
    }

    @Test
    void aSweepThatFitsOneRunSpendsTheScanShareLikeItsSlicesWould() {
        budget.reserve(RunScope.of(RunScope.Kind.FULL_SCAN, PlanScope.full("rolling scan")), 50);

        assertThat(budget.scan()).isEqualTo(60 - 51);
        assertThat(budget.priority()).isEqualTo(200 - 51);
    }

    @Test
    void aConnectorListingOfSeveralPagesIsPaidPageByPage() {
        budget.reserve(slice(RunScope.Kind.SCAN, 40), 10_000, 10); // 1,000 connectors: ten pages

        assertThat(budget.scan()).isEqualTo(60 - 50);
    }
}
