package io.userflowsync.desired;

import io.userflowsync.model.SourceRevision;
import io.userflowsync.text.Excerpt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Hostile or broken input gets a bounded answer (issue 6, item 13d): at most {@link FileProblems#MAX_PER_FILE}
 * problems per file and then one line that says how many more, echoed values cut short, and keys and values of a
 * size no desired state needs refused before anything works on them.
 */
class ProblemLimitsTest {
    @TempDir
    Path dir;

    private DesiredStateException rejected(Path path, String shownAs) {
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> new DesiredStateLoader(false).load(path, shownAs, SourceRevision.folder("test")));
        assertThat(e).as("expected the desired state to be rejected").isNotNull();
        return e;
    }

    private DesiredStateException rejected(String yaml) throws IOException {
        return rejected(Files.writeString(dir.resolve("desired.yaml"), yaml), "desired.yaml");
    }

    @Test
    void twoHundredThousandAliasesGiveAHundredProblemsAndOneLineForTheRest() throws IOException {
        String yaml = "userFlows:\n  B2X_1_a:\n    postFederationSignup: &n Check partner domain\n"
                + "other: [" + "*n, ".repeat(200_000) + "*n]\n";

        DesiredStateException e = rejected(yaml);

        // 200,001 aliases, the anchor and the unknown key 'other': the first 100 by place, then the count of the rest
        List<ValidationProblem> problems = e.problems();
        assertThat(problems).hasSize(FileProblems.MAX_PER_FILE + 1);
        assertThat(problems.get(0).reason()).startsWith("anchor &n");
        assertThat(problems.get(1).reason()).startsWith("unknown top-level key 'other'");
        assertThat(problems.get(99).reason()).startsWith("alias *n");
        ValidationProblem rest = problems.get(100);
        assertThat(rest.reason()).isEqualTo("and " + (200_003 - 100) + " more problem(s) in desired.yaml");
        assertThat(rest.location().line()).isEqualTo(4);
        assertThat(e.getMessage().length()).isLessThan(20_000);
    }

    @Test
    void theProblemsShownAreTheFirstByPlaceWhateverOrderTheyWereFoundIn() throws IOException {
        // The aliases on line 1 are found while parsing, the empty values of lines 3.. only when the tree is walked.
        StringBuilder yaml = new StringBuilder("other: [&n x, " + "*n, ".repeat(149) + "*n]\nuserFlows:\n");
        for (int i = 0; i < 150; i++) {
            yaml.append("  B2X_1_f").append(i).append(":\n    postFederationSignup:\n");
        }

        List<ValidationProblem> problems = rejected(yaml.toString()).problems();

        assertThat(problems).hasSize(FileProblems.MAX_PER_FILE + 1);
        assertThat(problems.subList(0, 100)).allSatisfy(p -> assertThat(p.location().line()).isEqualTo(1));
        // the unknown key, the anchor, 150 aliases, 150 empty values
        assertThat(problems.get(100).reason()).isEqualTo("and " + (2 + 150 + 150 - 100)
                + " more problem(s) in desired.yaml");
    }

    @Test
    void eachFileOfAFolderHasItsOwnLimitAndDuplicatesAcrossFilesCount() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        StringBuilder flows = new StringBuilder("userFlows:\n");
        for (int i = 0; i < 75; i++) {
            flows.append("  B2X_1_f").append(i).append(":\n    postFederationSignup: A\n    postAttributeCollection: B\n");
        }
        Files.writeString(folder.resolve("a.yaml"), flows.toString());
        Files.writeString(folder.resolve("b.yaml"), flows.toString());
        Files.writeString(folder.resolve("c.yaml"), "userFlows: {}\nother: [&n x, " + "*n, ".repeat(149) + "*n]\n");

        List<ValidationProblem> problems = rejected(folder, "desired").problems();

        assertThat(problems).extracting(p -> p.location().file()).containsOnly("desired/b.yaml", "desired/c.yaml");
        assertThat(problems).filteredOn(p -> p.location().file().equals("desired/b.yaml"))
                .hasSize(FileProblems.MAX_PER_FILE + 1)
                .last().satisfies(p -> assertThat(p.reason()).isEqualTo("and 50 more problem(s) in desired/b.yaml"));
        assertThat(problems).filteredOn(p -> p.location().file().equals("desired/c.yaml"))
                .hasSize(FileProblems.MAX_PER_FILE + 1)
                .last().satisfies(p -> assertThat(p.reason()).isEqualTo("and 52 more problem(s) in desired/c.yaml"));
    }

    @Test
    void aKeyOverTheLimitIsAProblemThatEchoesOnlyItsStart() throws IOException {
        String key = "k".repeat(900_000);

        DesiredStateException e = rejected("userFlows: {}\n? " + key + "\n: x\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(2);
            assertThat(p.reason()).startsWith("key '" + "k".repeat(Excerpt.MAX_CHARS) + "…' is 900000 "
                    + "characters long; a key is at most " + DesiredStateFormat.MAX_KEY_CHARS);
        });
        assertThat(e.getMessage().length()).isLessThan(1_000);
    }

    @Test
    void aKeyOverTheLimitIsRefusedWithoutWorkInProportionToItsLength() throws IOException {
        // A 900 kB flow id once took 665 MB of heap (the did-you-mean compared it with every step name).
        Path file = Files.writeString(dir.resolve("desired.yaml"),
                "userFlows:\n  B2X_1_a:\n    ? " + "p".repeat(900_000) + "\n    : x\n");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();

        DesiredStateException e = rejected(file, "desired.yaml");

        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(e.problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).contains("is 900000 characters long"));
        assertThat(allocated).as("bytes allocated to load the file").isLessThan(64L * 1024 * 1024);
    }

    @Test
    void aValueOverTheLimitIsAProblemThatEchoesOnlyItsStart() throws IOException {
        String name = "n".repeat(DesiredStateFormat.MAX_VALUE_CHARS + 1);

        DesiredStateException e = rejected("userFlows:\n  B2X_1_a:\n    postFederationSignup: " + name + "\n");

        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.location().line()).isEqualTo(3);
            assertThat(p.reason()).contains("is " + (DesiredStateFormat.MAX_VALUE_CHARS + 1) + " characters long")
                    .hasSizeLessThan(300);
        });
    }

    @Test
    void aValueAtTheLimitIsAccepted() throws Exception {
        String name = "n".repeat(DesiredStateFormat.MAX_VALUE_CHARS);
        Path file = Files.writeString(dir.resolve("desired.yaml"),
                "userFlows:\n  B2X_1_a:\n    postFederationSignup: " + name + "\n");

        assertThat(new DesiredStateLoader(false).load(file).flows()).hasSize(1);
    }

    @Test
    void echoedNamesAreCutShort() throws IOException {
        String key = "u".repeat(200);

        DesiredStateException e = rejected("userFlows: {}\n" + key + ": 1\n");

        assertThat(e.problems()).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("'" + "u".repeat(Excerpt.MAX_CHARS) + "…'")
                .doesNotContain("u".repeat(Excerpt.MAX_CHARS + 1)));
    }
}
