package io.userflowsync.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.model.GraphError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Text taken from an error answer is masked, kept on one line and capped, in that order. */
class GraphErrorsTest {
    private static final String SECRET = "Zq8~Graph-Errors-Secret";
    private static final String ENCODED = URLEncoder.encode(SECRET, StandardCharsets.UTF_8);
    private final GraphErrors errors = new GraphErrors(scrubber());

    private static SecretScrubber scrubber() {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember(SECRET);
        return scrubber;
    }

    private static HttpAnswer graphError(int status, String code, String message, String requestId) {
        ObjectNode body = GraphCaller.JSON.createObjectNode();
        ObjectNode error = body.putObject("error").put("code", code).put("message", message);
        error.putObject("innerError").put("request-id", requestId);
        return new HttpAnswer(status, Optional.empty(), Optional.empty(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static HttpAnswer oauthError(String error, String description) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put("error", error).put("error_description", description);
        return new HttpAnswer(400, Optional.empty(), Optional.empty(), body.toString().getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> answers() {
        String aroundTheCap = "x".repeat(GraphErrors.MAX_MESSAGE - 5) + ENCODED + " tail";
        return Stream.of(
                Arguments.of("Graph message echoing the encoded secret", graphError(400, "BadRequest",
                        "Request body: client_secret=" + ENCODED, "r-1")),
                Arguments.of("OAuth description echoing the raw secret", oauthError("invalid_request",
                        "AADSTS90014: client_secret=" + SECRET + " Trace ID: 1")),
                Arguments.of("a secret across the 500-character cap", graphError(400, "BadRequest", aroundTheCap, "r-2")),
                Arguments.of("line breaks in the message", graphError(502, "BadGateway",
                        "upstream said:\r\nHTTP/1.1 500\nX-Secret: " + SECRET + "\u2028end\tof it", "r-3")),
                Arguments.of("a secret and line breaks in the code and request-id", graphError(400,
                        "Bad\nRequest " + SECRET, "m", "id\r\n" + ENCODED)),
                Arguments.of("an oversized code", oauthError("e".repeat(5000), "d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void anErrorAnswerBecomesOneBoundedLineWithoutTheSecret(String what, HttpAnswer answer) {
        GraphError error = errors.from(answer);
        String message = new GraphException("reading something", error).getMessage();

        for (String text : new String[] {error.code(), error.message(), error.requestId().orElse(""), message}) {
            assertThat(text).doesNotContain(SECRET).doesNotContain(ENCODED).doesNotContain("Zq8")
                    .doesNotContain("\n").doesNotContain("\r").doesNotContain("\u2028").doesNotContain("\t");
        }
        assertThat(error.message().length()).isLessThanOrEqualTo(GraphErrors.MAX_MESSAGE + 1);
        assertThat(error.code().length()).isLessThanOrEqualTo(GraphErrors.MAX_SHORT + 1);
        assertThat(message.length()).isLessThan(1000);
    }

    @Test
    void theCapComesAfterMaskingSoNoHeadOfASecretIsLeftBehind() {
        String message = "x".repeat(GraphErrors.MAX_MESSAGE - 10) + ENCODED + " tail";

        GraphError error = errors.from(graphError(400, "BadRequest", message, "r"));

        assertThat(error.message()).isEqualTo("x".repeat(GraphErrors.MAX_MESSAGE - 10) + "*** tail");
    }

    @Test
    void aMessageOverTheCapEndsWithAnEllipsis() {
        GraphError error = errors.from(graphError(400, "BadRequest", "y".repeat(2000), "r"));

        assertThat(error.message()).isEqualTo("y".repeat(GraphErrors.MAX_MESSAGE) + "…");
    }

    @Test
    void anHttpClientExceptionIsMaskedAndOnOneLine() {
        GraphError error = errors.noAnswer(new IOException("proxy refused\nCONNECT with " + ENCODED));

        assertThat(error.describe()).isEqualTo("no HTTP answer: proxy refused CONNECT with ***");
    }

    @Test
    void anUnusableAnswerKeepsOurTextAndAMaskedBoundedRequestId() {
        HttpAnswer notJson = new HttpAnswer(200, Optional.empty(), Optional.of(ENCODED + "-" + "9".repeat(500)),
                "<html>".getBytes(StandardCharsets.UTF_8));

        GraphError error = errors.unusable(notJson, "invalid_json", "the answer is not JSON");

        assertThat(error.describe()).startsWith("HTTP 200 invalid_json: the answer is not JSON (request-id ***-999");
        assertThat(error.requestId()).hasValueSatisfying(id -> assertThat(id).hasSize(GraphErrors.MAX_SHORT + 1));
    }
}
