package io.userflowsync.graph;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * When a Graph request may go: concurrency, throttling pauses for everyone, and the app's quota spent as a budget
 * per sliding minute (Graph's 200 a minute per app, 300 per tenant, each request inside a batch counted:
 * includes/throttling-cpim.md, json-batching.md), scans held to their share, the ceiling lowered when other apps
 * spend the tenant's quota. Time is a ticker the tests move; nothing sleeps.
 */
class RequestGateTest {
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    private final List<Duration> told = new CopyOnWriteArrayList<>();
    private final List<String> metered = new CopyOnWriteArrayList<>();
    private final AtomicLong now = new AtomicLong(1_000 * MINUTE);
    private final RequestGate.Observer observer = new RequestGate.Observer() {
        @Override
        public void heldBack(Duration waited) {
            told.add(waited);
        }

        @Override
        public void spent(Traffic traffic, int items) {
            metered.add("spent " + traffic + " " + items);
        }

        @Override
        public void refused(Traffic traffic, int items) {
            metered.add("refused " + traffic + " " + items);
        }
    };

    /** The daemon's gate at the defaults: 200 a minute, scans 60 of them; a ticker the test moves. */
    private RequestGate daemonGate() {
        return new RequestGate(4, 200, 200, 60, observer, "Graph", now::get);
    }

    private static void send(RequestGate gate, int items) throws InterruptedException {
        assertThat(gate.wouldWait(items)).as("a request of " + items + " goes at once").isZero();
        gate.acquire(items);
        gate.release(false);
    }

    /** Sends single requests until the next one would wait; how many went. */
    private static int sendUntilHeld(RequestGate gate) throws InterruptedException {
        int sent = 0;
        while (gate.wouldWait(1) == 0) {
            send(gate, 1);
            sent++;
            assertThat(sent).as("the gate never holds back").isLessThan(100_000);
        }
        return sent;
    }

    private void pass(long nanos) {
        now.addAndGet(nanos);
    }

    @Test
    void scanTrafficStopsAtItsShareWhilePriorityTrafficStillGoes() throws Exception {
        RequestGate gate = daemonGate();
        gate.beginRun(Traffic.SCAN);
        send(gate, 20);
        send(gate, 20);
        send(gate, 20);

        assertThat(gate.wouldWait(1)).as("the scan share, 60, is spent").isPositive();
        RequestGate small = new RequestGate(4, 8, 8, 4, observer, "Graph", now::get);
        small.beginRun(Traffic.SCAN);
        assertThat(small.largestBatch(20)).as("a scan's batch fits its share").isEqualTo(4);
        small.beginRun(Traffic.PRIORITY);
        assertThat(small.largestBatch(20)).isEqualTo(8);
        gate.beginRun(Traffic.PRIORITY);
        for (int i = 0; i < 7; i++) {
            send(gate, 20); // the other 140 of the minute
        }
        assertThat(gate.wouldWait(1)).as("the whole minute, 200, is spent").isPositive();
        assertThat(gate.budget().spentLastMinute()).isEqualTo(200);
        assertThat(gate.budget().scanSpentLastMinute()).isEqualTo(60);
    }

    @Test
    void scansNeverTakeTheRoomPushesNeedBeyondTheirShareNorPushesTheScansShareOfAFullMinute() throws Exception {
        RequestGate gate = daemonGate();
        gate.beginRun(Traffic.PRIORITY);
        for (int i = 0; i < 9; i++) {
            send(gate, 20);
        }
        gate.beginRun(Traffic.SCAN);

        assertThat(gate.scanRoom()).as("scans need room in the whole minute too").isEqualTo(20);
        send(gate, 20);
        assertThat(gate.wouldWait(1)).isPositive();
    }

    @Test
    void priorityTrafficNeverExceedsTheCeilingInAnySlidingMinute() throws Exception {
        RequestGate gate = daemonGate();
        assertThat(sendUntilHeld(gate)).isEqualTo(200);

        pass(59 * SECOND);
        assertThat(gate.wouldWait(1)).as("a minute slides; it does not start afresh").isEqualTo(SECOND);
        pass(SECOND);
        assertThat(sendUntilHeld(gate)).as("the first minute's requests have left it").isEqualTo(200);
        assertThat(gate.budget().spentSinceStart()).isEqualTo(400);
    }

