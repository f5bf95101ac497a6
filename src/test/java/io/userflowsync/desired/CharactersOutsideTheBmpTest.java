package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A character outside the Basic Multilingual Plane is two UTF-16 chars. SnakeYAML Engine up to 3.0.1 reads its input
 * in windows of 1024 chars plus one carried over, and failed with IndexOutOfBoundsException when a high surrogate
 * was the last char of a window: at UTF-16 offset 1024 + 1025k (issue 6, item 13a). A valid file must load wherever
 * its emoji sit.
 */
class CharactersOutsideTheBmpTest {
    private static final String EMOJI = "\uD83D\uDE80"; // U+1F680, two UTF-16 chars
    private static final String HEADER = "userFlows:\n  B2X_1_a:\n    postFederationSignup: ";

    @TempDir
    Path dir;

    private DesiredState load(String text) throws Exception {
        Path file = Files.writeString(dir.resolve("desired.yaml"), text);
        return new DesiredStateLoader(false).load(file, "desired.yaml", SourceRevision.folder("test"));
    }

    /** Comment lines of 60 chars, so that the emoji's high surrogate is at UTF-16 offset {@code offset}. */
    private static String commentsWithEmojiAt(int offset) {
        StringBuilder text = new StringBuilder();
        while (text.length() < offset) {
            text.append(text.length() % 60 == 0 && text.length() > 0 ? "\n# " : text.length() == 0 ? "# " : "x");
        }
        text.setLength(offset);
        if (text.charAt(offset - 1) == '\n') {
            text.setCharAt(offset - 1, 'x'); // keep the emoji inside a comment line
        }
        return text.append(EMOJI).append(" end of comment\n").toString();
    }

    @ParameterizedTest(name = "emoji at offset {0}")
    @ValueSource(ints = {1023, 1024, 1025, 2048, 2049, 2050, 3074, 4099, 1024 + 1025 * 100})
    void anEmojiInACommentAtAnyOffsetLoads(int offset) throws Exception {
        String comments = commentsWithEmojiAt(offset);
        assertThat(comments.indexOf(EMOJI)).isEqualTo(offset);

        DesiredState state = load(comments + HEADER + "Check partner domain\n");

        assertThat(state.flows()).singleElement().satisfies(flow -> assertThat(flow.steps()).singleElement()
                .satisfies(step -> assertThat(step.connector())
                        .contains(new ConnectorRef.ByDisplayName("Check partner domain"))));
    }

    @ParameterizedTest(name = "emoji at offset {0}")
    @ValueSource(ints = {1023, 1024, 1025, 2049, 3074})
    void anEmojiInAValueAtAnyOffsetLoadsAsWritten(int offset) throws Exception {
        String name = "x".repeat(offset - HEADER.length() - 1) + EMOJI + " check";
        String text = HEADER + "\"" + name + "\"\n";
        assertThat(text.indexOf(EMOJI)).isEqualTo(offset);

        DesiredState state = load(text);

        assertThat(state.flows().get(0).steps().get(0).connector())
                .isEqualTo(Optional.of(new ConnectorRef.ByDisplayName(name)));
    }
}
