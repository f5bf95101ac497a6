package io.userflowsync.notify;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard one notification is tried: a 5xx, a 429 or no answer is tried again after an exponential backoff with
 * jitter, or after the receiver's {@code Retry-After} (capped), until {@code maxAttempts} or until the next try would
 * start later than {@code deadline} after the first; a notification is thus given up within
 * {@code deadline + requestTimeout}.
 *
 * @param firstBackoff  the wait before the second try; it doubles for each try after that
 * @param maxRetryAfter the longest {@code Retry-After} honoured (Slack answers 429 with one when a webhook posts more
 *                      than about one message a second; Teams throttles a webhook past four requests a second)
 */
public record RetryPolicy(int maxAttempts, Duration firstBackoff, Duration maxRetryAfter, Duration deadline,
                          Duration connectTimeout, Duration requestTimeout) {
    /** Four tries within about a minute; 10 s for an answer. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(4, Duration.ofSeconds(2), Duration.ofSeconds(30),
            Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10));

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** The wait after try {@code attempt} (1-based): firstBackoff × 2^(attempt-1), between 75 % and 125 % of it. */
    Duration backoff(int attempt) {
        long base = firstBackoff.toMillis() << Math.min(attempt - 1, 16);
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.round(base * jitter));
    }
}
