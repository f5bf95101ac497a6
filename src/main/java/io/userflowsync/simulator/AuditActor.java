package io.userflowsync.simulator;

import java.util.Objects;
import java.util.UUID;

/**
 * Who made a change the simulated tenant records in its audit log: a user (by userPrincipalName) or an app (by appId
 * and displayName), the two shapes of {@code initiatedBy} in a directoryAudit (auditActivityInitiator.md,
 * microsoftgraph/microsoft-graph-docs-contrib: {@code user} is a userIdentity, {@code app} an appIdentity).
 */
public record AuditActor(boolean isUser, String id, String name, String appId) {

    public AuditActor {
        Objects.requireNonNull(id);
        Objects.requireNonNull(name);
        Objects.requireNonNull(appId);
    }

    /** A person signed in to the portal (or PowerShell) with this userPrincipalName. */
    public static AuditActor user(String userPrincipalName) {
        return new AuditActor(true, UUID.nameUUIDFromBytes(userPrincipalName.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString(), userPrincipalName, "");
    }

    /** An application (a script, another automation) with this appId (client id) and displayName. */
    public static AuditActor app(String appId, String displayName) {
        return new AuditActor(false, UUID.nameUUIDFromBytes(appId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString(), displayName, appId);
    }
}
