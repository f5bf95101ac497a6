package io.userflowsync.graph;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a call again and how long to wait: throttling (429) and transient service errors (503, 504) and
 * calls that got no answer. {@code Retry-After} is honoured (capped); otherwise exponential backoff with full jitter.
 */
public record RetryPolicy(int maxAttempts, Duration maxRetryAfter, Duration baseBackoff, Duration maxBackoff) {

    public static RetryPolicy of(int maxAttempts, Duration maxRetryAfter) {
        return new RetryPolicy(maxAttempts, maxRetryAfter, Duration.ofMillis(500), Duration.ofSeconds(30));
    }

    static boolean retryable(int status) {
        return status == 429 || status == 503 || status == 504 || status == 0;
    }

    /** How long to wait before attempt {@code attempt + 1} (attempt counts from 1). */
    Duration delay(int attempt, Optional<String> retryAfter) {
        Optional<Duration> asked = retryAfter.flatMap(RetryPolicy::parseSeconds);
        if (asked.isPresent()) {
            return asked.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : asked.get();
        }
        long ceiling = Math.min(maxBackoff.toMillis(), baseBackoff.toMillis() << Math.min(attempt - 1, 16));
        return Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    }

    private static Optional<Duration> parseSeconds(String value) {
        try {
            long s = Long.parseLong(value.trim());
            return s < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(s));
        } catch (NumberFormatException httpDate) {
            return Optional.empty();
        }
    }
}
