package io.userflowsync.trigger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Checks that a push webhook comes from the Git forge that knows the shared secret. Pure functions: the HTTP
 * endpoint passes the raw body and the header value. Comparisons take the same time whatever the input, so the
 * secret cannot be guessed byte by byte; any missing, empty or malformed input is simply "not verified".
 */
public final class WebhookSignature {
    /** GitHub: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body>}. */
    public static final String GITHUB_HEADER = "X-Hub-Signature-256";
    /** GitLab: {@code X-Gitlab-Token: <secret>}. */
    public static final String GITLAB_HEADER = "X-Gitlab-Token";

    private static final String SHA256_PREFIX = "sha256=";

    private WebhookSignature() {
    }

    /**
     * @param rawBody         the request body exactly as received (before any JSON parsing or charset decoding)
     * @param signatureHeader the value of {@value #GITHUB_HEADER}, may be null
     * @param secret          the webhook secret configured at the forge
     */
    public static boolean verifyGitHub(byte[] rawBody, String signatureHeader, String secret) {
        if (rawBody == null || signatureHeader == null || secret == null || secret.isEmpty()) {
            return false;
        }
        String header = signatureHeader.strip();
        if (!header.regionMatches(true, 0, SHA256_PREFIX, 0, SHA256_PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(SHA256_PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(hmacSha256(secret, rawBody), given);
    }

    /**
     * @param tokenHeader the value of {@value #GITLAB_HEADER}, may be null
     * @param secret      the secret token configured at the forge
     */
    public static boolean verifyGitLab(String tokenHeader, String secret) {
        if (tokenHeader == null || secret == null || secret.isEmpty()) {
            return false;
        }
        // compare digests, not the strings: equal length, so not even the secret's length leaks through timing
        return MessageDigest.isEqual(sha256(tokenHeader), sha256(secret));
    }

    /**
     * The header value GitHub would send for this body and secret; for tests and for signing test deliveries.
     *
     * @throws IllegalArgumentException when the secret is empty
     */
    public static String gitHubSignature(byte[] rawBody, String secret) {
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook secret is empty");
        }
        return SHA256_PREFIX + HexFormat.of().formatHex(hmacSha256(secret, rawBody));
    }

    private static byte[] hmacSha256(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is always available", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
