package io.userflowsync.graph;

import com.microsoft.aad.msal4j.HttpRequest;
import com.microsoft.aad.msal4j.IHttpClient;
import com.microsoft.aad.msal4j.IHttpResponse;
import io.userflowsync.config.SecretScrubber;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * msal4j's HTTP goes through the agent's own sender: the same connect and response timeouts as every Graph call,
 * retries on 429/503/504 and no answer (msal4j's own retry is off), token requests counted in
 * {@code userflow_sync_token_requests_total}, and the {@code client_assertion} it sends kept in a scrubber slot, so an
 * answer that echoes the request cannot print it.
 *
 * <p>The last answer is kept for the caller: msal4j turns an error answer into an exception whose message is the raw
 * {@code error_description}, and the agent reports the answer through {@link GraphErrors} instead, made safe.
 */
final class MsalHttpClient implements IHttpClient {
    private final RetryingSender sender;
    private final SecretScrubber.Slot assertionSlot;
    private volatile Optional<HttpAnswer> last = Optional.empty();

    MsalHttpClient(RetryingSender sender, SecretScrubber.Slot assertionSlot) {
        this.sender = sender;
        this.assertionSlot = assertionSlot;
    }

    @Override
    public IHttpResponse send(HttpRequest request) throws GraphException {
        Optional<String> body = Optional.ofNullable(request.body());
        body.flatMap(b -> formField(b, "client_assertion")).ifPresent(assertionSlot::set);
        Map<String, String> headers = new HashMap<>(request.headers() == null ? Map.of() : request.headers());
        HttpAnswer answer = sender.send(new HttpCall(request.httpMethod().name(), request.url().toString(), headers,
                body.map(b -> b.getBytes(StandardCharsets.UTF_8))));
        last = Optional.of(answer);
        return new Response(answer);
    }

    /** The answer to the latest request, if one came. */
    Optional<HttpAnswer> lastAnswer() {
        return last;
    }

    void forgetLastAnswer() {
        last = Optional.empty();
    }

    private static Optional<String> formField(String form, String name) {
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private record Response(HttpAnswer answer) implements IHttpResponse {
        @Override
        public int statusCode() {
            return answer.status();
        }

        @Override
        public Map<String, List<String>> headers() {
            Map<String, List<String>> headers = new HashMap<>();
            answer.retryAfter().ifPresent(v -> headers.put("Retry-After", List.of(v)));
            answer.requestId().ifPresent(v -> headers.put("request-id", List.of(v)));
            return headers;
        }

        @Override
        public String body() {
            return new String(answer.body(), StandardCharsets.UTF_8);
        }
    }
}
