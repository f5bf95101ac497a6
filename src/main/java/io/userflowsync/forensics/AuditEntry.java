package io.userflowsync.forensics;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the agent keeps of one directoryAudit (directoryaudit.md, microsoftgraph/microsoft-graph-docs-contrib): when,
 * which activity, who ({@code initiatedBy}: a user or an app, absent when the entry names neither) and the ids and
 * displayNames of its {@code targetResources}.
 *
 * @param id the entry's {@code id} ({@code ""} when the log gives none): what tells an entry read twice apart
 */
public record AuditEntry(String id, Instant at, String activity, Optional<Initiator> initiatedBy,
                         List<Target> targets) {

    public AuditEntry {
        targets = List.copyOf(targets);
    }

    /** An entry whose id does not matter (forensics matches on time, initiator and targets). */
    public AuditEntry(Instant at, String activity, Optional<Initiator> initiatedBy, List<Target> targets) {
        this("", at, activity, initiatedBy, targets);
    }

    /** One of {@code targetResources}: id, displayName and type as the log gives them (any may be empty). */
    public record Target(String id, String displayName, String type) {
    }

    /**
     * {@code initiatedBy.user} (named by its userPrincipalName, else displayName, else id) or {@code initiatedBy.app}
     * (named by its displayName, else appId).
     *
     * @param appId the app's appId (client id); empty for a user
     */
    public record Initiator(Attribution.ActorType type, String name, String appId) {
    }
}
