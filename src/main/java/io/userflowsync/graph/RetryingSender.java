package io.userflowsync.graph;

import io.userflowsync.model.GraphError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;

/** Sends a call, and sends it again while the answer is throttling or a transient failure and attempts remain. */
final class RetryingSender {
    private static final Logger LOG = LoggerFactory.getLogger(RetryingSender.class);

    private final CamelHttpTransport http;
    private final RetryPolicy retry;

    RetryingSender(CamelHttpTransport http, RetryPolicy retry) {
        this.http = http;
        this.retry = retry;
    }

    /** The last answer, which may still be an error; throws only when the final attempt got no HTTP answer. */
    HttpAnswer send(HttpCall call) throws GraphException {
        for (int attempt = 1; ; attempt++) {
            HttpAnswer answer;
            try {
                answer = http.send(call);
            } catch (IOException e) {
                if (attempt >= retry.maxAttempts()) {
                    throw new GraphException(call.method() + " " + pathOf(call), GraphErrors.noAnswer(e));
                }
                answer = null;
                LOG.warn("{} {}: no answer ({}), attempt {} of {}", call.method(), pathOf(call), e.getMessage(),
                        attempt, retry.maxAttempts());
            }
            if (answer != null && (!RetryPolicy.retryable(answer.status()) || attempt >= retry.maxAttempts())) {
                return answer;
            }
            Duration wait = retry.delay(attempt, answer == null ? java.util.Optional.empty() : answer.retryAfter());
            if (answer != null) {
                GraphError e = GraphErrors.from(answer);
                LOG.warn("{} {}: {}, retrying in {} ms (attempt {} of {})", call.method(), pathOf(call), e.describe(),
                        wait.toMillis(), attempt, retry.maxAttempts());
            }
            sleep(wait);
        }
    }

    static String pathOf(HttpCall call) {
        String url = call.url();
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    private static void sleep(Duration d) throws GraphException {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException("waiting to retry", new GraphError(0, "interrupted", "run cancelled",
                    java.util.Optional.empty()));
        }
    }
}
