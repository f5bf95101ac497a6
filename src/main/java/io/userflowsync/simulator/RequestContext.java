package io.userflowsync.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The identifiers of one request, which every Graph error body echoes ({@code innerError}), the simulator's "now" for
 * it, the application permissions ({@code roles}) of the token it came with, which {@link RoleCheck} checks, and the
 * app the token was issued to ({@code appid}), which {@link QuotaWindows} counts the request against.
 */
record RequestContext(String requestId, String clientRequestId, Instant now, Set<String> roles,
                      Optional<String> appId) {

    RequestContext {
        roles = Set.copyOf(roles);
        Objects.requireNonNull(appId, "appId");
    }

    /** A request not (yet) authorised: no roles, no app. */
    RequestContext(String requestId, String clientRequestId, Instant now) {
        this(requestId, clientRequestId, now, Set.of(), Optional.empty());
    }

    /** The request as its token authorises it: the token's roles and the app it was issued to. */
    RequestContext authorizedAs(Set<String> granted, Optional<String> app) {
        return new RequestContext(requestId, clientRequestId, now, granted, app);
    }

    /** A request inside this {@code $batch}: its own ids, the batch's time, token and app. */
    RequestContext inner(String innerRequestId, String innerClientRequestId) {
        return new RequestContext(innerRequestId, innerClientRequestId, now, roles, appId);
    }

    /** The {@code innerError.date} form, e.g. {@code 2026-01-05T10:11:12Z}. */
    String date() {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
