package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.model.GraphError;

import java.io.IOException;
import java.util.Optional;

/** Turns an error answer into a {@link GraphError}: Graph's {@code {"error":{...}}} or OAuth's {@code {"error":"..."}}. */
final class GraphErrors {
    private static final int MAX_MESSAGE = 500;

    private GraphErrors() {
    }

    static GraphError from(HttpAnswer answer) {
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
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new GraphError(answer.status(), code, message, requestId);
    }

    static GraphError noAnswer(IOException e) {
        return new GraphError(0, "", e.getMessage(), Optional.empty());
    }
}
