package io.userflowsync.simulator;

import java.util.Optional;

/**
 * A create or update body understood ({@code write}), or the Graph error that refuses it: 400 {@code invalidRequest}
 * for a body Graph rejects, 501 for one the simulator does not model.
 */
record ParsedWrite<W>(Optional<W> write, int status, String code, String message) {
    static final String INVALID = "invalidRequest";

    static <W> ParsedWrite<W> ok(W write) {
        return new ParsedWrite<>(Optional.of(write), 0, "", "");
    }

    static <W> ParsedWrite<W> invalid(String message) {
        return new ParsedWrite<>(Optional.empty(), 400, INVALID, message);
    }

    static <W> ParsedWrite<W> notModelled(String message) {
        return new ParsedWrite<>(Optional.empty(), 501, "NotImplemented", message);
    }

    SimResponse refusal(RequestContext context) {
        return SimResponse.graphError(context, status, code, message);
    }
}
