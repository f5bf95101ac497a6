package io.userflowsync.simulator;

import java.time.Instant;

/**
 * One entry of the simulated tenant's directory audit log (directoryaudit.md, microsoftgraph/microsoft-graph-docs-contrib).
 *
 * @param sequence the order entries were recorded in; ties on {@code at} are broken by it (newest first)
 * @param flowId   the one target resource: the user flow whose configuration changed
 */
public record AuditRecord(long sequence, String id, Instant at, String activity, String loggedByService,
                          String category, AuditActor actor, String flowId, String result) {
}
