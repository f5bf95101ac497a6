package io.userflowsync.scan;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

/**
 * The daemon's own account of what its runs spend of Graph's quota, so that it asks for a run only when the run will
 * not have to wait (the Graph client's gate, {@code graph.quota-per-minute}, is what keeps every request under
 * the quota; this decides when runs are worth asking for). A run reserves what it may spend when its scope is chosen:
 * one request per flow it reads, one for the connector listing, and for a targeted run two more per flow (the write
 * and the read back), each {@code $batch} item counted as Graph counts it (json-batching.md).
 *
 * <p>Scan traffic is held to {@code scanPerMinute} within any minute, the rest of the quota left for pushes, an
 * operator's CLI run and the portal (Graph's 200 a minute is per app; the tenant's 300 are shared by every app).
 */
public final class ScanBudget implements QuotaRoom {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    private final int quotaPerMinute;
    private final int scanPerMinute;
    private final LongSupplier ticker;
    private final IntSupplier gateScanRoom;
    /** {nanoTime, requests, scan ? 1 : 0}, oldest first. */
    private final ArrayDeque<long[]> spent = new ArrayDeque<>();

    /**
     * @param quotaPerMinute the app's quota ({@code graph.quota-per-minute}; 0: none)
     * @param scanPerMinute  what scans may spend of it ({@code sync.scan-per-minute})
     */
    public ScanBudget(int quotaPerMinute, int scanPerMinute, LongSupplier ticker) {
        this(quotaPerMinute, scanPerMinute, ticker, () -> Integer.MAX_VALUE);
    }

    /**
     * @param gateScanRoom what the Graph client's gate would let scans send now without waiting
     *                     ({@code GraphClient::scanRoom}): less than this account says while the last slice's requests,
     *                     sent after it was reserved, are still in the gate's minute, or while a Retry-After lasts
     */
    public ScanBudget(int quotaPerMinute, int scanPerMinute, LongSupplier ticker, IntSupplier gateScanRoom) {
        if (scanPerMinute < 1) {
            throw new IllegalArgumentException("the scan budget must be 1 or more a minute, not " + scanPerMinute);
        }
        this.quotaPerMinute = quotaPerMinute <= 0 ? Integer.MAX_VALUE / 4 : quotaPerMinute;
        this.scanPerMinute = Math.min(scanPerMinute, this.quotaPerMinute);
        this.ticker = ticker;
        this.gateScanRoom = gateScanRoom;
    }

    /** What a run of {@code scope} may spend, reserved now, its connector listing one request. */
    public synchronized void reserve(RunScope scope, int managedFlows) {
        reserve(scope, managedFlows, 1);
    }

    /** @param listing the requests the connector listing takes (its pages) */
    public synchronized void reserve(RunScope scope, int managedFlows, int listing) {
        int flows = scope.scope().partial() ? scope.scope().size() : managedFlows;
        if (scope.kind() == RunScope.Kind.IDLE) {
            return;
        }
        int requests = flows + Math.max(1, listing) + (scope.kind() == RunScope.Kind.TARGETED ? 2 * flows : 0);
        spent.addLast(new long[] {ticker.getAsLong(), requests, scope.kind().scanTraffic() ? 1 : 0});
    }

    @Override
    public synchronized int scan() {
        forgetOld();
        return Math.max(0, Math.min(Math.min(scanPerMinute - sum(true), priority()), gateScanRoom.getAsInt()));
    }

    @Override
    public synchronized int priority() {
        forgetOld();
        return Math.max(0, quotaPerMinute - sum(false));
    }

    @Override
    public int perMinute() {
        return quotaPerMinute;
    }

    @Override
    public int scanPerMinute() {
        return scanPerMinute;
    }

    private int sum(boolean scanOnly) {
        long total = 0;
        for (long[] entry : spent) {
            if (!scanOnly || entry[2] == 1) {
                total += entry[1];
            }
        }
        return (int) Math.min(Integer.MAX_VALUE, total);
    }

    private void forgetOld() {
        long now = ticker.getAsLong();
        while (!spent.isEmpty() && now - spent.peekFirst()[0] >= MINUTE) {
            spent.pollFirst();
        }
    }
}
