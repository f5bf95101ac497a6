package io.userflowsync.graph;

/**
 * What a run's Graph requests are for, which decides what they may spend of the app's quota per minute
 * ({@link GraphClient#beginRun(Traffic)}). Graph allows one app 200 requests a minute per tenant on user flows and
 * API connectors, and all apps of the tenant 300 together, each request inside a {@code $batch} counted on its own
 * (microsoft-graph-docs-contrib, includes/throttling-cpim.md in concepts/throttling-limits.md; concepts/json-batching.md).
 */
public enum Traffic {
    /**
     * Pushed changes, operators' CLI runs, the re-reads after writes: spends the whole ceiling
     * ({@code graph.quota-per-minute}, less after Graph refused requests), whatever scans have spent.
     */
    PRIORITY,
    /**
     * The daemon's drift scans: held to its own share ({@code sync.scan-per-minute}) within the same ceiling, so
     * that it never spends the room pushed changes need beyond that share.
     */
    SCAN
}
