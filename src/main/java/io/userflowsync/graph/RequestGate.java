package io.userflowsync.graph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/**
 * Decides when a Graph request may go out, shared by every thread of one client. Graph publishes a quota for the
 * resources the agent touches: 300 requests a minute per tenant for all apps together and 200 a minute per app per
 * tenant, each request inside a {@code $batch} counted on its own (microsoft-graph-docs-contrib,
 * includes/throttling-cpim.md in concepts/throttling-limits.md; concepts/json-batching.md, "Batch size limitations").
 * The gate spends that quota as a budget instead of finding it by being refused:
 * <ul>
 *   <li><b>Bounded concurrency</b>: at most {@code graph.max-concurrency} requests in flight.</li>
 *   <li><b>Throttling slows everyone down</b>: a 429 anywhere (a whole request or one request inside a
 *       {@code $batch}) holds back every new request until its {@code Retry-After} has passed, and halves how many
 *       may be in flight; each run of successes as long as the current limit raises it by one again (additive
 *       increase, multiplicative decrease). Graph's throttling guidance: wait the Retry-After, because "Microsoft
 *       Graph continues to log resource usage while a client is being throttled" (concepts/throttling.md).</li>
 *   <li><b>A ceiling per sliding minute</b>, batch items counted one by one: at most {@code graph.quota-per-minute}
 *       (0: no pacing at all). A one-off command's ceiling is the quota less the scan share, as a daemon may be
 *       scanning beside it with the same app ({@link GraphConnection}).</li>
 *   <li><b>Two traffic classes</b> ({@link Traffic}, set per run by {@link #beginRun(Traffic)}): a
 *       {@link Traffic#PRIORITY} request needs room in the whole minute only; a {@link Traffic#SCAN} request also
 *       needs room in the scan share, {@code sync.scan-per-minute}. So scans never spend the room pushed changes
 *       need beyond their share. The share shrinks with the ceiling, keeping its proportion: scan ceiling =
 *       {@code sync.scan-per-minute} × ceiling ÷ quota (60 of 200; 27 once the ceiling is 90), at least 1.</li>
 *   <li><b>An adaptive ceiling</b>: other apps spend the tenant's 300 too, so Graph may refuse requests the gate
 *       had room for. A 429 while the last minute's requests were within the ceiling lowers it to 90% of what got
 *       through in the last minute (sent less refused), never below a floor of a tenth of the quota (at least 10,
 *       at most the ceiling's top). A 429 while less than the floor got through lowers nothing: the agent's own
 *       pace cannot be what the tenant is short of, and its Retry-After is the answer (a lone 429 of a quiet client
 *       does not cost it a minute's wait). A lowered ceiling holds five minutes, then rises by a tenth of the quota
 *       for each minute without a 429 until it is back at its top; any 429 restarts that minute. When a rise is
 *       refused again, the next hold is twice as long (at most an hour); back at the top, it is five minutes again.
 *       Against a steady load from other apps the agent so settles below what the tenant leaves it, and the probes
 *       above it become rarer and rarer, instead of being refused again every few minutes.</li>
 * </ul>
 * It also measures how long requests were held back by throttling (the 429 pauses and the budget): the wall time
 * during which at least one request was waiting for either, so that concurrent waiters are not counted twice; and
 * what was spent and refused ({@link #budget()}). Time is a monotonic ticker in nanoseconds
 * ({@link System#nanoTime()} unless a test gives its own).
 */
