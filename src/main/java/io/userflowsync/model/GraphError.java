package io.userflowsync.model;

import java.util.Optional;

/**
 * A failed Graph call, with what Microsoft support asks for: HTTP status, Graph error code, message, request-id.
 * Status 0 means no HTTP answer at all (connection refused, timeout).
 */
public record GraphError(int status, String code, String message, Optional<String> requestId) {

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(status == 0 ? "no HTTP answer" : "HTTP " + status);
        if (code != null && !code.isEmpty()) {
            sb.append(' ').append(code);
        }
        if (message != null && !message.isEmpty()) {
            sb.append(": ").append(message);
        }
        requestId.ifPresent(id -> sb.append(" (request-id ").append(id).append(')'));
        return sb.toString();
    }
}
