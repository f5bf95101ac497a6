package io.userflowsync.trigger;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import org.apache.camel.Body;

/**
 * {@code POST /hooks/git}: reads the raw body (capped), checks the forge's signature, and says what to answer. The
 * route queues the sync and writes the answer; every refusal is one rate-limited line in {@link RefusalLog}.
 */
public final class WebhookEndpoint {
    /** What the route answers: the status, and a short text that never repeats what the client sent. */
    public record Answer(int status, String text) {
        public boolean accepted() {
            return status == 202;
        }
    }

    private final WebhookVerifier verifier;
    private final HttpLimits limits;
    private final RefusalLog refusals;

    public WebhookEndpoint(WebhookVerifier verifier, HttpLimits limits, RefusalLog refusals) {
        this.verifier = verifier;
        this.limits = limits;
        this.refusals = refusals;
    }

    /** @param request the Vert.x request, its body not yet read (the route sets {@code useBodyHandler=false}) */
    public Answer receive(@Body HttpServerRequest request) {
        RequestBody.Read read = RequestBody.read(request, limits.maxBodyBytes(), limits.requestTimeout());
        if (read instanceof RequestBody.TooLarge tooLarge) {
            return refuse(request, 413, "the body is over the cap of " + tooLarge.cap() + " bytes",
                    "request body larger than " + tooLarge.cap() + " bytes");
        }
        if (read instanceof RequestBody.Incomplete incomplete) {
            return refuse(request, 400, incomplete.reason(), "request body incomplete");
        }
        byte[] body = ((RequestBody.Bytes) read).bytes();
        WebhookVerifier.Verdict verdict = verifier.verify(body, request.getHeader(WebhookSignature.GITHUB_HEADER),
                request.getHeader(WebhookSignature.GITLAB_HEADER));
        if (verdict != WebhookVerifier.Verdict.VERIFIED) {
            return refuse(request, 401, verdict.reason(), "signature missing or invalid");
        }
        return new Answer(202, "sync requested\n");
    }

    private Answer refuse(HttpServerRequest request, int status, String why, String answer) {
        SocketAddress peer = request.remoteAddress();
        refusals.refused("POST /hooks/git from " + (peer == null ? "an unknown address" : peer.hostAddress()) + " ("
                + status + "): " + why);
        return new Answer(status, answer + "\n");
    }
}
