/**
 * Spending Graph's quota well: which flows a run reads ({@link io.userflowsync.scan.ScopeChooser}, pure), the
 * changes a new revision makes ({@link io.userflowsync.scan.DesiredDiff}, pure), and the rolling scan's cursor that
 * survives restarts ({@link io.userflowsync.scan.ScanCursor}).
 *
 * <p>Graph allows one app 200 requests a minute per tenant on user flows and API connectors, 300 for all apps,
 * each request inside a {@code $batch} counted (microsoftgraph/microsoft-graph-docs-contrib,
 * includes/throttling-cpim.md). Reading every flow on every trigger does not fit that at any real size, so the daemon
 * reads first what a new revision changes and what the directory audit log says was changed outside the agent
 * ({@link io.userflowsync.scan.AuditWatcher}), and verifies the rest in a rolling scan paced by its scan budget.
 */
package io.userflowsync.scan;
