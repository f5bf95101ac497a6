package io.userflowsync.trigger;

import org.apache.camel.Exchange;
import org.apache.camel.spi.HeaderFilterStrategy;

import java.util.Locale;
import java.util.Set;

/**
 * The platform-http component's header filter (set for the daemon by pipeline/AgentRuntime): request headers, query
 * parameters and form fields never become message headers, and of the message headers only Content-Type becomes a
 * response header. Camel otherwise copies the message headers into the answer, so {@code GET /status?Set-Cookie=a%3Db}
 * answered {@code Set-Cookie: a=b} (issue 6, item 1). The routes remove their headers before answering too; this
 * makes a route that forgets it safe as well. Routes read what they need from the Vert.x request itself.
 */
public final class HttpHeaderAllowList implements HeaderFilterStrategy {
    // Retry-After: a standby that could not pass a push on answers 503 with it (issue 8 item 4).
    private static final Set<String> RESPONSE_HEADERS = Set.of("content-type", "retry-after");

    /** Message header to HTTP response: only those on the list. */
    @Override
    public boolean applyFilterToCamelHeaders(String headerName, Object headerValue, Exchange exchange) {
        return !RESPONSE_HEADERS.contains(headerName.toLowerCase(Locale.ROOT));
    }

    /** HTTP request (headers, query, form) to message header: none. */
    @Override
    public boolean applyFilterToExternalHeaders(String headerName, Object headerValue, Exchange exchange) {
        return true;
    }
}
