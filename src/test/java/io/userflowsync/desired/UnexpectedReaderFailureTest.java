package io.userflowsync.desired;

import io.userflowsync.model.SourceLocation;
import org.junit.jupiter.api.Test;

import java.io.Reader;
import java.io.StringReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever the YAML library throws while reading becomes a problem located where reading stopped, never a stack
 * trace (issue 6, item 13a: the 1024-char surrogate bug printed 63 frames and a Git revision was never applied).
 */
class UnexpectedReaderFailureTest {

    /** Hands out the text up to {@code failAt}, then fails as SnakeYAML's buffer bug did (an unchecked exception). */
    private static Reader failingAfter(String text, int failAt) {
        return new StringReader(text) {
            private int delivered;

            @Override
            public int read(char[] buffer, int offset, int length) throws java.io.IOException {
                if (delivered >= failAt) {
                    throw new IndexOutOfBoundsException("Range [1025, 1025 + 1) out of bounds for length 1025");
                }
                int n = super.read(buffer, offset, Math.min(length, failAt - delivered));
                delivered += Math.max(n, 0);
                return n;
            }
        };
    }

    @Test
    void anExceptionInsideTheReaderIsAProblemAtTheLineWhereReadingStopped() {
        // 40 lines of 50 chars: offset 1024 is on line 21 (chars 1000 to 1049), away from any line break.
        StringBuilder text = new StringBuilder("userFlows: {}").append(" ".repeat(36)).append('\n');
        for (int line = 2; line <= 40; line++) {
            text.append("# ").append("x".repeat(47)).append('\n');
        }
        FileProblems problems = new FileProblems("flows.yaml");

        assertThat(YamlDocumentReader.read(failingAfter(text.toString(), 1024), text.toString(), problems)).isEmpty();

        assertThat(problems.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.location().file()).isEqualTo("flows.yaml");
            assertThat(problem.location().line()).isEqualTo(21);
            assertThat(problem.reason())
                    .contains("could not be read", "IndexOutOfBoundsException")
                    .doesNotContain("\n", "\tat ");
        });
    }

    @Test
    void anExceptionBeforeAnythingWasReadIsAProblemAtTheStart() {
        FileProblems problems = new FileProblems("flows.yaml");

        assertThat(YamlDocumentReader.read(failingAfter("userFlows: {}\n", 0), "userFlows: {}\n", problems))
                .isEmpty();

        assertThat(problems.problems()).extracting(ValidationProblem::location).containsExactly(new SourceLocation("flows.yaml", 1, 1));
    }
}