    @Test
    void aRequestCountsInTheMinuteFromItsAnswerSoItLeavesTheGatesMinuteNoEarlierThanGraphs() throws Exception {
        RequestGate gate = new RequestGate(4, 1, 1, 1, observer, "Graph", now::get);
        long[] slow = gate.acquire(1); // leaves at 0 s, reaches Graph some time before its answer at 0.5 s
        pass(SECOND / 2);
        gate.release(slow, false);
        pass(60 * SECOND - SECOND / 2);

        assertThat(gate.wouldWait(1)).as("a minute after it left, but not yet a minute after its answer")
                .isEqualTo(SECOND / 2);
        pass(SECOND / 2);
        assertThat(gate.wouldWait(1)).isZero();
    }

    @Test
    void aOneShotCommandLeavesTheDaemonItsScanShare() throws Exception {
        assertThat(RequestGate.oneShotTop(200, 60)).isEqualTo(140);
        assertThat(RequestGate.oneShotTop(200, 200)).as("never below the floor").isEqualTo(20);
        assertThat(RequestGate.oneShotTop(0, 60)).as("no pacing").isZero();
        RequestGate cli = new RequestGate(4, 200, RequestGate.oneShotTop(200, 60), 60, observer, "Graph", now::get);

        assertThat(sendUntilHeld(cli)).isEqualTo(140);
        assertThat(cli.budget().ceilingPerMinute()).isEqualTo(140);
        assertThat(cli.budget().quotaPerMinute()).isEqualTo(200);
    }

    @Test
    void a429WithinTheCeilingLowersItToWhatGotThroughAndItRisesAgainWithoutA429() throws Exception {
        RequestGate gate = daemonGate();
        for (int i = 0; i < 5; i++) {
            send(gate, 20);
        }

        gate.acquire(1);
        gate.throttled(Duration.ZERO, 1); // the tenant's 300 are spent by other apps
        gate.release(true);

        assertThat(gate.budget().ceilingPerMinute()).as("90% of the 100 that got through").isEqualTo(90);
        assertThat(gate.budget().scanCeilingPerMinute()).as("the scan share shrinks in proportion").isEqualTo(27);
        assertThat(gate.wouldWait(1)).as("101 went in the last minute").isPositive();
        pass(MINUTE);
        assertThat(sendUntilHeld(gate)).as("the lowered ceiling holds").isEqualTo(90);
        pass(3 * MINUTE);
        assertThat(gate.budget().ceilingPerMinute()).as("still held, 4 minutes on").isEqualTo(90);
        pass(MINUTE);
        assertThat(gate.budget().ceilingPerMinute()).as("5 minutes on: up a tenth of the quota").isEqualTo(110);
        assertThat(sendUntilHeld(gate)).isEqualTo(110);
        pass(MINUTE);
        assertThat(gate.budget().ceilingPerMinute()).isEqualTo(130);
        pass(10 * MINUTE);
        assertThat(gate.budget().ceilingPerMinute()).as("back at the quota, never above it").isEqualTo(200);
        assertThat(gate.budget().refusedSinceStart()).isEqualTo(1);
    }

    @Test
    void againstASteadyLoadFromOtherAppsTheRefusalsDieOutAndTheAgentStillGetsMostOfWhatIsLeft() throws Exception {
        // Other apps spend 200 of the tenant's 300: the agent gets 100 a minute, whatever its own 200. Graph counts
        // refused requests too (concepts/throttling.md: usage is logged while a client is throttled).
        RequestGate gate = daemonGate();
        int room = 100;
        ArrayDeque<Long> tenant = new ArrayDeque<>();
        List<Long> refusedInMinute = new ArrayList<>();
        long start = now.get();
        long through = 0;
        for (int second = 0; second < 4 * 60 * 60; second++) {
            while (!tenant.isEmpty() && now.get() - tenant.peekFirst() >= MINUTE) {
                tenant.pollFirst();
            }
            for (int i = 0; i < 5 && gate.wouldWait(1) == 0; i++) { // a busy agent: 5 requests a second if it may
                gate.acquire(1);
                boolean refused = tenant.size() >= room;
                tenant.addLast(now.get());
                if (refused) {
                    refusedInMinute.add((now.get() - start) / MINUTE);
                    gate.throttled(Duration.ofSeconds(1), 1);
                } else {
                    through++;
                }
                gate.release(refused);
            }
            pass(SECOND);
        }

        assertThat(refusedInMinute).as("minutes with a refusal").first().matches(m -> m <= 1);
        assertThat(refusedInMinute.stream().filter(m -> m >= 3 * 60)).as("in the fourth hour").hasSizeLessThan(2);
        assertThat(refusedInMinute.stream().filter(m -> m >= 60)).as("after the first hour").hasSizeLessThan(5);
        assertThat(through / (4 * 60)).as("got through a minute, of the 100 left").isGreaterThanOrEqualTo(85);
    }

