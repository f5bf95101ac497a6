package io.userflowsync.graph;

import io.userflowsync.model.GraphError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Sends a call, and sends it again while the answer is throttling or a transient failure and attempts remain. */
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

    RetryingSender(CamelHttpTransport http, RetryPolicy retry, GraphErrors errors, Attempts attempts) {
        this.http = http;
        this.retry = retry;
        this.errors = errors;
        this.attempts = attempts;
    }

    GraphErrors errors() {
        return errors;
    }

    /** The last answer, which may still be an error; throws only when the final attempt got no HTTP answer. */
    HttpAnswer send(HttpCall call) throws GraphException {
        for (int attempt = 1; ; attempt++) {
            HttpAnswer answer;
            long start = System.nanoTime();
            try {
                answer = http.send(call);
                observe(call, answer.status() == 0 ? OptionalInt.empty() : OptionalInt.of(answer.status()), start);
            } catch (IOException e) {
                observe(call, OptionalInt.empty(), start);
                GraphError noAnswer = errors.noAnswer(e);
                if (attempt >= retry.maxAttempts()) {
                    throw new GraphException(call.method() + " " + pathOf(call), noAnswer);
                }
                answer = null;
                LOG.warn("{} {}: no answer ({}), attempt {} of {}", call.method(), pathOf(call), noAnswer.message(),
                        attempt, retry.maxAttempts());
            }
            if (answer != null && (!RetryPolicy.retryable(answer.status()) || attempt >= retry.maxAttempts())) {
                return answer;
            }
            Duration wait = retry.delay(attempt, answer == null ? Optional.empty() : answer.retryAfter());
            if (answer != null) {
                GraphError e = errors.from(answer);
                LOG.warn("{} {}: {}, retrying in {} ms (attempt {} of {})", call.method(), pathOf(call), e.describe(),
                        wait.toMillis(), attempt, retry.maxAttempts());
            }
            sleep(wait);
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

    private static void sleep(Duration d) throws GraphException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("waiting to retry", new GraphError(0, "interrupted", "run cancelled",
                    Optional.empty()));
        }
    }
}