final class RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);
    static final long MINUTE = TimeUnit.MINUTES.toNanos(1);
    /** How long a lowered ceiling holds before it rises again, at first. */
    static final long HOLD = 5 * MINUTE;
    /** The longest hold: a ceiling refused each time it rose still probes once an hour. */
    static final long LONGEST_HOLD = 60 * MINUTE;
    /** The ceiling is never lowered below this (or a tenth of the quota, if more). */
    static final int LEAST_FLOOR = 10;

    /** Told what the gate lets go, holds back and sees refused (the daemon meters it); everything but the wait optional. */
    @FunctionalInterface
    interface Observer {
        /** Requests were held back this long by throttling; told each time a wait ends. */
        void heldBack(Duration waited);

        /** A request carrying {@code items} Graph requests was let go. */
        default void spent(Traffic traffic, int items) {
        }

        /** Graph answered 429 to {@code items} requests. */
        default void refused(Traffic traffic, int items) {
        }
    }

    private final int maxConcurrency;
    private final int quota;
    private final int top;
    private final int scanBudget;
    private final int floor;
    private final int step;
    private final Observer observer;
    private final String name;
    private final LongSupplier ticker;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Requests sent in the last minute, oldest first: {nanoTime, items, 1 for scan traffic}. */
    private final ArrayDeque<long[]> lastMinute = new ArrayDeque<>();
    /** Refusals of the last minute, oldest first: {nanoTime, items}. */
    private final ArrayDeque<long[]> refusals = new ArrayDeque<>();
    private int sentLastMinute;
    private int scanSentLastMinute;
    private int refusedLastMinute;
    private int ceiling;
    /** The ceiling rises one step when a minute has passed since this without a 429. */
    private long quietSince;
    /** How long the ceiling holds after the next lowering. */
    private long hold = HOLD;
    /** Whether the ceiling rose since it was last lowered: lowered again, it holds longer. */
    private boolean roseSinceLowered;
    private Traffic traffic = Traffic.PRIORITY;
    private int limit;
    private int inFlight;
    private int successes;
    private long pausedUntil;
    private int waitingOnThrottle;
    private long waitingSince;
    private long heldBackThisRun;
    private long heldBackSinceStart;
    private long spentThisRun;
    private long spentSinceStart;
    private long refusedThisRun;
    private long refusedSinceStart;
    private boolean warnedThisRun;

    /**
     * A gate whose requests all share one cap and no scan share: the token endpoint's (0), a test's.
     *
     * @param maxConcurrency requests in flight at most (1 or more)
     * @param perMinuteCap   requests sent in any minute at most, batch items counted one by one; 0 for no cap
     * @param name           what the requests go to, for the log line ({@code Graph}, {@code the token endpoint})
     */
    RequestGate(int maxConcurrency, int perMinuteCap, Observer observer, String name) {
        this(maxConcurrency, perMinuteCap, perMinuteCap, perMinuteCap, observer, name, System::nanoTime);
    }

    /**
     * @param quota      {@code graph.quota-per-minute}: 0 for no pacing (then {@code top} and {@code scanBudget}
     *                   are not used)
     * @param top        the highest the ceiling goes, 1 to {@code quota}: the quota, or a one-off command's
     *                   {@link #oneShotTop(int, int)}
     * @param scanBudget {@code sync.scan-per-minute}, 1 to {@code quota}
     * @param ticker     monotonic nanoseconds
     */
    RequestGate(int maxConcurrency, int quota, int top, int scanBudget, Observer observer, String name,
                LongSupplier ticker) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be 1 or more, not " + maxConcurrency);
        }
        if (quota < 0) {
            throw new IllegalArgumentException("the quota per minute must be 0 (off) or more, not " + quota);
        }
        if (quota > 0 && (top < 1 || top > quota || scanBudget < 1 || scanBudget > quota)) {
            throw new IllegalArgumentException("the ceiling (" + top + ") and the scan share (" + scanBudget
                    + ") must be 1 to the quota (" + quota + ")");
        }
        this.maxConcurrency = maxConcurrency;
        this.quota = quota;
        this.top = quota == 0 ? 0 : top;
        this.scanBudget = quota == 0 ? 0 : scanBudget;
        this.floor = quota == 0 ? 0 : Math.min(top, Math.max(LEAST_FLOOR, quota / 10));
        this.step = Math.max(1, quota / 10);
        this.observer = observer;
        this.name = name;
        this.ticker = ticker;
        this.limit = maxConcurrency;
        this.ceiling = this.top;
        long now = ticker.getAsLong();
        this.pausedUntil = now;
        this.quietSince = now;
    }

    /**
     * A one-off command's top ceiling: the quota less the scan share, since a daemon with the same app may be
     * scanning beside it; never less than the floor the adaptive ceiling keeps.
     */
    static int oneShotTop(int quota, int scanBudget) {
        if (quota == 0) {
            return 0;
        }
        return Math.max(Math.min(quota, Math.max(LEAST_FLOOR, quota / 10)), quota - scanBudget);
    }

    /** The most requests one batch may carry now (a batch larger than the room could never go out). */
    int largestBatch(int wanted) {
        lock.lock();
        try {
            if (quota == 0) {
                return wanted;
            }
            refresh(ticker.getAsLong());
            int room = traffic == Traffic.SCAN ? Math.min(ceiling, scanCeiling()) : ceiling;
            return Math.max(1, Math.min(wanted, room));
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a request carrying {@code items} requests may go, then counts it in flight and spent.
     *
     * @return the request's place in the minute, for {@link #release(long[], boolean)}
     */
    long[] acquire(int items) throws InterruptedException {
        long heldBack = 0;
        boolean onThrottle = false;
        Traffic spentAs = null;
        long[] sent;
        lock.lock();
        try {
            while (true) {
                long now = ticker.getAsLong();
                refresh(now);
                long wait = throttleWait(now, items, traffic);
                boolean throttled = wait > 0;
                if (throttled != onThrottle) {
                    if (throttled) {
                        startWaiting(now);
                    } else {
                        heldBack += stopWaiting(now);
                    }
                    onThrottle = throttled;
                }
                if (throttled) {
                    changed.awaitNanos(wait);
                } else if (inFlight >= limit) {
                    changed.await();
                } else {
                    break;
                }
            }
            inFlight++;
            spentAs = traffic;
            boolean scan = spentAs == Traffic.SCAN;
            sent = new long[] {ticker.getAsLong(), items, scan ? 1 : 0};
            lastMinute.addLast(sent);
            sentLastMinute += items;
            if (scan) {
                scanSentLastMinute += items;
            }
            spentThisRun += items;
            spentSinceStart += items;
        } finally {
            if (onThrottle) { // interrupted while held back: what it waited still counts
                heldBack += stopWaiting(ticker.getAsLong());
            }
            lock.unlock();
            report(heldBack);
        }
        try {
            observer.spent(spentAs, items);
        } catch (RuntimeException e) {
            LOG.debug("observing spent requests failed", e);
        }
        return sent;
    }

    /**
     * As {@link #release(boolean)}, and the request counts in the minute from now on: Graph counts a request when it
     * arrives, which is some time after it left the gate (a connection, a token, the network), so a request counted
     * from when it left would leave the gate's minute before it leaves Graph's, and the request that takes its place
     * could be the one too many. Counted from its answer, it leaves the gate's minute after Graph's.
     */
    void release(long[] sent, boolean throttled) {
        lock.lock();
        try {
            sent[0] = Math.max(sent[0], ticker.getAsLong());
        } finally {
            lock.unlock();
        }
        release(throttled);
    }

    /** A request is done: {@code throttled} when it (or a request inside it) was answered 429. */
    void release(boolean throttled) {
        lock.lock();
        try {
            inFlight--;
            if (!throttled && limit < maxConcurrency && ++successes >= limit) {
                limit++;
                successes = 0;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** As {@link #throttled(Duration, int)} for one refused request. */
    void throttled(Duration retryAfter) {
        throttled(retryAfter, 1);
    }

    /**
     * Graph answered 429 to {@code refusedItems} requests (those inside a batch one by one, every request of a batch
     * refused as a whole) and asked for {@code retryAfter}: nothing new goes out before it has passed, fewer
     * requests at once afterwards, and the ceiling may come down (the class comment says when). Requests already
     * sent are not recalled. Said once per run in the log.
     */
    void throttled(Duration retryAfter, int refusedItems) {
        boolean warn;
        int newLimit;
        int lowered = 0;
        int got = 0;
        long heldFor = 0;
        Traffic refusedAs;
        lock.lock();
        try {
            long now = ticker.getAsLong();
            refresh(now);
            boolean newEpisode = pausedUntil - now <= 0;
            long until = now + retryAfter.toNanos();
            if (until - pausedUntil > 0) {
                pausedUntil = until;
            }
            if (newEpisode) {
                // One halving per throttling episode: twenty 429s inside one batch are one signal, not twenty.
                limit = Math.max(1, limit / 2);
                successes = 0;
            }
            int refused = Math.max(0, refusedItems);
            refusals.addLast(new long[] {now, refused});
            refusedLastMinute += refused;
            refusedThisRun += refused;
            refusedSinceStart += refused;
            if (now - quietSince > 0) {
                quietSince = now;
            }
            if (quota > 0 && sentLastMinute <= ceiling) {
                got = Math.max(0, sentLastMinute - refusedLastMinute);
                int target = Math.max(floor, got * 9 / 10);
                if (got >= floor && target < ceiling) {
                    if (roseSinceLowered) {
                        hold = Math.min(LONGEST_HOLD, 2 * hold);
                        roseSinceLowered = false;
                    }
                    ceiling = target;
                    lowered = target;
                    heldFor = hold;
                    quietSince = now + hold - MINUTE; // the first rise comes after the hold
                }
            }
            newLimit = limit;
            refusedAs = traffic;
            warn = !warnedThisRun;
            warnedThisRun = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            observer.refused(refusedAs, Math.max(0, refusedItems));
        } catch (RuntimeException e) {
            LOG.debug("observing refused requests failed", e);
        }
        if (warn) {
            LOG.warn("{} is throttling (HTTP 429): no new request for {} ms (its Retry-After), then at most {} at"
                    + " once, more again as requests succeed; the run's summary says how long requests waited",
                    name, retryAfter.toMillis(), newLimit);
        }
        if (lowered > 0) {
            LOG.info("{} refused requests although this client was within its ceiling ({} got through in the last"
                    + " minute): other apps are spending the tenant's quota; {} a minute at most now (scans {}),"
                    + " back up by {} a minute once {} minutes have passed without a 429", name, got, lowered,
                    Math.max(1, (int) ((long) scanBudget * lowered / quota)), step, heldFor / MINUTE);
        }
    }

    /** As {@link #beginRun(Traffic)} for {@link Traffic#PRIORITY}. */
    void beginRun() {
        beginRun(Traffic.PRIORITY);
    }

    /**
     * A new run, whose requests are {@code traffic} (runs of one client are serialized: one class at a time): its
     * throttling wait, spending and refusals count from zero, and its first 429 is logged again.
     */
    void beginRun(Traffic traffic) {
        lock.lock();
        try {
            this.traffic = traffic;
            heldBackThisRun = 0;
            spentThisRun = 0;
            refusedThisRun = 0;
            warnedThisRun = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** How long requests of this run were held back by throttling so far (Retry-After pauses and the budget). */
    Duration heldBackThisRun() {
        lock.lock();
        try {
            return Duration.ofNanos(heldBackThisRun);
        } finally {
            lock.unlock();
        }
    }

    /**
     * How many {@link Traffic#SCAN} requests could go right now without waiting for the budget or a Retry-After:
     * the room left in both the scan share and the whole minute. {@link Integer#MAX_VALUE} without pacing.
     */
    int scanRoom() {
        lock.lock();
        try {
            long now = ticker.getAsLong();
            refresh(now);
            if (pausedUntil - now > 0) {
                return 0;
            }
            if (quota == 0) {
                return Integer.MAX_VALUE;
            }
            return Math.max(0, Math.min(scanCeiling() - scanSentLastMinute, ceiling - sentLastMinute));
        } finally {
            lock.unlock();
        }
    }

    /** What the gate spends of the quota, now. */
    GraphBudget budget() {
        lock.lock();
        try {
            long now = ticker.getAsLong();
            refresh(now);
            long heldBack = heldBackThisRun;
            long heldBackTotal = heldBackSinceStart;
            if (waitingOnThrottle > 0) { // a wait under way counts as far as it has come
                heldBack += now - waitingSince;
                heldBackTotal += now - waitingSince;
            }
            return new GraphBudget(quota, ceiling, scanBudget, quota == 0 ? 0 : scanCeiling(), sentLastMinute,
                    scanSentLastMinute, spentThisRun, spentSinceStart, refusedThisRun, refusedSinceStart,
                    Duration.ofNanos(heldBack), Duration.ofNanos(heldBackTotal));
        } finally {
            lock.unlock();
        }
    }

    /** Requests allowed in flight right now (for tests: halves on 429, recovers on success). */
    int currentLimit() {
        lock.lock();
        try {
            return limit;
        } finally {
            lock.unlock();
        }
    }

    /**
     * How long a request of {@code items} of the current traffic would now wait for a 429 pause or the budget; 0 if
     * it would not (waiting for a free slot in flight is not counted).
     */
    long wouldWait(int items) {
        lock.lock();
        try {
            long now = ticker.getAsLong();
            refresh(now);
            return throttleWait(now, items, traffic);
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the waiters to look at the time again (a test's ticker moved). */
    void timePassed() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** What scans may spend in any minute now: their share of the ceiling, in proportion, at least 1. */
    private int scanCeiling() {
        return (int) Math.max(1, (long) scanBudget * ceiling / quota);
    }

    /** Forgets what left the minute, and raises a lowered ceiling for each minute that passed without a 429. */
    private void refresh(long now) {
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst()[0] >= MINUTE) {
            long[] oldest = lastMinute.pollFirst();
            sentLastMinute -= (int) oldest[1];
            if (oldest[2] == 1) {
                scanSentLastMinute -= (int) oldest[1];
            }
        }
        while (!refusals.isEmpty() && now - refusals.peekFirst()[0] >= MINUTE) {
            refusedLastMinute -= (int) refusals.pollFirst()[1];
        }
        if (ceiling < top && now - quietSince >= MINUTE) {
            long minutes = (now - quietSince) / MINUTE;
            ceiling = (int) Math.min(top, ceiling + minutes * step);
            quietSince += minutes * MINUTE;
            roseSinceLowered = ceiling < top;
            if (ceiling == top) {
                hold = HOLD;
            }
            LOG.debug("{}: no 429 for a while, {} requests a minute at most now", name, ceiling);
            changed.signalAll();
        }
    }

    /** How long a request of {@code items} must still wait for a 429 pause or the budget; 0 if it need not. */
    private long throttleWait(long now, int items, Traffic as) {
        if (pausedUntil - now > 0) {
            return pausedUntil - now;
        }
        if (quota == 0) {
            return 0;
        }
        long wait = 0;
        if (!fits(sentLastMinute, items, ceiling)) {
            // Wait for the oldest request to leave the minute; the loop looks again then.
            wait = lastMinute.peekFirst()[0] + MINUTE - now;
        }
        if (as == Traffic.SCAN && !fits(scanSentLastMinute, items, scanCeiling())) {
            for (long[] sent : lastMinute) {
                if (sent[2] == 1) {
                    wait = Math.max(wait, sent[0] + MINUTE - now);
                    break;
                }
            }
        }
        return wait > 0 ? wait : 0;
    }

    /** Room for {@code items} more within {@code most}; a request larger than that goes when nothing else counts. */
    private static boolean fits(int used, int items, int most) {
        return used == 0 || used + items <= most;
    }

    /** Joins the requests held back by throttling; the first one starts the clock. */
    private void startWaiting(long now) {
        if (waitingOnThrottle++ == 0) {
            waitingSince = now;
        }
    }

    /** Leaves them; the last one stops the clock and gives the time that passed. */
    private long stopWaiting(long now) {
        if (--waitingOnThrottle == 0) {
            long waited = now - waitingSince;
            heldBackThisRun += waited;
            heldBackSinceStart += waited;
            return waited;
        }
        return 0;
    }

    private void report(long heldBackNanos) {
        if (heldBackNanos > 0) {
            try {
                observer.heldBack(Duration.ofNanos(heldBackNanos));
            } catch (RuntimeException e) {
                LOG.debug("observing a throttling wait failed", e);
            }
        }
    }
}
