package io.userflowsync.graph;

import java.time.Duration;
import java.util.OptionalInt;

/**
 * Told about every HTTP request the Graph client sends, retries included, and what they spend of the app's quota,
 * so that the daemon can meter Graph traffic without the client knowing about Micrometer or Prometheus. Gets facts
 * of bounded variety only: method, status, time, traffic class; never a URL, a flow id or a header.
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
     * Requests were held back this long by throttling: a 429's {@code Retry-After}, or the client's own budget
     * ({@code graph.quota-per-minute}, {@code sync.scan-per-minute}). Concurrent waits are counted once.
     */
    default void throttleWait(Duration waited) {
    }

    /**
     * The client let {@code requests} Graph requests go as {@code traffic}: what they spend of the quota, each
     * request inside a {@code $batch} counted on its own, as Graph counts them (json-batching.md), retries included.
     */
    default void budgetSpent(Traffic traffic, int requests) {
    }

    /**
     * Graph answered 429 to {@code requests} requests of {@code traffic}: each one inside a batch, every request of
     * a batch answered 429 as a whole.
     */
    default void budgetRefused(Traffic traffic, int requests) {
    }

    /**
     * The client is about to read the bindings of {@code flows} flows (one request each, batched); their answers are
     * {@link #graphRequest} calls with method {@code GET}. Tells a progress line what "all" is.
     */
    default void readingFlows(int flows) {
    }

    /** Tells {@code first}, then {@code second}, each of everything; a failing one does not keep the other uninformed. */
    static GraphObserver both(GraphObserver first, GraphObserver second) {
        return new GraphObserver() {
            @Override
            public void graphRequest(String method, OptionalInt status, Duration elapsed) {
                first.graphRequest(method, status, elapsed);
                second.graphRequest(method, status, elapsed);
            }

            @Override
            public void batchedRequest(String method, int status) {
                first.batchedRequest(method, status);
                second.batchedRequest(method, status);
            }

            @Override
            public void tokenRequest(OptionalInt status, Duration elapsed) {
                first.tokenRequest(status, elapsed);
                second.tokenRequest(status, elapsed);
            }

            @Override
            public void throttleWait(Duration waited) {
                first.throttleWait(waited);
                second.throttleWait(waited);
            }

            @Override
            public void budgetSpent(Traffic traffic, int requests) {
                first.budgetSpent(traffic, requests);
                second.budgetSpent(traffic, requests);
            }

            @Override
            public void budgetRefused(Traffic traffic, int requests) {
                first.budgetRefused(traffic, requests);
                second.budgetRefused(traffic, requests);
            }

            @Override
            public void readingFlows(int flows) {
                first.readingFlows(flows);
                second.readingFlows(flows);
            }
        };
    }
}
