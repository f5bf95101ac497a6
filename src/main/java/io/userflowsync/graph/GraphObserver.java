package io.userflowsync.graph;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Told about every HTTP request the Graph client sends, retries included, so that the daemon can meter Graph traffic
 * (issue 6 item 12) without the client knowing about Micrometer or Prometheus. Gets facts of bounded variety only:
 * method, status, time; never a URL, a flow id or a header.
 */
public interface GraphObserver {
    /** Observes nothing (one-off use, tests). */
    GraphObserver NONE = new GraphObserver() {
        @Override
        public void graphRequest(String method, OptionalInt status, Duration elapsed) {
        }

        @Override
        public void tokenRequest(OptionalInt status, Duration elapsed) {
        }
    };

    /** One request to Graph: its method, the HTTP status (empty when no answer came), how long it took. */
    void graphRequest(String method, OptionalInt status, Duration elapsed);

    /** One request to the token endpoint, likewise. */
    void tokenRequest(OptionalInt status, Duration elapsed);

    /**
     * One request inside a {@code $batch} (the batch itself is a {@link #graphRequest} {@code POST}): its own method
     * and the status it was answered, each retry counted. Graph counts each of them against its limits.
     */
    default void batchedRequest(String method, int status) {
    }

    /**
     * Requests were held back this long by throttling: a 429's {@code Retry-After}, or the client's own
     * {@code graph.max-requests-per-minute}. Concurrent waits are counted once.
     */
    default void throttleWait(Duration waited) {
    }
}
