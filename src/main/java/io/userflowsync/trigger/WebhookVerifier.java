package io.userflowsync.trigger;

import io.userflowsync.config.Secret;
import org.apache.camel.Body;
import org.apache.camel.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * Decides whether a push webhook may start a sync: GitHub's {@code X-Hub-Signature-256} or GitLab's
 * {@code X-Gitlab-Token} must match the configured secret. Without a configured secret every call is refused.
 */
public final class WebhookVerifier {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookVerifier.class);

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

    public boolean verify(@Body byte[] body, @Header(WebhookSignature.GITHUB_HEADER) String gitHub,
                          @Header(WebhookSignature.GITLAB_HEADER) String gitLab) {
        if (secret.isEmpty()) {
            return false;
        }
        boolean ok = gitHub != null
                ? WebhookSignature.verifyGitHub(body == null ? new byte[0] : body, gitHub, secret.get().reveal())
                : gitLab != null && WebhookSignature.verifyGitLab(gitLab, secret.get().reveal());
        if (!ok) {
            LOG.warn("refused a webhook call: {}", gitHub == null && gitLab == null
                    ? "no " + WebhookSignature.GITHUB_HEADER + " or " + WebhookSignature.GITLAB_HEADER + " header"
                    : "the signature does not match the configured secret");
        }
        return ok;
    }
}
