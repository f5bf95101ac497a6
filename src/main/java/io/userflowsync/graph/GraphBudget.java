package io.userflowsync.graph;

import java.time.Duration;

/**
 * What the Graph client spends of the app's quota, as {@link GraphClient#budget()} sees it at one moment: for
 * {@code /status}, the metrics and the run's summary. Requests are counted as Graph counts them, each request inside
 * a {@code $batch} on its own (concepts/json-batching.md), over sliding minutes, the way Graph meters its published
 * 200 a minute per app and 300 per tenant (includes/throttling-cpim.md).
 *
 * @param quotaPerMinute         {@code graph.quota-per-minute}; 0: the client does not pace (the other figures per
 *                               minute are 0 then)
 * @param ceilingPerMinute       what the client sends in any minute at most right now: the quota (a one-off
 *                               command's: the quota less the scan share), lower for a while after Graph refused
 *                               requests that were within it
 * @param scanPerMinute          {@code sync.scan-per-minute}: the share drift scans may spend
 * @param scanCeilingPerMinute   what scans may spend in any minute right now: their share of the ceiling
 * @param spentLastMinute        requests sent in the last minute, all traffic
 * @param scanSpentLastMinute    of them, scan traffic
 * @param spentThisRun           requests sent since the run began ({@link GraphClient#beginRun(Traffic)})
 * @param spentSinceStart        requests sent since the client was opened
 * @param refusedThisRun         requests Graph answered 429 this run: each one inside a batch, and every request of
 *                               a batch answered 429 as a whole
 * @param refusedSinceStart      likewise, since the client was opened
 * @param heldBackThisRun        how long this run's requests waited for a {@code Retry-After} or the budget (wall
 *                               time; waits that overlap count once)
 * @param heldBackSinceStart     likewise, since the client was opened
 */
public record GraphBudget(int quotaPerMinute, int ceilingPerMinute, int scanPerMinute, int scanCeilingPerMinute,
                          int spentLastMinute, int scanSpentLastMinute, long spentThisRun, long spentSinceStart,
                          long refusedThisRun, long refusedSinceStart, Duration heldBackThisRun,
                          Duration heldBackSinceStart) {

    /** Nothing spent, nothing refused, no wait, no pacing: a run before it called Graph. */
    public static final GraphBudget NONE = new GraphBudget(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);

    /** Whether the client paces its requests at all ({@code graph.quota-per-minute} above 0). */
    public boolean paced() {
        return quotaPerMinute > 0;
    }
}
