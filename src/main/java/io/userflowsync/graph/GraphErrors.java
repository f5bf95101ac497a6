package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.model.GraphError;

import java.io.IOException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Turns an error answer into a {@link GraphError}: Graph's {@code {"error":{...}}} or OAuth's {@code {"error":"..."}}.
 *
 * <p>Every piece of text in it comes from someone else (Graph, the token endpoint, a proxy, the HTTP client), so each
 * is made safe to print here, once, before it reaches an exception, a log line or a plan: known secrets masked in
 * any encoding (issue 6 item 4: an endpoint that echoes the request would otherwise print
 * {@code client_secret=Zq8%7E...}), control characters and line breaks turned into spaces so that an error stays on
 * one log or plan line, and the length capped after masking, so that the cap cannot cut a secret in half and leave
 * its head behind.
 */
final class GraphErrors {
    static final int MAX_MESSAGE = 500;
    /** Error codes and request ids are short; anything longer is not one. */
    static final int MAX_SHORT = 100;
    private static final Pattern LINE_BREAKS_AND_CONTROLS = Pattern.compile("[\\p{Cc}\\u2028\\u2029]+");

    private final SecretScrubber scrubber;

    GraphErrors(SecretScrubber scrubber) {
        this.scrubber = scrubber;
    }

    GraphError from(HttpAnswer answer) {
        String code = "";
        String message = "";
        Optional<String> requestId = answer.requestId();
        try {
            JsonNode root = answer.body().length == 0 ? null : GraphCaller.JSON.readTree(answer.body());
            JsonNode error = root == null ? null : root.get("error");
            if (error != null && error.isObject()) {
                code = error.path("code").asText("");
                message = error.path("message").asText("");
                JsonNode inner = error.has("innerError") ? error.get("innerError") : error.path("innererror");
                String fromBody = inner.path("request-id").asText("");
                if (!fromBody.isEmpty()) {
                    requestId = Optional.of(fromBody);
                }
            } else if (error != null && error.isTextual()) {
                code = error.asText();
                message = root.path("error_description").asText("");
            }
        } catch (IOException notJson) {
            message = "non-JSON error body";
        }
        return new GraphError(answer.status(), safe(code, MAX_SHORT), safe(message, MAX_MESSAGE),
                requestId.map(id -> safe(id, MAX_SHORT)).filter(id -> !id.isEmpty()));
    }

    /** An answer that is a success but cannot be used (not JSON, no token): our code and message, its request-id. */
    GraphError unusable(HttpAnswer answer, String code, String message) {
        return new GraphError(answer.status(), code, message,
                answer.requestId().map(id -> safe(id, MAX_SHORT)).filter(id -> !id.isEmpty()));
    }

    /** No HTTP answer at all: the HTTP client's exception message, made safe like an answer's text. */
    GraphError noAnswer(IOException e) {
        return new GraphError(0, "", safe(e.getMessage(), MAX_MESSAGE), Optional.empty());
    }

    /** Text that did not come from us (a URL from {@code @odata.nextLink}, an exception message), safe to print. */
    String safe(String text) {
        return safe(text, MAX_MESSAGE);
    }

    /** Secrets masked, then on one line, then at most {@code max} characters (and an ellipsis). */
    String safe(String text, int max) {
        String oneLine = LINE_BREAKS_AND_CONTROLS.matcher(scrubber.scrub(text)).replaceAll(" ").strip();
        if (oneLine.length() <= max) {
            return oneLine;
        }
        int end = Character.isHighSurrogate(oneLine.charAt(max - 1)) ? max - 1 : max;
        return oneLine.substring(0, end) + "…";
    }
}
