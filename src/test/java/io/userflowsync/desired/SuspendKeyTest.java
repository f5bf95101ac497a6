package io.userflowsync.desired;

import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code suspend: true} (issue 8, item 2): a team pauses every write from the config repository with an audited
 * commit. Optional, a YAML boolean only, and as strict as every other key: what only looks like a boolean is an error
 * with file:line.
 */
class SuspendKeyTest {
    private static final SourceRevision REVISION = SourceRevision.folder("test");
    private static final String FLOWS = "userFlows:\n  B2X_1_a:\n    postFederationSignup: null\n";

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    @Test
    void withoutTheKeyNothingIsSuspended() throws Exception {
        assertThat(load(FLOWS).suspendedAt()).isEmpty();
    }

    @ParameterizedTest(name = "suspend: {0}")
    @ValueSource(strings = {"true", "True", "TRUE"})
    void trueSuspendsAndSaysWhere(String value) throws Exception {
        DesiredState state = load("version: 1\nsuspend: " + value + "\n" + FLOWS);

        assertThat(state.suspendedAt()).contains(new SourceLocation("desired.yaml", 2, 1));
        assertThat(state.flows()).hasSize(1);
    }

    @ParameterizedTest(name = "suspend: {0}")
    @ValueSource(strings = {"false", "False", "FALSE"})
    void falseIsTheSameAsLeavingItOut(String value) throws Exception {
        assertThat(load(FLOWS + "suspend: " + value + "\n").suspendedAt()).isEmpty();
    }

    @ParameterizedTest(name = "suspend: {0}")
    @CsvSource(delimiter = '|', value = {
            "yes|'yes' (string)",
            "on|'on' (string)",
            "'\"true\"'|'true' (string)",
            "1|'1' (number (1))",
            "null|'null' (null)",
            "''|an empty value",
            "[true]|a list",
            "{a: true}|a mapping"})
    void anythingButABooleanIsAnErrorWithFileAndLine(String value, String described) throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + "suspend: " + value + "\n");

        assertThat(problems).hasSize(1);
        ValidationProblem problem = problems.get(0);
        assertThat(problem.location().file()).isEqualTo("desired.yaml");
        assertThat(problem.location().line()).isEqualTo(4);
        assertThat(problem.reason()).isEqualTo("'suspend' must be true or false, not " + described
                + ": write 'suspend: true' to pause every write, or leave the key out");
    }

    @Test
    void aSuspendGivenTwiceIsADuplicateKey() throws Exception {
        List<ValidationProblem> problems = problems("suspend: true\nsuspend: false\n" + FLOWS);

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason())
                .startsWith("duplicate key 'suspend': it is already set at line 1"));
    }

    @Test
    void theUnknownKeyMessageListsSuspend() throws Exception {
        List<ValidationProblem> problems = problems(FLOWS + "suspended: true\n");

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason())
                .contains("Did you mean 'suspend'?")
                .contains("version (1), suspend (true or false), connectors (API connectors to manage)"));
    }

    @Test
    void inAFolderAnyFileSuspendsTheWholeDesiredStateAndTheFirstIsNamed() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("tenants"));
        Files.writeString(folder.resolve("a-team.yaml"), "userFlows:\n  B2X_1_a:\n    postFederationSignup: null\n");
        Files.writeString(folder.resolve("b-team.yaml"),
                "suspend: true\nuserFlows:\n  B2X_1_b:\n    postFederationSignup: null\n");
        Files.writeString(folder.resolve("c-team.yaml"),
                "userFlows:\n  B2X_1_c:\n    postFederationSignup: null\nsuspend: true\n");

        DesiredState state = loader.load(folder, "tenants", REVISION);

        assertThat(state.suspendedAt()).contains(new SourceLocation("tenants/b-team.yaml", 1, 1));
        assertThat(state.flows()).hasSize(3);
    }

    private DesiredState load(String yaml) throws Exception {
        return loader.load(Files.writeString(dir.resolve("desired.yaml"), yaml), "desired.yaml", REVISION);
    }

    private List<ValidationProblem> problems(String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("desired.yaml"), yaml);
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(file, "desired.yaml", REVISION));
        assertThat(e).as("the loader refuses it").isNotNull();
        return e.problems();
    }
}
