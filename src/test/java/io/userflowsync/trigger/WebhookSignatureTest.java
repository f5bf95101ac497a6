package io.userflowsync.trigger;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSignatureTest {

    // the example of GitHub's "Validating webhook deliveries" page
    private static final String GITHUB_SECRET = "It's a Secret to Everybody";
    private static final byte[] GITHUB_BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String GITHUB_SIGNATURE =
            "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void gitHubDocumentedVectorVerifies() {
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE, GITHUB_SECRET)).isTrue();
        assertThat(WebhookSignature.gitHubSignature(GITHUB_BODY, GITHUB_SECRET)).isEqualTo(GITHUB_SIGNATURE);
    }

    @Test
    void rfc4231TestCase2Verifies() {
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII);
        String header = "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        assertThat(WebhookSignature.verifyGitHub(body, header, "Jefe")).isTrue();
        assertThat(WebhookSignature.verifyGitHub(body, header.toUpperCase().replace("SHA256=", "sha256="), "Jefe")).isTrue();
    }

    @Test
    void gitHubRejectsWrongSecretBodyOrHeader() {
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE, "another secret")).isFalse();
        assertThat(WebhookSignature.verifyGitHub("Hello, World?".getBytes(StandardCharsets.UTF_8), GITHUB_SIGNATURE,
                GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, null, GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, "", GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE.substring(7), GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, "sha1=" + GITHUB_SIGNATURE.substring(7), GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, "sha256=zz", GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE.substring(0, 40), GITHUB_SECRET)).isFalse();
        assertThat(WebhookSignature.verifyGitHub(null, GITHUB_SIGNATURE, GITHUB_SECRET)).isFalse();
    }

    @Test
    void emptySecretNeverVerifies() {
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE, "")).isFalse();
        assertThat(WebhookSignature.verifyGitHub(GITHUB_BODY, GITHUB_SIGNATURE, null)).isFalse();
        assertThat(WebhookSignature.verifyGitLab("", "")).isFalse();
    }

    @Test
    void gitLabTokenMustMatchExactly() {
        assertThat(WebhookSignature.verifyGitLab("s3cr3t-token", "s3cr3t-token")).isTrue();
        assertThat(WebhookSignature.verifyGitLab("s3cr3t-toke", "s3cr3t-token")).isFalse();
        assertThat(WebhookSignature.verifyGitLab("S3CR3T-TOKEN", "s3cr3t-token")).isFalse();
        assertThat(WebhookSignature.verifyGitLab(null, "s3cr3t-token")).isFalse();
        assertThat(WebhookSignature.verifyGitLab("s3cr3t-token", null)).isFalse();
    }
}
