package io.userflowsync.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad desired state, through the real apply command against a drifted tenant: rejected with file and
 * line, exit 1, and not one Graph call, so not one write.
 */
class BadInputWritesNothingTest {
    @TempDir
    Path dir;
    private TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    static Stream<Arguments> badInputs() {
        String good = "userFlows:\n  B2X_1_contractors:\n    postAttributeCollection: null\n";
        return Stream.of(
                Arguments.of("YAML syntax", Map.of("a.yaml", "userFlows:\n  B2X_1_contractors: [postAttributeCollection\n"), "a.yaml:3:"),
                Arguments.of("duplicate flow", Map.of("a.yaml", good + "  B2X_1_contractors:\n    postFederationSignup: null\n"), "a.yaml:4:3"),
                Arguments.of("duplicate step", Map.of("a.yaml", good + "    postAttributeCollection: Legacy CRM hook\n"), "a.yaml:4:5"),
                Arguments.of("unknown top-level key", Map.of("a.yaml", good + "userflows: {}\n"), "a.yaml:4:1"),
                Arguments.of("unknown step", Map.of("a.yaml", good.replace("postAttributeCollection", "postAttributeCollect")), "a.yaml:3:5"),
                Arguments.of("empty value", Map.of("a.yaml", good.replace(" null", "")), "a.yaml:3:"),
                Arguments.of("number value", Map.of("a.yaml", good.replace("null", "42")), "a.yaml:3:30"),
                Arguments.of("list value", Map.of("a.yaml", good.replace("null", "[a, b]")), "a.yaml:3:30"),
                Arguments.of("unknown key in a connector reference", Map.of("a.yaml", good.replace("null", "{name: x}")), "a.yaml:3:"),
                Arguments.of("bad flow id", Map.of("a.yaml", good.replace("B2X_1_contractors", "contractors")), "a.yaml:2:3"),
                Arguments.of("empty document", Map.of("a.yaml", "# nothing here yet\n"), "a.yaml:1:"),
                Arguments.of("same flow step in two files", Map.of("a.yaml", good, "b.yaml", good), "b.yaml:3:5"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void isRejectedWithItsLocationAndNoGraphCall(String kind, Map<String, String> files, String location) throws Exception {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        for (Map.Entry<String, String> f : files.entrySet()) {
            Files.writeString(folder.resolve(f.getKey()), f.getValue());
        }

        TestTenant.Result apply = t.run("apply", "--desired", folder.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains(folder + "/" + location);
        assertThat(t.simulator.requests()).as("no Graph call at all").isEmpty();
        assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection")).as("still bound").isPresent();
    }
}
