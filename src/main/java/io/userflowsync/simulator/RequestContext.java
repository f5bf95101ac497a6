package io.userflowsync.simulator;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The identifiers of one request, which every Graph error body echoes ({@code innerError}), and the simulator's
 * "now" for it.
 */
record RequestContext(String requestId, String clientRequestId, Instant now) {

    /** The {@code innerError.date} form, e.g. {@code 2026-01-05T10:11:12Z}. */
    String date() {
        return now.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
