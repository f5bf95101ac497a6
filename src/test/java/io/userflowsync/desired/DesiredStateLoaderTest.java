package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

class DesiredStateLoaderTest {
    private static final SourceRevision REVISION = SourceRevision.folder("test");

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    // ---- bad input: one test per kind, each checking file, line, column and a key phrase ----

    @Test
    void syntaxErrorIsReportedAtTheParsersMark() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a: {postFederationSignup: x
                """);
        assertProblem(problem, "desired.yaml", 3, 1, "YAML syntax error");
        assertThat(problem.reason()).contains("expected ',' or '}'").doesNotContain("\n");
    }

    @Test
    void duplicateFlowKeyIsReportedAtTheSecondNamingTheFirstLine() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: A
                  B2X_1_a:
                    postAttributeCollection: B
                """);
        assertProblem(problem, "desired.yaml", 4, 3, "duplicate key 'B2X_1_a': it is already set at line 2");
    }

    @Test
    void duplicateStepKeyIsReported() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: A
                    postFederationSignup: null
                """);
        assertProblem(problem, "desired.yaml", 4, 5, "duplicate key 'postFederationSignup': it is already set at line 3");
    }

    @Test
    void duplicateKeyInsideAnIdReferenceIsReported() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {id: one, id: two}
                """);
        assertProblem(problem, "desired.yaml", 3, 37, "duplicate key 'id': it is already set at line 3");
    }

    @Test
    void duplicateTopLevelKeyIsReported() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows: {}
                version: 1
                userFlows: {}
                """);
        assertProblem(problem, "desired.yaml", 3, 1, "duplicate key 'userFlows': it is already set at line 1");
    }

    @Test
    void unknownTopLevelKeySuggestsTheClosest() throws IOException {
        ValidationProblem problem = onlyProblem("""
                version: 1
                userflows:
                  B2X_1_a:
                    postFederationSignup: A
                missing: x
                """.replace("missing: x\n", "userFlows: {}\n"));
        assertProblem(problem, "desired.yaml", 2, 1, "unknown top-level key 'userflows'. Did you mean 'userFlows'?");
        assertThat(problem.reason()).endsWith("allowed keys are userFlows (required unless authenticationEventsFlows or "
                + "applicationListeners is there), authenticationEventsFlows (an external tenant's sign-up flows), "
                + "applicationListeners (its applications' listeners), version (1), suspend (true or false), "
                + "connectors (API connectors to manage) and customExtensions (custom authentication extensions to "
                + "manage); all but userFlows are optional");
    }

    @Test
    void missingUserFlowsIsReported() throws IOException {
        List<ValidationProblem> problems = problems("""
                version: 1
                userFlow: {}
                """);
        assertThat(problems).hasSize(2);
        assertProblem(problems.get(0), "desired.yaml", 1, 1, "missing 'userFlows'");
        assertProblem(problems.get(1), "desired.yaml", 2, 1, "Did you mean 'userFlows'?");
    }

    @Test
    void unknownStepSuggestsTheClosestAndListsTheSteps() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignUp: A
                """);
        assertProblem(problem, "desired.yaml", 3, 5,
                "unknown step 'postFederationSignUp'. Did you mean 'postFederationSignup'?");
        assertThat(problem.reason()).contains("The steps are postFederationSignup, postAttributeCollection.");
    }

    @Test
    void unknownStepWithATypoSuggestsTheStep() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postAtributeColection: A
                """);
        assertProblem(problem, "desired.yaml", 3, 5, "Did you mean 'postAttributeCollection'?");
    }

    @Test
    void experimentalStepNeedsTheOptIn() throws Exception {
        String yaml = """
                userFlows:
                  B2C_1_susi:
                    preTokenIssuance: Enrich token
                """;
        ValidationProblem problem = onlyProblem(yaml);
        assertProblem(problem, "desired.yaml", 3, 5, "step 'preTokenIssuance' is experimental");
        assertThat(problem.reason()).contains("SYNC_EXPERIMENTAL_PRE_TOKEN_ISSUANCE=true");

        DesiredState state = new DesiredStateLoader(true).load(write("desired.yaml", yaml), "desired.yaml", REVISION);
        assertThat(state.flows().get(0).steps()).containsExactly(new DesiredStep(Step.PRE_TOKEN_ISSUANCE,
                Optional.of(new ConnectorRef.ByDisplayName("Enrich token")), at("desired.yaml", 3, 5)));
    }

    @Test
    void theExperimentalStepIsOnlyForB2cFlows() throws Exception {
        Path file = write("desired.yaml", """
                userFlows:
                  B2X_1_partner:
                    preTokenIssuance: Enrich token
                """);

        assertThatThrownBy(() -> new DesiredStateLoader(true).load(file, "desired.yaml", REVISION))
                .isInstanceOfSatisfying(DesiredStateException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(p -> assertProblem(p, "desired.yaml", 3, 5, "only for Azure AD B2C flows")));
    }

    @Test
    void emptyValueNeverUnbinds() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup:
                    postAttributeCollection: A
                """);
        assertProblem(problem, "desired.yaml", 3, 26, "empty value: write null to unbind the step, or name a connector");
    }

    @ParameterizedTest
    @ValueSource(strings = {"123", "1.5", "true", "False", "0x1F"})
    void numberOrBooleanValueMustBeQuoted(String value) throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: %s
                """.formatted(value));
        assertProblem(problem, "desired.yaml", 3, 27, "must be quoted (\"" + value + "\")");
        assertThat(problem.reason()).contains("YAML reads " + value + " as a");
    }

    @Test
    void yaml11BooleanWordMustBeQuoted() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: yes
                """);
        assertProblem(problem, "desired.yaml", 3, 27, "'yes' reads as a boolean in YAML 1.1 tools; quote it");
    }

    @Test
    void sequenceValueIsRefused() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: [A, B]
                """);
        assertProblem(problem, "desired.yaml", 3, 27,
                "expected null, a connector displayName, {id: ...}, {displayName: ...}, {connector: key} or, for an event, {extension: key}, not a list");
    }

    @Test
    void mappingWithUnknownKeyIsRefusedWithSuggestion() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {displayname: A}
                """);
        assertProblem(problem, "desired.yaml", 3, 28, "unknown key 'displayname' in a connector reference");
        assertThat(problem.reason()).contains("Did you mean 'displayName'?");
    }

    @Test
    void mappingWithBothKeysIsRefused() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {id: 5e1c, displayName: A}
                """);
        assertProblem(problem, "desired.yaml", 3, 38, "by id or by displayName, not both");

        List<ValidationProblem> problems = problems("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {displayName: A, name: B, id: C}
                """);
        assertThat(problems).hasSize(2);
        assertProblem(problems.get(0), "desired.yaml", 3, 44, "unknown key 'name'");
        assertProblem(problems.get(1), "desired.yaml", 3, 53, "not both");
    }

    @Test
    void emptyMappingAndBlankOrMissingIdAreRefused() throws IOException {
        List<ValidationProblem> problems = problems("""
                userFlows:
                  B2X_1_a:
                    postFederationSignup: {}
                    postAttributeCollection: {id: " "}
                  B2X_1_b:
                    postFederationSignup: {id: null}
                    postAttributeCollection: {displayName: 42}
                """);
        assertThat(problems).hasSize(4);
        assertProblem(problems.get(0), "desired.yaml", 3, 27, "not an empty mapping");
        assertProblem(problems.get(1), "desired.yaml", 4, 35, "the connector's id must not be blank");
        assertProblem(problems.get(2), "desired.yaml", 6, 32, "the connector's id is missing");
        assertProblem(problems.get(3), "desired.yaml", 7, 44, "a name that looks like a number must be quoted");
    }

    @Test
    void emptyFileIsAnError() throws IOException {
        ValidationProblem problem = onlyProblem("");
        assertProblem(problem, "desired.yaml", 1, 1, "empty document");
    }

    @Test
    void commentOnlyFileIsAnError() throws IOException {
        ValidationProblem problem = onlyProblem("# nothing yet\n\n   # still nothing\n");
        assertProblem(problem, "desired.yaml", 1, 1, "empty document");
    }

    @Test
    void documentMarkerWithoutContentIsAnError() throws IOException {
        ValidationProblem problem = onlyProblem("# header\n---\n");
        assertProblem(problem, "desired.yaml", 3, 1, "empty document");
    }

    @Test
    void emptyFolderIsAnError() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        Files.writeString(folder.resolve("README.md"), "not yaml");
        Files.writeString(folder.resolve(".hidden.yaml"), "userFlows: {}\n");
        Files.createDirectory(folder.resolve("sub.yaml"));
        List<ValidationProblem> problems = problemsOfPath(folder, "desired");
        assertThat(problems).hasSize(1);
        assertProblem(problems.get(0), "desired", 1, 1, "no *.yaml or *.yml file in this folder");
    }

    @Test
    void secondDocumentIsAnError() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows: {}
                ---
                userFlows: {}
                """);
        assertProblem(problem, "desired.yaml", 2, 1, "more than one YAML document");
    }

    @Test
    void firstDocumentIsStillCheckedWhenThereIsASecond() throws IOException {
        List<ValidationProblem> problems = problems("""
                version: 2
                userFlows: {}
                ---
                """);
        assertThat(problems).extracting(ValidationProblem::location)
                .containsExactly(at("desired.yaml", 1, 10), at("desired.yaml", 3, 1));
    }

    @Test
    void badFlowIdIsRefusedWithAHintForTheCase() throws IOException {
        List<ValidationProblem> problems = problems("""
                userFlows:
                  b2x_1_partner:
                    postFederationSignup: A
                  signup:
                    postFederationSignup: A
                  123:
                    postFederationSignup: A
                """);
        assertThat(problems).hasSize(3);
        assertProblem(problems.get(0), "desired.yaml", 2, 3, "'b2x_1_partner' is not a user flow id");
        assertThat(problems.get(0).reason()).contains("Did you mean 'B2X_1_partner'?");
        assertProblem(problems.get(1), "desired.yaml", 4, 3, "match " + UserFlowKind.ID_REGEX);
        assertProblem(problems.get(2), "desired.yaml", 6, 3, "'123' is not a user flow id");
    }

    @Test
    void flowWithNoStepIsRefused() throws IOException {
        List<ValidationProblem> problems = problems("""
                userFlows:
                  B2X_1_a:
                  B2X_1_b: {}
                  B2X_1_c: null
                """);
        assertThat(problems).extracting(p -> p.location().line()).containsExactly(2, 3, 4);
        assertThat(problems).allSatisfy(p ->
                assertThat(p.reason()).isEqualTo("flow lists no step; remove it or name a step"));
    }

    @Test
    void userFlowsMustBeAMapping() throws IOException {
        List<ValidationProblem> problems = problems("userFlows:\n");
        assertThat(problems).hasSize(1);
        assertProblem(problems.get(0), "desired.yaml", 1, 11, "'userFlows' must be a mapping");
        assertProblem(onlyProblem("userFlows: [B2X_1_a]\n"), "desired.yaml", 1, 12, "not a list");
    }

    @Test
    void topLevelMustBeAMapping() throws IOException {
        assertProblem(onlyProblem("- userFlows\n"), "desired.yaml", 1, 1, "the top level must be a mapping");
    }

    @ParameterizedTest
    @ValueSource(strings = {"2", "\"1\"", "1.0", "null"})
    void otherVersionsAreRefused(String version) throws IOException {
        ValidationProblem problem = onlyProblem("version: " + version + "\nuserFlows: {}\n");
        assertProblem(problem, "desired.yaml", 1, 10, "unsupported version");
    }

    @Test
    void anchorsAliasesAndMergeKeysAreRefused() throws IOException {
        List<ValidationProblem> problems = problems("""
                userFlows:
                  B2X_1_a: &steps
                    postFederationSignup: A
                  B2X_1_b: *steps
                  B2X_1_c:
                    <<: {postAttributeCollection: B}
                """);
        assertThat(problems).extracting(ValidationProblem::location).containsExactly(
                at("desired.yaml", 2, 12), at("desired.yaml", 4, 12), at("desired.yaml", 6, 5));
        assertThat(problems).allSatisfy(p -> assertThat(p.reason())
                .contains("anchors, aliases and merge keys are not supported in the desired state"));
        assertThat(problems.get(1).reason()).startsWith("alias *steps");
    }

    @Test
    void sameFlowStepInTwoFilesIsRefusedAtTheSecond() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        Files.writeString(folder.resolve("a.yaml"), """
                userFlows:
                  B2X_1_a:
                    postFederationSignup: A
                """);
        Files.writeString(folder.resolve("b.yml"), """
                # the same step again
                userFlows:
                  B2X_1_a:
                    postFederationSignup: B
                """);
        List<ValidationProblem> problems = problemsOfPath(folder, "desired");
        assertThat(problems).hasSize(1);
        assertProblem(problems.get(0), "desired/b.yml", 4, 5,
                "B2X_1_a postFederationSignup is already declared at desired/a.yaml:3");
    }

    @Test
    void invalidUtf8IsAProblemNotACrash() throws IOException {
        byte[] latin1 = "userFlows:\n  B2X_1_a:\n    postFederationSignup: Caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        Path file = dir.resolve("desired.yaml");
        Files.write(file, latin1);
        List<ValidationProblem> problems = problemsOfPath(file, "desired.yaml");
        assertThat(problems).hasSize(1);
        assertProblem(problems.get(0), "desired.yaml", 3, 30, "not valid UTF-8 (byte 0xE9");
    }

    @Test
    void fileOverOneMebibyteIsRefusedUnread() throws IOException {
        Path file = dir.resolve("desired.yaml");
        Files.writeString(file, "userFlows: {}\n" + "#".repeat(DesiredStateFormat.MAX_FILE_BYTES) + "\n");
        List<ValidationProblem> problems = problemsOfPath(file, "desired.yaml");
        assertThat(problems).hasSize(1);
        assertProblem(problems.get(0), "desired.yaml", 1, 1, "larger than 1 MiB");
    }

    @Test
    void deepNestingIsRefusedWithoutExhaustingTheStack() throws IOException {
        ValidationProblem problem = onlyProblem("userFlows: " + "[".repeat(5000) + "]".repeat(5000) + "\n");
        assertProblem(problem, "desired.yaml", 1, 12 + RefusedFeatureWatcher.MAX_DEPTH - 1, "nested deeper than");
    }

    @Test
    void missingPathIsAProblemNotAnIoException() {
        List<ValidationProblem> problems = problemsOfPath(dir.resolve("nope"), "config/nope");
        assertThat(problems).containsExactly(new ValidationProblem(at("config/nope", 1, 1),
                "cannot read: no such file or folder"));
    }

    @Test
    void unreadableFileIsAProblem() throws IOException {
        Path file = write("desired.yaml", "userFlows: {}\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("---------"));
        assumeFalse(Files.isReadable(file), "running as a user who can read anything (root)");
        assertThat(problemsOfPath(file, "desired.yaml")).containsExactly(new ValidationProblem(
                at("desired.yaml", 1, 1), "cannot read: permission denied"));
    }

    @Test
    void problemsOfSeveralFilesAreAllReportedInOrder() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        Files.writeString(folder.resolve("b.yaml"), """
                userFlows:
                  B2X_1_b:
                    postAttributeCollection:
                    postFederationSignup: [x]
                """);
        Files.writeString(folder.resolve("a.yaml"), """
                userFlows:
                  B2X_1_a:
                    bogus: A
                  bad id: {postFederationSignup: A}
                """);
        Files.writeString(folder.resolve("c.yml"), "userFlows: {B2X_1_c: {postFederationSignup: x}\n");
        List<ValidationProblem> problems = problemsOfPath(folder, "desired");
        assertThat(problems).extracting(ValidationProblem::location).containsExactly(
                at("desired/a.yaml", 3, 5),
                at("desired/a.yaml", 4, 3),
                at("desired/b.yaml", 3, 29),
                at("desired/b.yaml", 4, 27),
                at("desired/c.yml", 2, 1));
        DesiredStateException exception = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(folder, "desired", REVISION));
        assertThat(exception.getMessage()).startsWith("5 problem(s)").contains("desired/a.yaml:3:5: unknown step");
    }

    // ---- good input ----

    @Test
    void readsAllThreeValueFormsAndNulls() throws Exception {
        DesiredState state = load("""
                version: 1
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain
                    postAttributeCollection: {id: 5e1c3f0a-0000-4000-8000-000000000001}
                  B2X_1_x:
                    postFederationSignup: {displayName: "  Check partner domain  "}
                    postAttributeCollection: "quoted name"
                  B2C_1_nulls_1:
                    postFederationSignup: null
                    postAttributeCollection: ~
                  B2C_1_nulls_2:
                    postFederationSignup: Null
                    postAttributeCollection: NULL
                  B2X_1_numbers:
                    postFederationSignup: "123"
                    postAttributeCollection: 'yes'
                """);
        assertThat(state.source()).isEqualTo(REVISION);
        assertThat(state.flows()).extracting(DesiredFlow::flowId).containsExactly(
                "B2C_1_nulls_1", "B2C_1_nulls_2", "B2X_1_numbers", "B2X_1_partner_signup", "B2X_1_x");
        assertThat(connectors(state.flows().get(0))).containsExactly(Optional.empty(), Optional.empty());
        assertThat(connectors(state.flows().get(1))).containsExactly(Optional.empty(), Optional.empty());
        assertThat(connectors(state.flows().get(2))).containsExactly(
                Optional.of(new ConnectorRef.ByDisplayName("123")), Optional.of(new ConnectorRef.ByDisplayName("yes")));
        assertThat(connectors(state.flows().get(3))).containsExactly(
                Optional.of(new ConnectorRef.ByDisplayName("Check partner domain")),
                Optional.of(new ConnectorRef.ById("5e1c3f0a-0000-4000-8000-000000000001")));
        assertThat(connectors(state.flows().get(4))).containsExactly(
                Optional.of(new ConnectorRef.ByDisplayName("Check partner domain")),
                Optional.of(new ConnectorRef.ByDisplayName("quoted name")));
    }

    @Test
    void locationsPointAtFlowAndStepKeys() throws Exception {
        DesiredState state = load("""
                userFlows:
                  B2X_1_b:
                    postAttributeCollection: {id: abc}
                    postFederationSignup: null
                  B2X_1_a: {postFederationSignup: A}
                """);
        DesiredFlow a = state.flows().get(0);
        DesiredFlow b = state.flows().get(1);
        assertThat(a.location()).isEqualTo(at("desired.yaml", 5, 3));
        assertThat(a.steps()).extracting(DesiredStep::location).containsExactly(at("desired.yaml", 5, 13));
        assertThat(b.location()).isEqualTo(at("desired.yaml", 2, 3));
        // steps come in Step order, whatever the file's order
        assertThat(b.steps()).containsExactly(
                new DesiredStep(Step.POST_FEDERATION_SIGNUP, Optional.empty(), at("desired.yaml", 4, 5)),
                new DesiredStep(Step.POST_ATTRIBUTE_COLLECTION, Optional.of(new ConnectorRef.ById("abc")),
                        at("desired.yaml", 3, 5)));
    }

    @Test
    void emptyUserFlowsManagesNothing() throws Exception {
        assertThat(load("userFlows: {}\n").flows()).isEmpty();
        assertThat(load("version: 1\nuserFlows: {}  # nothing managed yet\n").flows()).isEmpty();
    }

    @Test
    void folderFilesAreMergedInNameOrder() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("desired"));
        Files.writeString(folder.resolve("20-partners.yml"), """
                userFlows:
                  B2X_1_partner:
                    postAttributeCollection: {id: abc}
                """);
        Files.writeString(folder.resolve("10-partners.yaml"), """
                userFlows:
                  B2X_1_partner:
                    postFederationSignup: Check partner domain
                  B2X_1_customers:
                    postAttributeCollection: null
                """);
        Files.writeString(folder.resolve("notes.txt"), "ignored");
        Files.writeString(folder.resolve(".draft.yaml"), "not: [valid");
        Path nested = Files.createDirectory(folder.resolve("nested"));
        Files.writeString(nested.resolve("x.yaml"), "not: [valid");

        DesiredState state = loader.load(folder, "desired", REVISION);

        assertThat(state.flows()).extracting(DesiredFlow::flowId).containsExactly("B2X_1_customers", "B2X_1_partner");
        DesiredFlow partner = state.flows().get(1);
        assertThat(partner.location()).isEqualTo(at("desired/10-partners.yaml", 2, 3));
        assertThat(partner.steps()).containsExactly(
                new DesiredStep(Step.POST_FEDERATION_SIGNUP,
                        Optional.of(new ConnectorRef.ByDisplayName("Check partner domain")),
                        at("desired/10-partners.yaml", 3, 5)),
                new DesiredStep(Step.POST_ATTRIBUTE_COLLECTION, Optional.of(new ConnectorRef.ById("abc")),
                        at("desired/20-partners.yml", 3, 5)));
    }

    @Test
    void byteOrderMarkIsAccepted() throws Exception {
        assertThat(load("\uFEFFuserFlows: {B2X_1_a: {postFederationSignup: A}}\n").flows()).hasSize(1);
    }

    @Test
    void defaultLoadNamesThePathItself() throws Exception {
        Path file = write("desired.yaml", "userFlows: {}\n");
        DesiredState state = loader.load(file);
        assertThat(state.source().location()).isEqualTo(file.toString());
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(write("bad.yaml", "userFlows:\n")));
        assertThat(e.problems().get(0).location().file()).isEqualTo(dir.resolve("bad.yaml").toString());
    }

    // ---- helpers ----

    private Path write(String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content);
    }

    private DesiredState load(String yaml) throws Exception {
        return loader.load(write("desired.yaml", yaml), "desired.yaml", REVISION);
    }

    private List<ValidationProblem> problems(String yaml) throws IOException {
        return problemsOfPath(write("desired.yaml", yaml), "desired.yaml");
    }

    private ValidationProblem onlyProblem(String yaml) throws IOException {
        List<ValidationProblem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }

    private List<ValidationProblem> problemsOfPath(Path path, String shownAs) {
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(path, shownAs, REVISION));
        assertThat(e).as("expected the desired state to be rejected").isNotNull();
        return e.problems();
    }

    private static List<Optional<ConnectorRef>> connectors(DesiredFlow flow) {
        return flow.steps().stream().map(DesiredStep::connector).toList();
    }

    private static SourceLocation at(String file, int line, int column) {
        return new SourceLocation(file, line, column);
    }

    private static void assertProblem(ValidationProblem problem, String file, int line, int column, String phrase) {
        assertThat(problem.location()).as(problem.toString()).isEqualTo(at(file, line, column));
        assertThat(problem.reason()).contains(phrase);
    }
}
