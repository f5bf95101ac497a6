package io.userflowsync.trigger;

import io.userflowsync.config.Secret;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Decides whether a push webhook may start a sync: GitHub's {@code X-Hub-Signature-256} over the raw body or
 * GitLab's {@code X-Gitlab-Token} must match the configured secret. Without a configured secret every call is refused.
 */
public final class WebhookVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerifier.class);

    /** Why a call is or is not verified; the wording completes a log line and never holds what the client sent. */
    public enum Verdict {
        VERIFIED("verified"),
        NO_SECRET("no webhook secret is set (sync.webhook.secret)"),
        NO_SIGNATURE("no " + WebhookSignature.GITHUB_HEADER + " or " + WebhookSignature.GITLAB_HEADER + " header"),
        MISMATCH("the signature does not match the configured secret");

        private final String reason;

        Verdict(String reason) {
            this.reason = reason;
        }

        public String reason() {
            return reason;
        }
    }

    private final Optional<Secret> secret;

    public WebhookVerifier(Optional<Secret> secret) {
        this.secret = secret;
    }

    /** Said once when the daemon starts: without a secret the webhook cannot be used. */
    public void warnIfUnusable() {
        if (secret.isEmpty()) {
            LOG.warn("POST /hooks/git refuses every call: no webhook secret is set (sync.webhook.secret)");
        }
    }

    /**
     * @param rawBody the body exactly as received, whatever its Content-Type (GitHub signs the bytes it sends, the
     *                form-encoded {@code payload=...} included)
     */
    public Verdict verify(byte[] rawBody, String gitHub, String gitLab) {
        if (secret.isEmpty()) {
            return Verdict.NO_SECRET;
        }
        if (gitHub == null && gitLab == null) {
            return Verdict.NO_SIGNATURE;
        }
        boolean ok = gitHub != null
                ? WebhookSignature.verifyGitHub(rawBody, gitHub, secret.get().reveal())
                : WebhookSignature.verifyGitLab(gitLab, secret.get().reveal());
        return ok ? Verdict.VERIFIED : Verdict.MISMATCH;
    }
}
