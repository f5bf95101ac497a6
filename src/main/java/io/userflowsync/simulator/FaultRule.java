package io.userflowsync.simulator;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A failure to inject: the next {@code times} requests whose method matches {@code method} ({@code "*"} = any)
 * and whose decoded path (e.g. {@code /v1.0/identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration}) contains a
 * match of {@code pathPattern} ({@link java.util.regex.Matcher#find()}; anchor with {@code ^...$} for an exact
 * match) answer {@code status} without touching the tenant's state.
 *
 * <p>Graph paths answer Graph's error body with {@code errorCode}; the token path answers the OAuth error shape
 * ({@code {"error": errorCode, "error_description": ...}}) because that is what token clients parse. If
 * {@code retryAfterSeconds} is present the answer carries a {@code Retry-After} header (inside a {@code $batch}, in
 * the inner response's headers). Rules are checked after the access token (Graph paths) and before anything else,
 * in the order they were injected; the first matching rule with requests left answers. A request a rule answers is
 * not counted by the simulator's quota ({@link GraphQuota}), and the quota's own 429s spend no rule.
 *
 * <p>With {@code echoesRequest} the error message (Graph's {@code error.message}, OAuth's {@code error_description})
 * ends with the request as a misbehaving proxy or a debugging gateway would echo it: method, path and query, the raw
 * body, a form body's decoded fields, and every header (the {@code Authorization} one included). This is how a
 * client secret reaches a client's error text (issue 6 item 4); a client must mask it there.
 */
public record FaultRule(String method, Pattern pathPattern, int status, int times,
                        Optional<Integer> retryAfterSeconds, String errorCode, boolean echoesRequest) {

    /** A fault that does not echo the request. */
    public FaultRule(String method, Pattern pathPattern, int status, int times, Optional<Integer> retryAfterSeconds,
                     String errorCode) {
        this(method, pathPattern, status, times, retryAfterSeconds, errorCode, false);
    }

    public FaultRule {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(pathPattern, "pathPattern");
        Objects.requireNonNull(retryAfterSeconds, "retryAfterSeconds");
        Objects.requireNonNull(errorCode, "errorCode");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a fault must answer an error status (400-599), not " + status);
        }
        if (times < 1) {
            throw new IllegalArgumentException("a fault must apply to at least one request, not " + times);
        }
        retryAfterSeconds.ifPresent(s -> {
            if (s < 0) {
                throw new IllegalArgumentException("Retry-After must not be negative: " + s);
            }
        });
    }

    /** Graph throttling: 429 {@code TooManyRequests} with {@code Retry-After: retryAfterSeconds}. */
    public static FaultRule throttling(String method, String pathRegex, int times, int retryAfterSeconds) {
        return new FaultRule(method, Pattern.compile(pathRegex), 429, times, Optional.of(retryAfterSeconds),
                "TooManyRequests");
    }

    /** A transient service error, e.g. 503 {@code ServiceUnavailable} or 504 {@code GatewayTimeout}, without Retry-After. */
    public static FaultRule transientError(String method, String pathRegex, int status, int times) {
        String code = switch (status) {
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> "InternalServerError";
        };
        return new FaultRule(method, Pattern.compile(pathRegex), status, times, Optional.empty(), code);
    }

    /** Answers {@code status} with {@code errorCode} and a message that echoes the whole request (see above). */
    public static FaultRule echoingRequest(String method, String pathRegex, int status, int times, String errorCode) {
        return new FaultRule(method, Pattern.compile(pathRegex), status, times, Optional.empty(), errorCode, true);
    }

    boolean matches(String requestMethod, String path) {
        return ("*".equals(method) || method.equalsIgnoreCase(requestMethod)) && pathPattern.matcher(path).find();
    }
}