    @Test
    void a429WhileLittleGotThroughIsAnsweredByItsRetryAfterAloneAndOneOverTheCeilingLowersNothingMore()
            throws Exception {
        RequestGate gate = daemonGate();
        send(gate, 5);
        gate.acquire(1);
        gate.throttled(Duration.ofSeconds(1), 1);
        gate.release(true);

        assertThat(gate.budget().ceilingPerMinute()).as("6 sent: fewer than the floor, 20").isEqualTo(200);
        assertThat(gate.wouldWait(1)).isEqualTo(SECOND);
        pass(SECOND);

        for (int i = 0; i < 5; i++) {
            send(gate, 20);
        }
        gate.throttled(Duration.ZERO, 1);
        assertThat(gate.budget().ceilingPerMinute()).isEqualTo(93); // 90% of 106 − 2 refused
        gate.throttled(Duration.ZERO, 20);
        assertThat(gate.budget().ceilingPerMinute()).as("106 sent is over 93: the lowering is still draining")
                .isEqualTo(93);
    }

    @Test
    void refusalsAndSpendingAreCountedBatchItemsOneByOneForTheRunAndSinceStart() throws Exception {
        RequestGate gate = daemonGate();
        gate.beginRun(Traffic.SCAN);
        gate.acquire(20);
        gate.throttled(Duration.ZERO, 3); // three requests inside the batch answered 429
        gate.release(true);
        send(gate, 3);

        GraphBudget scan = gate.budget();
        assertThat(scan.spentThisRun()).isEqualTo(23);
        assertThat(scan.refusedThisRun()).isEqualTo(3);
        assertThat(scan.scanSpentLastMinute()).isEqualTo(23);
        assertThat(metered).containsExactly("spent SCAN 20", "refused SCAN 3", "spent SCAN 3");

        gate.beginRun(Traffic.PRIORITY);
        send(gate, 1);
        GraphBudget next = gate.budget();
        assertThat(next).isEqualTo(new GraphBudget(200, 200, 60, 60, 24, 23, 1, 24, 0, 3, Duration.ZERO,
                Duration.ZERO));
        pass(MINUTE);
        assertThat(gate.budget().spentLastMinute()).as("a minute later").isZero();
        assertThat(gate.budget().spentSinceStart()).isEqualTo(24);
    }

    @Test
    void scanRoomIsHonestAfterItSaysNThatManyScanRequestsGoWithoutWaiting() throws Exception {
        RequestGate gate = daemonGate();
        gate.beginRun(Traffic.SCAN);
        send(gate, 17);
        gate.beginRun(Traffic.PRIORITY);
        for (int i = 0; i < 6; i++) {
            send(gate, 20);
        }
        gate.beginRun(Traffic.SCAN);

        int room = gate.scanRoom();
        assertThat(room).isEqualTo(43);
        assertThat(gate.wouldWait(room)).as("all of it in one batch").isZero();
        for (int i = 0; i < room; i++) {
            send(gate, 1);
        }
        assertThat(gate.scanRoom()).isZero();
        assertThat(gate.wouldWait(1)).isPositive();

        pass(MINUTE);
        gate.throttled(Duration.ofSeconds(3), 1);
        assertThat(gate.scanRoom()).as("nothing goes during a Retry-After").isZero();
        pass(3 * SECOND);
        assertThat(gate.scanRoom()).isEqualTo(60);
        assertThat(new RequestGate(4, 0, observer, "Graph").scanRoom()).as("no pacing").isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void aScanRequestHeldBackForItsShareGoesWhenItsMinuteHasPassedAndTheWaitIsTold() throws Exception {
        RequestGate gate = daemonGate();
        gate.beginRun(Traffic.SCAN);
        send(gate, 20);
        send(gate, 20);
        pass(30 * SECOND);
        send(gate, 20);
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread scan = new Thread(() -> {
            try {
                gate.acquire(10);
                gate.release(false);
            } catch (Throwable e) {
                ended.set(e);
            }
        });
        scan.start();
        awaitState(scan, Thread.State.TIMED_WAITING);

        pass(30 * SECOND); // the first two requests leave the scan's minute
        gate.timePassed();
        scan.join(TimeUnit.SECONDS.toMillis(10));

        assertThat(scan.isAlive()).isFalse();
        assertThat(ended.get()).isNull();
        assertThat(told).containsExactly(Duration.ofSeconds(30));
        assertThat(gate.budget().heldBackThisRun()).isEqualTo(Duration.ofSeconds(30));
        assertThat(gate.budget().scanSpentLastMinute()).isEqualTo(30);
    }


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
