package io.userflowsync.graph;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Decides when a Graph request may go out (issue 7 item 2), shared by every thread of one client:
 * <ul>
 *   <li><b>Bounded concurrency</b>: at most {@code graph.max-concurrency} requests in flight.</li>
 *   <li><b>Throttling slows everyone down</b>: a 429 anywhere (a whole request or one request inside a
 *       {@code $batch}) holds back every new request until its {@code Retry-After} has passed, and halves how many
 *       may be in flight; each run of successes as long as the current limit raises it by one again (additive
 *       increase, multiplicative decrease). Graph's throttling guidance: wait the Retry-After, because "Microsoft
 *       Graph continues to log resource usage while a client is being throttled" (concepts/throttling.md).</li>
 *   <li><b>An optional cap per minute</b> ({@code graph.max-requests-per-minute}, off at 0), counting the requests
 *       inside a batch one by one, since that is how Graph counts them against its limits (json-batching.md, "Batch
 *       size limitations"); the identity container's published limits are 300 a minute per tenant and 200 per app
 *       per tenant (throttling-limits.md).</li>
 * </ul>
 * It also measures how long requests were held back by throttling (the 429 pauses and the cap): the wall time
 * during which at least one request was waiting for either, so that concurrent waiters are not counted twice.
 */
final class RequestGate {
    private static final Logger LOG = LoggerFactory.getLogger(RequestGate.class);
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    /** Told how long requests were held back each time a wait ends (the daemon meters it). */
    @FunctionalInterface
    interface WaitObserver {
        void heldBack(Duration waited);
    }

    private final int maxConcurrency;
    private final int perMinuteCap;
    private final WaitObserver observer;
    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    /** Sent requests of the last minute, oldest first: {nanoTime, items}. */
    private final ArrayDeque<long[]> lastMinute = new ArrayDeque<>();
    private int itemsInLastMinute;
    private int limit;
    private int inFlight;
    private int successes;
    private long pausedUntil = Long.MIN_VALUE;
    private int waitingOnThrottle;
    private long waitingSince;
    private long heldBackThisRun;
    private boolean warnedThisRun;

    /**
     * @param maxConcurrency requests in flight at most (1 or more)
     * @param perMinuteCap   requests sent in any minute at most, batch items counted one by one; 0 for no cap
     * @param name           what the requests go to, for the log line ({@code Graph}, {@code the token endpoint})
     */
    RequestGate(int maxConcurrency, int perMinuteCap, WaitObserver observer, String name) {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("max concurrency must be 1 or more, not " + maxConcurrency);
        }
        if (perMinuteCap < 0) {
            throw new IllegalArgumentException("the cap per minute must be 0 (off) or more, not " + perMinuteCap);
        }
        this.maxConcurrency = maxConcurrency;
        this.perMinuteCap = perMinuteCap;
        this.observer = observer;
        this.name = name;
        this.limit = maxConcurrency;
    }

    /** The most requests one batch may carry under the cap (a batch larger than the cap could never go out). */
    int largestBatch(int wanted) {
        return perMinuteCap == 0 ? wanted : Math.min(wanted, perMinuteCap);
    }

    /** Waits until a request carrying {@code items} requests may go, then counts it in flight. */
    void acquire(int items) throws InterruptedException {
        long heldBack = 0;
        boolean onThrottle = false;
        lock.lock();
        try {
            while (true) {
                long now = System.nanoTime();
                long wait = throttleWait(now, items);
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
            if (perMinuteCap > 0) {
                lastMinute.addLast(new long[] {System.nanoTime(), items});
                itemsInLastMinute += items;
            }
        } finally {
            if (onThrottle) { // interrupted while held back: what it waited still counts
                heldBack += stopWaiting(System.nanoTime());
            }
            lock.unlock();
            report(heldBack);
        }
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

    /**
     * Graph answered 429 and asked for {@code retryAfter}: nothing new goes out before it has passed, and fewer
     * requests at once afterwards. Requests already sent are not recalled. Said once per run in the log.
     */
    void throttled(Duration retryAfter) {
        boolean warn;
        int newLimit;
        lock.lock();
        try {
            long now = System.nanoTime();
            boolean newEpisode = now >= pausedUntil;
            pausedUntil = Math.max(pausedUntil, now + retryAfter.toNanos());
            if (newEpisode) {
                // One halving per throttling episode: twenty 429s inside one batch are one signal, not twenty.
                limit = Math.max(1, limit / 2);
                successes = 0;
            }
            newLimit = limit;
            warn = !warnedThisRun;
            warnedThisRun = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (warn) {
            LOG.warn("{} is throttling (HTTP 429): no new request for {} ms (its Retry-After), then at most {} at"
                    + " once, more again as requests succeed; the run's summary says how long requests waited",
                    name, retryAfter.toMillis(), newLimit);
        }
    }

    /** A new run: its throttling wait starts at zero and its first 429 is logged again. */
    void beginRun() {
        lock.lock();
        try {
            heldBackThisRun = 0;
            warnedThisRun = false;
        } finally {
            lock.unlock();
        }
    }

    /** How long requests of this run were held back by throttling so far (Retry-After pauses and the cap). */
    Duration heldBackThisRun() {
        lock.lock();
        try {
            return Duration.ofNanos(heldBackThisRun);
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

    /** How long a request of {@code items} must still wait for a 429 pause or the cap; 0 if it need not. */
    private long throttleWait(long now, int items) {
        if (now < pausedUntil) {
            return pausedUntil - now;
        }
        if (perMinuteCap == 0) {
            return 0;
        }
        while (!lastMinute.isEmpty() && now - lastMinute.peekFirst()[0] >= MINUTE) {
            itemsInLastMinute -= (int) lastMinute.pollFirst()[1];
        }
        if (lastMinute.isEmpty() || itemsInLastMinute + items <= perMinuteCap) {
            return 0;
        }
        // Wait for the oldest request to leave the window; the loop looks again then.
        return Math.max(1, lastMinute.peekFirst()[0] + MINUTE - now);
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
