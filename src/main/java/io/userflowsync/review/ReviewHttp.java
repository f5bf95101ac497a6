package io.userflowsync.review;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The HTTP calls of a plan comment, with the retries GitHub's and GitLab's documentation ask for:
 * <ul>
 *   <li>a 5xx, or no answer: again after 1 s, 2 s, 4 s (at most {@value #ATTEMPTS} attempts), unless the request
 *       was a POST, which may have been written before the answer was lost: that one is handed back as
 *       {@link Retriable} so the caller lists the comments again before it creates one (no second comment);</li>
 *   <li>a rate limit (GitHub's secondary rate limit: 403 or 429 with {@code Retry-After}, or with
 *       {@code x-ratelimit-remaining: 0}; GitLab's 429): after {@code Retry-After} seconds, or until
 *       {@code x-ratelimit-reset} (UTC epoch seconds), or one minute when neither says (GitHub REST docs, "Best
 *       practices": rate limits). A wait longer than {@link #MAX_WAIT} fails instead, with how long it would be.
 *       A rate-limited request was not processed, so it is sent again whatever its method;</li>
 *   <li>any other 4xx: no retry, a {@link ReviewException} saying what the answer means.</li>
 * </ul>
 * Only the target's own origin gets the token: a {@code Link} to another host is refused, never followed.
 */
final class ReviewHttp {
    static final int ATTEMPTS = 4;
    static final Duration MAX_WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** How the retries wait; tests and the CLI use the real clock. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    /** A POST that failed in a way that may have written it: list again before trying again. */
    static final class Retriable extends RuntimeException {
        Retriable(String message) {
            super(message);
        }
    }

    record Response(int status, JsonNode body, java.net.http.HttpHeaders headers) {
    }

    private final ReviewTarget target;
    private final HttpClient client;
    private final Sleeper sleeper;
    private final Clock clock;
    private final Duration backoff;

    ReviewHttp(ReviewTarget target, Sleeper sleeper, Clock clock, Duration backoff) {
        this.target = target;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.sleeper = sleeper;
        this.clock = clock;
        this.backoff = backoff;
    }

    Duration backoff(int attempt) {
        return backoff.multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    Response send(String method, URI uri, Optional<String> json) {
        if (!sameOrigin(uri)) {
            throw new ReviewException(platformName() + " pointed the next page at " + uri.getScheme() + "://"
                    + uri.getAuthority() + ", not " + target.api().getAuthority() + ": not sending the token there");
        }
        boolean idempotent = !method.equals("POST");
        String what = method + " " + uri.getRawPath();
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response;
            try {
                response = client.send(request(method, uri, json), HttpResponse.BodyHandlers.ofString(
                        StandardCharsets.UTF_8));
            } catch (IOException e) {
                String reason = "could not reach " + platformName() + " (" + what + "): " + e.getMessage();
                if (!idempotent) {
                    throw new Retriable(reason);
                }
                if (attempt >= ATTEMPTS) {
                    throw new ReviewException(reason + ", " + attempt + " attempts");
                }
                pause(backoff(attempt));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ReviewException("interrupted while posting the plan comment (" + what + ")");
            }
            int status = response.statusCode();
            JsonNode body = parse(response.body());
            if (status >= 200 && status < 300) {
                return new Response(status, body, response.headers());
            }
            Optional<Duration> limited = rateLimit(status, response.headers(), message(body));
            if (limited.isPresent()) {
                if (limited.get().compareTo(MAX_WAIT) > 0) {
                    throw new ReviewException(platformName() + " rate-limits this token for another "
                            + limited.get().toSeconds() + " s (" + status + " " + message(body)
                            + "), longer than the " + MAX_WAIT.toMinutes() + " minutes a plan waits; run the job again"
                            + " later");
                }
                if (attempt >= ATTEMPTS) {
                    throw new ReviewException(platformName() + " still rate-limits this token after " + attempt
                            + " attempts (" + status + " " + message(body) + "); run the job again later");
                }
                pause(limited.get());
                continue;
            }
            if (status >= 500) {
                String reason = platformName() + " answered " + status + " to " + what + " (" + message(body) + ")";
                if (!idempotent) {
                    throw new Retriable(reason);
                }
                if (attempt >= ATTEMPTS) {
                    throw new ReviewException(reason + " " + attempt + " times; nothing more was written");
                }
                pause(retryAfter(response.headers()).orElse(backoff(attempt)));
                continue;
            }
            throw new ReviewException(refusal(status, what, body));
        }
    }

    void pause(Duration d) {
        try {
            sleeper.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ReviewException("interrupted while waiting to retry the plan comment");
        }
    }

    private HttpRequest request(String method, URI uri, Optional<String> json) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header(target.credential().header(), target.credential().value())
                .header("User-Agent", "userflow-connector-sync");
        if (target.platform() == Platform.GITHUB) {
            b.header("Accept", "application/vnd.github+json").header("X-GitHub-Api-Version", "2022-11-28");
        } else {
            b.header("Accept", "application/json");
        }
        if (json.isPresent()) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json.get(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return b.build();
    }

    /**
     * GitHub's secondary rate limit is a 403 or 429 with {@code Retry-After} or {@code x-ratelimit-remaining: 0}
     * (its primary limit too, the latter), or else one whose message says "rate limit" (a minute, as GitHub asks);
     * any other 403 is a permission, never retried. GitLab answers 429.
     */
    private Optional<Duration> rateLimit(int status, java.net.http.HttpHeaders headers, String message) {
        if (status != 403 && status != 429) {
            return Optional.empty();
        }
        Optional<Duration> after = retryAfter(headers);
        if (after.isPresent()) {
            return after;
        }
        if (headers.firstValue("x-ratelimit-remaining").map(String::strip).filter("0"::equals).isPresent()) {
            Optional<Long> reset = headers.firstValue("x-ratelimit-reset").flatMap(ReviewHttp::number);
            return Optional.of(reset.map(r -> Duration.ofSeconds(Math.max(1, r - clock.instant().getEpochSecond() + 1)))
                    .orElse(Duration.ofMinutes(1)));
        }
        return status == 429 || message.toLowerCase(java.util.Locale.ROOT).contains("rate limit")
                ? Optional.of(Duration.ofMinutes(1)) : Optional.empty();
    }

    private static Optional<Duration> retryAfter(java.net.http.HttpHeaders headers) {
        return headers.firstValue("Retry-After").flatMap(ReviewHttp::number).map(s -> Duration.ofSeconds(Math.max(0, s)));
    }

    private static Optional<Long> number(String v) {
        try {
            return Optional.of(Long.parseLong(v.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private String refusal(int status, String what, JsonNode body) {
        String answer = status + " " + message(body);
        String noun = target.platform().noun();
        String token = target.platform() == Platform.GITHUB ? "GITHUB_TOKEN" : target.credential().header()
                .equals("PRIVATE-TOKEN") ? "GITLAB_TOKEN" : "CI_JOB_TOKEN";
        String reason = switch (status) {
            case 401 -> platformName() + " does not accept the token (" + answer + "): " + token
                    + " is missing, expired or revoked";
            case 403 -> platformName() + " forbids this token to comment on " + target.describe() + " (" + answer
                    + "): " + (target.platform() == Platform.GITHUB
                    ? "the job needs permissions: pull-requests: write (a fine-grained token: Pull requests, write)"
                    : "GITLAB_TOKEN needs scope api and the Reporter role or more on the project"
                    + (token.equals("CI_JOB_TOKEN") ? " (CI_JOB_TOKEN may not write notes: set GITLAB_TOKEN)" : ""));
            case 404 -> platformName() + " has no " + noun + " " + target.describe() + ", or the token cannot see it ("
                    + answer + ")";
            case 422 -> platformName() + " refused the comment (" + answer + ")";
            default -> platformName() + " answered " + answer;
        };
        return reason + " [" + what + "]; the plan comment was not written";
    }

    /** The API's own words: GitHub's {@code message} and {@code errors[].message}, GitLab's {@code message}. */
    static String message(JsonNode body) {
        List<String> parts = new ArrayList<>();
        JsonNode message = body.path("message");
        if (message.isTextual()) {
            parts.add(message.asText());
        } else if (!message.isMissingNode() && !message.isNull()) {
            parts.add(message.toString());
        }
        body.path("errors").forEach(e -> parts.add(e.isTextual() ? e.asText()
                : e.path("message").isTextual() ? e.path("message").asText()
                : e.path("field").asText("") + " " + e.path("code").asText("")));
        if (body.path("error").isTextual()) {
            parts.add(body.path("error").asText());
        }
        String text = String.join(": ", parts).strip();
        return text.isEmpty() ? "no message" : text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    private static JsonNode parse(String body) {
        try {
            JsonNode node = body == null || body.isBlank() ? null : MAPPER.readTree(body);
            return node == null ? MAPPER.createObjectNode() : node;
        } catch (IOException e) {
            return MAPPER.createObjectNode();
        }
    }

    private boolean sameOrigin(URI uri) {
        URI api = target.api();
        return api.getScheme().equalsIgnoreCase(uri.getScheme()) && api.getHost().equalsIgnoreCase(uri.getHost())
                && api.getPort() == uri.getPort();
    }

    String platformName() {
        return target.platform() == Platform.GITHUB ? "GitHub" : "GitLab";
    }
}
