package io.userflowsync.notify;

import io.userflowsync.config.SecretScrubber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;

/**
 * Delivers notifications to one receiver, in order, on a thread of its own, so a slow or hanging receiver delays
 * only its own messages and never a run (issue 8, item 3). The queue is bounded: when it is full the oldest waiting
 * notification is dropped (and counted) to make room for the newest.
 *
 * <p>The JDK's HttpClient rather than camel-http: a notification is no part of the Camel routes, and this way it
 * shares nothing with the Graph client (whose Apache HttpClient retries 429 and 503 on its own unless told not to,
 * and whose component settings are tuned for Graph); retries, {@code Retry-After} and timeouts are all here, where
 * they can be read. Redirects are not followed: a webhook URL that redirects would send the payload to a place
 * nobody configured.
 *
 * <p>Logs name the receiver by format, position and host only ({@link NotifyTarget#describe()}): the URL is a secret.
 */
final class WebhookSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookSender.class);
    private static final int ANSWER_BYTES_LOGGED = 200;

    private final NotifyTarget target;
    private final HttpClient http;
    private final RetryPolicy policy;
    private final NotificationMetrics metrics;
    private final SecretScrubber scrubber;
    private final Function<RunEvent, byte[]> render;
    private final String userAgent;
    private final int capacity;
    private final Deque<RunEvent> queue = new ArrayDeque<>();
    private final Thread worker;
    private boolean closed;   // guarded by queue
    private long droppedSinceLogged;   // guarded by queue
    /** Statuses refused since the last success, logged once each (worker thread only). */
    private final Set<Integer> refusalsLogged = new HashSet<>();

    WebhookSender(NotifyTarget target, HttpClient http, RetryPolicy policy, NotificationMetrics metrics,
                  SecretScrubber scrubber, Function<RunEvent, byte[]> render, String userAgent, int capacity) {
        this.target = target;
        this.http = http;
        this.policy = policy;
        this.metrics = metrics;
        this.scrubber = scrubber;
        this.render = render;
        this.userAgent = userAgent;
        this.capacity = capacity;
        metrics.register(target.format());
        this.worker = new Thread(this::work, "notify-" + target.position() + "-" + target.format().label());
        // a notification still waiting never keeps the JVM from stopping
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Queues a notification and returns at once, whatever the receiver is doing. Nothing is logged here, on the
     * run's thread: a drop is counted, and the worker says how many it missed once it takes the next one (the
     * benchmark found one WARN per drop on the run's thread costing runs up to 55 ms each during a flood).
     */
    void submit(RunEvent event) {
        boolean dropped;
        synchronized (queue) {
            dropped = closed || queue.size() >= capacity;
            if (!closed) {
                if (dropped) {
                    queue.pollFirst();
                    droppedSinceLogged++;
                }
                queue.addLast(event);
                queue.notifyAll();
            }
        }
        if (dropped) {
            metrics.count(target.format(), NotificationMetrics.Outcome.DROPPED);
        }
    }

    private void work() {
        while (true) {
            RunEvent next;
            long missed;
            synchronized (queue) {
                while (queue.isEmpty() && !closed) {
                    try {
                        queue.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
                next = queue.pollFirst();
                missed = droppedSinceLogged;
                droppedSinceLogged = 0;
            }
            if (missed > 0) {
                LOG.warn("{} notification(s) to {} dropped while it did not answer: {} can wait for it", missed,
                        target, capacity);
            }
            try {
                deliver(next);
            } catch (RuntimeException e) {
                metrics.count(target.format(), NotificationMetrics.Outcome.FAILED);
                LOG.error("Notification '{}' to {} broke on an unexpected error", next.kind().label(), target, e);
            }
        }
    }

    private void deliver(RunEvent event) {
        HttpRequest request = HttpRequest.newBuilder(target.uri()).timeout(policy.requestTimeout())
                .header("Content-Type", "application/json; charset=utf-8").header("User-Agent", userAgent)
                .POST(HttpRequest.BodyPublishers.ofByteArray(render.apply(event))).build();
        long started = System.nanoTime();
        Attempt last;
        int attempt = 0;
        while (true) {
            attempt++;
            Optional<Attempt> answer = send(request);
            if (answer.isEmpty()) {
                metrics.count(target.format(), NotificationMetrics.Outcome.DROPPED);   // stopped while sending
                return;
            }
            last = answer.get();
            if (last.succeeded()) {
                refusalsLogged.clear();
                metrics.count(target.format(), NotificationMetrics.Outcome.SENT);
                LOG.info("Notification '{}' sent to {}{}", event.kind().label(), target,
                        attempt > 1 ? " (try " + attempt + ")" : "");
                return;
            }
            if (!last.retryable()) {
                metrics.count(target.format(), NotificationMetrics.Outcome.FAILED);
                refused(event, last);
                return;
            }
            if (attempt >= policy.maxAttempts()) {
                break;
            }
            Duration wait = wait(last, attempt);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            if (elapsed.plus(wait).compareTo(policy.deadline()) > 0) {
                break;
            }
            LOG.debug("Notification '{}' to {}: {}; trying again in {} ms", event.kind().label(), target,
                    last.problem(), wait.toMillis());
            if (!pause(wait)) {
                metrics.count(target.format(), NotificationMetrics.Outcome.DROPPED);   // stopped while waiting
                return;
            }
        }
        metrics.count(target.format(), NotificationMetrics.Outcome.FAILED);
        LOG.warn("Notification '{}' to {} failed after {} tries: {}; the runs go on", event.kind().label(), target,
                attempt, last.problem());
    }

    /** The receiver's Retry-After, capped, or else the backoff after this try. */
    private Duration wait(Attempt answer, int attempt) {
        return answer.retryAfter().map(r -> r.compareTo(policy.maxRetryAfter()) > 0 ? policy.maxRetryAfter() : r)
                .orElseGet(() -> policy.backoff(attempt));
    }

    /** A 3xx or 4xx other than 429: sending the same body again would be refused again. One WARN per status. */
    private void refused(RunEvent event, Attempt answer) {
        String line = "Notification '" + event.kind().label() + "' to " + target + " refused: " + answer.problem()
                + "; not retried (check the URL and the receiver's settings)";
        if (refusalsLogged.add(answer.status().orElse(0))) {
            LOG.warn("{}", line);
        } else {
            LOG.debug("{}", line);
        }
    }

    /** One try; empty when the sender was stopped meanwhile. */
    private Optional<Attempt> send(HttpRequest request) {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            int status = response.statusCode();
            String body;
            try (InputStream in = response.body()) {
                body = status / 100 == 2 ? "" : oneLine(in.readNBytes(ANSWER_BYTES_LOGGED));
            }
            Optional<Duration> retryAfter = response.headers().firstValue("Retry-After").flatMap(WebhookSender::retryAfter);
            return Optional.of(new Attempt(OptionalInt.of(status), retryAfter,
                    "HTTP " + status + (body.isEmpty() ? "" : " " + body)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of(new Attempt(OptionalInt.empty(), Optional.empty(), "no answer (" + describe(e) + ")"));
        }
    }

    private String oneLine(byte[] bytes) {
        String text = scrubber.scrub(new String(bytes, StandardCharsets.UTF_8)).replaceAll("\\s+", " ").strip();
        return text.isEmpty() ? "" : "\"" + text + "\"";
    }

    /** An exception's gist without its message where the message could hold the URL. */
    private String describe(IOException e) {
        if (e instanceof HttpConnectTimeoutException) {
            return "could not connect within " + policy.connectTimeout().toSeconds() + " s";
        }
        if (e instanceof HttpTimeoutException) {
            return "no answer within " + policy.requestTimeout().toSeconds() + " s";
        }
        if (e instanceof ConnectException) {
            return "connection refused";
        }
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : scrubber.scrub(e.getMessage());
        return message.replaceAll("\\s+", " ");
    }

    /** {@code Retry-After} as seconds or an HTTP date (RFC 9110, section 10.2.3). */
    static Optional<Duration> retryAfter(String value) {
        String v = value.strip();
        try {
            if (v.matches("\\d{1,9}")) {
                return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
            }
            Duration until = Duration.between(ZonedDateTime.now(), ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME));
            return Optional.of(until.isNegative() ? Duration.ZERO : until);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** Waits, or returns false at once when the sender is stopped. */
    private boolean pause(Duration wait) {
        long until = System.nanoTime() + wait.toNanos();
        synchronized (queue) {
            while (!closed) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return true;
                }
                try {
                    queue.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    return false;
                }
            }
            return false;
        }
    }

    /** Stops the thread; notifications still waiting, or being sent or retried, are counted as dropped. */
    @Override
    public void close() {
        int waiting;
        synchronized (queue) {
            if (closed) {
                return;
            }
            closed = true;
            waiting = queue.size();
            queue.clear();
            queue.notifyAll();
        }
        worker.interrupt();
        for (int i = 0; i < waiting; i++) {
            metrics.count(target.format(), NotificationMetrics.Outcome.DROPPED);
        }
        if (waiting > 0) {
            LOG.warn("{} notification(s) to {} not sent: the agent stopped", waiting, target);
        }
    }

    /** One try's answer: a status, or none when there was no answer. */
    private record Attempt(OptionalInt status, Optional<Duration> retryAfter, String problem) {
        boolean succeeded() {
            return status.isPresent() && status.getAsInt() / 100 == 2;
        }

        /** No answer, 429 Too Many Requests, or a 5xx. */
        boolean retryable() {
            return status.isEmpty() || status.getAsInt() == 429 || status.getAsInt() >= 500;
        }
    }
}
