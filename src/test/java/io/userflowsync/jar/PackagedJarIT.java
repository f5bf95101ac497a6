package io.userflowsync.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it (README's first command): every Camel component, route and resource it needs
 * must be inside it. Run from an empty folder so nothing in the checkout is used.
 */
class PackagedJarIT {
    @TempDir
    Path elsewhere;

    private record Run(int exit, String out, String err) {
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("agent.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Path out = elsewhere.resolve("out.txt");
        Path err = elsewhere.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void demoPlansAppliesAndEndsInSync() throws Exception {
        Run demo = java("demo");

        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("Plan: 1 to bind, 1 to rebind, 2 to unbind")
                .contains("Apply: applied 4, verified 4, not effective 0, unverified 0, failed 0, skipped 0")
                .contains("No changes");
        assertThat(demo.err()).doesNotContain("ERROR");
    }

    @Test
    void validateRejectsABadFileWithItsLine() throws Exception {
        Path bad = elsewhere.resolve("bad.yaml");
        Files.writeString(bad, "userFlows:\n  B2X_1_a:\n    postFederationSignup:\n");

        Run validate = java("validate", "--desired", bad.toString());

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.err()).contains(bad + ":3:").contains("empty value");
    }

    @Test
    void unknownCommandPrintsUsage() throws Exception {
        Run run = java("frobnicate");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown command 'frobnicate'").contains("usage:");
    }
}
