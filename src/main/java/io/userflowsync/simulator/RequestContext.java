package io.userflowsync.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Set;

/**
 * The identifiers of one request, which every Graph error body echoes ({@code innerError}), the simulator's "now" for
 * it, and the application permissions ({@code roles}) of the token it came with, which {@link RoleCheck} checks.
 */
record RequestContext(String requestId, String clientRequestId, Instant now, Set<String> roles) {

    RequestContext {
        roles = Set.copyOf(roles);
    }

    /** A request not (yet) authorised: no roles. */
    RequestContext(String requestId, String clientRequestId, Instant now) {
        this(requestId, clientRequestId, now, Set.of());
    }

    RequestContext withRoles(Set<String> granted) {
        return new RequestContext(requestId, clientRequestId, now, granted);
    }

    /** The {@code innerError.date} form, e.g. {@code 2026-01-05T10:11:12Z}. */
    String date() {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
