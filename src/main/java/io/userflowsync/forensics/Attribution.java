package io.userflowsync.forensics;

import java.time.Instant;
import java.util.Locale;

/**
 * Who most recently changed a drifted flow outside the agent, by the directory audit log.
 *
 * @param actor    a user's userPrincipalName, or an app's displayName
 * @param activity the audit activity, e.g. {@code Update user flow}
 */
public record Attribution(String actor, ActorType actorType, Instant at, String activity) {

    public enum ActorType {
        USER, APP;

        /** {@code user} or {@code app}: the value of {@code actorType} in JSON. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** {@code changed outside by alice@contoso.com at 2026-11-25T08:01:02Z (Update user flow)} */
    public String describe() {
        return "changed outside by " + (actorType == ActorType.APP ? "app " : "") + actor + " at " + at
                + " (" + activity + ")";
    }
}
