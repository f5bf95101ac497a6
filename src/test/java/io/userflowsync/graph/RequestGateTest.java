package io.userflowsync.graph;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When a Graph request may go (issue 7 item 2): concurrency, throttling pauses for everyone, the cap per minute. */
class RequestGateTest {
    private final List<Duration> told = new CopyOnWriteArrayList<>();

    @Test
    void aThrottleHoldsBackTheNextRequestUntilItsRetryAfterHasPassed() throws Exception {
        RequestGate gate = new RequestGate(4, 0, told::add, "Graph");
        gate.acquire(1);
        // the pause runs from the 429, so the clock starts before it (after it, a busy machine made 300 ms look short)
        long start = System.nanoTime();
        gate.throttled(Duration.ofMillis(300));
        gate.release(true);

        gate.acquire(1);

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
        assertThat(gate.heldBackThisRun()).isGreaterThanOrEqualTo(Duration.ofMillis(250));
        assertThat(told).singleElement().isEqualTo(gate.heldBackThisRun());
    }

    @Test
    void aThrottleHalvesTheConcurrencyOncePerEpisodeAndSuccessesWinItBackOneByOne() throws Exception {
        RequestGate gate = new RequestGate(8, 0, told::add, "Graph");

        gate.throttled(Duration.ZERO);
        assertThat(gate.currentLimit()).isEqualTo(4);
        gate.throttled(Duration.ofMillis(100));
        gate.throttled(Duration.ofMillis(100)); // the same episode: twenty 429s in one batch are one signal
        assertThat(gate.currentLimit()).isEqualTo(2);

        for (int i = 0; i < 2; i++) {
            gate.acquire(1);
            gate.release(false);
        }
        assertThat(gate.currentLimit()).as("after 2 successes at 2").isEqualTo(3);
        for (int i = 0; i < 3 + 4 + 5 + 6 + 7; i++) {
            gate.acquire(1);
            gate.release(false);
        }
        assertThat(gate.currentLimit()).as("never above graph.max-concurrency").isEqualTo(8);
    }

    @Test
    void noMoreRequestsInFlightThanTheLimit() throws Exception {
        RequestGate gate = new RequestGate(2, 0, told::add, "Graph");
        gate.acquire(1);
        gate.acquire(1);
        AtomicReference<Boolean> third = new AtomicReference<>(false);
        Thread waiter = new Thread(() -> {
            try {
                gate.acquire(1);
                third.set(true);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        waiter.start();
        awaitState(waiter, Thread.State.WAITING);
        assertThat(third.get()).isFalse();

        gate.release(false);
        waiter.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(third.get()).isTrue();
        assertThat(told).as("waiting for a free slot is not throttling").isEmpty();
    }

    @Test
    void theCapPerMinuteCountsTheRequestsInsideABatchAndHoldsBackWhatWouldGoOverIt() throws Exception {
        RequestGate gate = new RequestGate(4, 25, told::add, "Graph");
        assertThat(gate.largestBatch(20)).isEqualTo(20);
        assertThat(new RequestGate(4, 8, told::add, "Graph").largestBatch(20)).isEqualTo(8);
        gate.acquire(20);
        gate.release(false);
        gate.acquire(5);
        gate.release(false);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread next = new Thread(() -> {
            try {
                gate.acquire(1);
            } catch (Throwable e) {
                ended.set(e);
            }
        });

        next.start();
        awaitState(next, Thread.State.TIMED_WAITING); // held until a minute after the first 20 went
        next.interrupt();
        next.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(ended.get()).isInstanceOf(InterruptedException.class);
        assertThat(gate.heldBackThisRun()).isPositive();
        assertThat(told).hasSize(1);
    }

    @Test
    void aNewRunCountsItsWaitFromZero() throws Exception {
        RequestGate gate = new RequestGate(1, 0, told::add, "Graph");
        gate.throttled(Duration.ofMillis(50));
        gate.acquire(1);
        gate.release(false);
        assertThat(gate.heldBackThisRun()).isPositive();

        gate.beginRun();

        assertThat(gate.heldBackThisRun()).isZero();
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> new RequestGate(0, 0, told::add, "Graph")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RequestGate(1, -1, told::add, "Graph"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static void awaitState(Thread thread, Thread.State state) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (thread.getState() != state) {
            assertThat(System.nanoTime()).as("thread never reached " + state).isLessThan(deadline);
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
