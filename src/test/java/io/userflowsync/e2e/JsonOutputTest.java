package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * {@code --output json} prints exactly one JSON document on stdout for every command and every result (issue 6,
 * item 10), read here by a JSON parser that refuses trailing text; anything for people goes to stderr.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    @TempDir
    Path dir;
    TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static JsonNode parse(TestTenant.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    @Test
    void planWithDriftIsOneDocumentWithThePlanAndItsResult() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);

        TestTenant.Result r = t.run("plan", "--desired", desired.toString(), "--output", "json");

        JsonNode doc = parse(r);
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(doc.path("formatVersion").asInt()).isEqualTo(2);
        assertThat(doc.path("command").asText()).isEqualTo("plan");
        assertThat(doc.path("result").asText()).isEqualTo("drift");
        assertThat(doc.path("exitCode").asInt()).isEqualTo(2);
        assertThat(doc.path("changes")).hasSize(4);
        assertThat(doc.path("apply").isNull()).isTrue();
    }

    @Test
    void applyIsOneDocumentWithEachChangesOutcomeAndNoTextAfterIt() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);

        TestTenant.Result r = t.run("apply", "--desired", desired.toString(), "--output", "json");

        JsonNode doc = parse(r);
        assertThat(r.exitCode()).as(r.all()).isZero();
        assertThat(doc.path("command").asText()).isEqualTo("apply");
        assertThat(doc.path("result").asText()).isEqualTo("applied");
        assertThat(doc.at("/apply/summary/verified").asInt()).isEqualTo(4);
        assertThat(doc.at("/apply/results")).hasSize(4)
                .allSatisfy(c -> assertThat(c.path("outcome").asText()).isEqualTo("verified"));
        assertThat(r.out()).doesNotContain("Apply: applied");
    }

    @Test
    void anInvalidDesiredStateIsOneDocumentWithEveryProblemAndItsPlace() throws Exception {
        Path desired = TestTenant.desired(dir, """
                userFlows:
                  B2X_1_customers:
                    postFederationSignup: null
                    postFederationSignup: Check partner domain
                """);

        for (String command : new String[] {"plan", "apply", "validate"}) {
            TestTenant.Result r = t.run(command, "--desired", desired.toString(), "--output", "json");

            JsonNode doc = parse(r);
            assertThat(r.exitCode()).as(command).isEqualTo(1);
            assertThat(doc.path("command").asText()).isEqualTo(command);
            assertThat(doc.path("result").asText()).isIn("blocked", "invalid");
            assertThat(doc.path("problems")).singleElement().satisfies(p -> {
                assertThat(p.path("line").asInt()).isEqualTo(4);
                assertThat(p.path("file").asText()).endsWith("flows.yaml");
                assertThat(p.path("message").asText()).contains("duplicate");
            });
            assertThat(r.err()).as("the problem for people, on stderr").contains("duplicate");
        }
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void validateOfAValidDesiredStateIsOneDocument() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);

        TestTenant.Result r = t.run("validate", "--desired", desired.toString(), "--output", "json");

        JsonNode doc = parse(r);
        assertThat(r.exitCode()).isZero();
        assertThat(doc.path("result").asText()).isEqualTo("valid");
        assertThat(doc.path("userFlows").asInt()).isEqualTo(3);
        assertThat(doc.path("managedSteps").asInt()).isEqualTo(5);
    }

    @Test
    void aFiveFieldCronStopsTheDaemonBeforeItStartsWithAHint() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);

        TestTenant.Result r = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> t.run("run", "--desired",
                desired.toString(), "--set", "sync.schedule=*/5 * * * *"));

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("did you mean '0 */5 * * * ?'").doesNotContain("Exception").doesNotContain("\tat ");
    }
}
