package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every displayName the export writes by name reads back through the real loader as exactly that name, whatever
 * YAML makes of it unquoted: numbers, booleans, null words, indicators, comments, quotes, escapes, line breaks of
 * every kind, control characters, and text outside the BMP. Table cases, then seeded random ones.
 */
class NamesReadBackTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
            "Check partner domain", "123", "1.5", "0x1F", "0o17", "1e3", ".inf", ".NaN", "-1", "+1", "1_000",
            "2001-12-14", "12:30", "true", "False", "TRUE", "yes", "No", "ON", "off", "y", "N", "null", "Null", "NULL",
            "~", "a: b", "a:b", "key:", "# hash", "a #b", "a#b", "'single'", "\"double\"", "it's", "back\\slash",
            "- dash", "-", "--- three", "...", "? q", "?", ":colon", ",comma", "[x]", "{y}", "&anchor", "*alias",
            "!tag", "!!str x", "%percent", "@at", "`tick", "|pipe", ">fold", "<< merge", "<<", "=", "${HOME}",
            "${A:-b}", "$x", "tab\there", "two\nlines", "cr\rcr", "cr\r\nlf", "nel\u0085x", "ls\u2028x", "ps\u2029x",
            "bom\uFEFFx", "\uFEFFlead bom", "nbsp\u00A0x", "nul\u0000x", "bell\u0007x", "del\u007Fx", "c1\u0080x",
            "esc\u001Bx", "nonchar\uFFFEx", "nonchar\uFFFFx", "Ünïcödé", "e\u0301combining", "שלום", "مرحبا",
            "中文名称", "😀 emoji", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "mixed 😀 and \"quotes\": yes # no", "trailing colon:"})
    void aNameTheExportWritesReadsBackAsExactlyThatName(String name) throws Exception {
        assertThat(ConnectorNaming.unusableAsName(name)).as("usable by name").isEmpty();

        assertThat(readBack(name)).isEqualTo(new ConnectorRef.ByDisplayName(name));
    }

    @Test
    void aLongNameStaysOnOneLineAndReadsBack() throws Exception {
        String name = "very " + "long, ".repeat(600) + "name";

        assertThat(readBack(name)).isEqualTo(new ConnectorRef.ByDisplayName(name));
    }

    @Test
    void seededRandomNamesReadBackExactlyOrAreNamedById() throws Exception {
        Random random = new Random(20261125L);
        String[] pieces = {"a", "Z", "0", "9", " ", "  ", "\t", "\n", "\r", "\r\n", "\u0085", "\u2028", "\u2029",
                "\uFEFF", "\u00A0", "\u0000", "\u0001", "\u001F", "\u007F", "\u009F", ":", ": ", "#", " #", "'",
                "\"", "\\", "-", "?", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">", "%", "@", "`", "$", "{",
                "${", "~", "null", "yes", "true", "1", ".5", "e", "x", "é", "e\u0301", "ß", "中", "😀", "\uD835\uDD18",
                "\uFFFE", "\uFFFF", "\uE000", "\uD800", "\uDC00", "=", "<<", "...", "---"};
        List<String> failures = new ArrayList<>();
        int byName = 0;
        for (int i = 0; i < 400; i++) {
            StringBuilder sb = new StringBuilder();
            int length = 1 + random.nextInt(8);
            for (int j = 0; j < length; j++) {
                sb.append(pieces[random.nextInt(pieces.length)]);
            }
            String name = sb.toString();
            if (ConnectorNaming.unusableAsName(name).isPresent()) {
                continue;
            }
            byName++;
            ConnectorRef read = readBack(name);
            if (!read.equals(new ConnectorRef.ByDisplayName(name))) {
                failures.add(CommentText.quote(name) + " read back as " + read);
            }
        }
        assertThat(failures).isEmpty();
        assertThat(byName).as("most random names are written by name").isGreaterThan(150);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", " lead", "trail ", "\u2028edge", "half \uD800 pair", "\uDC00"})
    void aNameTheLoaderWouldNotReadBackAsItselfIsNamedById(String name) {
        assertThat(ConnectorNaming.unusableAsName(name)).isPresent();
    }

    @Test
    void aNameLongerThanTheLoaderTakesIsNamedById() {
        assertThat(ConnectorNaming.unusableAsName("x".repeat(4097))).contains(
                "its displayName is longer than the desired state's 4096 characters");
        assertThat(ConnectorNaming.unusableAsName("x".repeat(4096))).isEmpty();
    }

    /** Writes {@code name} as the value of one step, as the export does, and reads it with the agent's loader. */
    private ConnectorRef readBack(String name) throws Exception {
        ExportedFlow flow = new ExportedFlow("B2X_1_a", List.of(new ExportedFlow.ExportedStep(
                Step.POST_ATTRIBUTE_COLLECTION, Optional.of(new ConnectorRef.ByDisplayName(name)), Optional.empty())));
        String text = DesiredStateYaml.render(List.of("header", ""), List.of(flow));
        Path file = Files.writeString(dir.resolve("names.yaml"), text, StandardCharsets.UTF_8);
        DesiredState state = new DesiredStateLoader(false).load(file);
        DesiredStep step = state.flows().get(0).steps().get(0);
        return step.connector().orElseThrow();
    }
}
