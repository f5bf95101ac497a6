package io.userflowsync.simulator;

import java.time.Instant;

/**
 * One entry of the simulated tenant's directory audit log (directoryaudit.md, microsoftgraph/microsoft-graph-docs-contrib).
 *
 * @param sequence   the order entries were recorded in; ties on {@code at} are broken by it (newest first)
 * @param flowId     the id of the one target resource: the user flow whose configuration changed, or the API
 *                   connector, custom authentication extension or authentication event listener written (the name
 *                   is kept for its older callers)
 * @param targetName the target's {@code displayName} in {@code targetResources} (a flow's, a connector's and a
 *                   listener's: its id)
 * @param targetType the target's {@code type} in {@code targetResources} ({@code Policy}; a listener's
 *                   {@code AuthenticationEventListener})
 */
public record AuditRecord(long sequence, String id, Instant at, String activity, String loggedByService,
                          String category, AuditActor actor, String flowId, String result, String targetName,
                          String targetType) {

    /** An entry whose target is named by its id, of type {@code Policy}: a user flow's or a connector's. */
    public AuditRecord(long sequence, String id, Instant at, String activity, String loggedByService,
                       String category, AuditActor actor, String flowId, String result) {
        this(sequence, id, at, activity, loggedByService, category, actor, flowId, result, flowId, "Policy");
    }

    /** The target resource's id (the same as {@link #flowId()}, under a name that fits every target). */
    public String targetId() {
        return flowId;
    }
}
