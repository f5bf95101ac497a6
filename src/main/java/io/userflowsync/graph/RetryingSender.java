package io.userflowsync.graph;

import io.userflowsync.model.GraphError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Sends a call through the {@link RequestGate}, and sends it again while the answer is throttling or a transient
 * failure and attempts remain. A 429 pauses the gate for everyone (Graph's throttling guidance: honour the
 * {@code Retry-After}, concepts/throttling.md) and this call waits in it like every other; a 503, 504 or no answer
 * waits for this call alone.
 */
final class RetryingSender {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    /** Where each attempt is reported: as a Graph request or as a token request. */
    @FunctionalInterface
    interface Attempts {
        void sent(String method, OptionalInt status, Duration elapsed);
    }

    private final CamelHttpTransport http;
    private final RetryPolicy retry;
    private final GraphErrors errors;
    private final Attempts attempts;
    private final RequestGate gate;

    RetryingSender(CamelHttpTransport http, RetryPolicy retry, GraphErrors errors, Attempts attempts,
                   RequestGate gate) {
        this.http = http;
        this.retry = retry;
        this.errors = errors;
        this.attempts = attempts;
        this.gate = gate;
    }

    GraphErrors errors() {
        return errors;
    }

    RetryPolicy retryPolicy() {
        return retry;
    }

    RequestGate gate() {
        return gate;
    }

    /** As {@link #send(HttpCall, int)} for a call that is one request. */
    HttpAnswer send(HttpCall call) throws GraphException {
        return send(call, 1);
    }

    /**
     * The last answer, which may still be an error; throws only when the final attempt got no HTTP answer.
     *
     * @param items how many Graph requests the call carries (a {@code $batch}: its requests), for the budget per
     *              minute; a 429 to the call as a whole refuses them all
     */
    HttpAnswer send(HttpCall call, int items) throws GraphException {
        for (int attempt = 1; ; attempt++) {
            HttpAnswer answer = null;
            IOException noAnswer = null;
            boolean throttled = false;
            Duration wait = Duration.ZERO;
            long[] sent = enter(items);
            long start = System.nanoTime();
            try {
                answer = http.send(call);
                observe(call, answer.status() == 0 ? OptionalInt.empty() : OptionalInt.of(answer.status()), start);
            } catch (IOException e) {
                observe(call, OptionalInt.empty(), start);
                noAnswer = e;
            } finally {
                throttled = answer != null && answer.status() == 429;
                wait = retry.delay(attempt, answer == null ? Optional.empty() : answer.retryAfter());
                if (throttled) {
                    // Before this request leaves the gate, so that nobody starts one in between.
                    gate.throttled(wait, items);
                }
                gate.release(sent, throttled);
            }
            if (noAnswer != null) {
                GraphError error = errors.noAnswer(noAnswer);
                if (attempt >= retry.maxAttempts()) {
                    throw new GraphException(call.method() + " " + pathOf(call), error);
                }
                LOG.warn("{} {}: no answer ({}), attempt {} of {}", call.method(), pathOf(call), error.message(),
                        attempt, retry.maxAttempts());
                sleep(wait);
                continue;
            }
            if (!RetryPolicy.retryable(answer.status()) || attempt >= retry.maxAttempts()) {
                return answer;
            }
            GraphError error = errors.from(answer);
            if (throttled) {
                // The gate holds this attempt (and everyone else's) until the wait has passed, and logs it once.
                LOG.debug("{} {}: {}, retrying after {} ms (attempt {} of {})", call.method(), pathOf(call),
                        error.describe(), wait.toMillis(), attempt, retry.maxAttempts());
            } else {
                LOG.warn("{} {}: {}, retrying in {} ms (attempt {} of {})", call.method(), pathOf(call),
                        error.describe(), wait.toMillis(), attempt, retry.maxAttempts());
                sleep(wait);
            }
        }
    }

    private long[] enter(int items) throws GraphException {
        try {
            return gate.acquire(items);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    /** Metrics must never fail a call. */
    private void observe(HttpCall call, OptionalInt status, long startNanos) {
        try {
            attempts.sent(call.method(), status, Duration.ofNanos(System.nanoTime() - startNanos));
        } catch (RuntimeException e) {
            LOG.debug("observing a Graph request failed", e);
        }
    }

    /** The URL without its query, for log lines and errors; made safe, as a next link comes from an answer. */
    private String pathOf(HttpCall call) {
        String url = call.url();
        int q = url.indexOf('?');
        return errors.safe(q < 0 ? url : url.substring(0, q));
    }

    static void sleep(Duration d) throws GraphException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted();
        }
    }

    static GraphException interrupted() {
        return new GraphException("waiting to retry", new GraphError(0, "interrupted", "run cancelled",
                Optional.empty()));
    }
}
