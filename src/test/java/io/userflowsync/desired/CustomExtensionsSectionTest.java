package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The optional {@code customExtensions:} section: an external tenant's custom authentication extensions as code,
 * named by events as {@code {extension: key}}, as strict as the rest of format v1 (file:line for every problem).
 */
class CustomExtensionsSectionTest {
    private static final SourceRevision REVISION = SourceRevision.folder("test");
    private static final String FLOW = "5e1b2c3d-4f50-4a6b-8c7d-9e0f1a2b3c4d";
    private static final String EXTENSIONS = """
            customExtensions:
              validate:
                event: onAttributeCollectionSubmit
                displayName: Validate sign-up
                targetUrl: https://signup.example/validate
                resourceId: api://signup.example/2c1f9a0e-7b3d-4e5f-8a6b-1c2d3e4f5a6b
                timeoutInMilliseconds: 1500
                maximumRetries: 1
              prefill:
                event: onAttributeCollectionStart
                displayName: Prefill
                description: Fills in the country
                targetUrl: https://signup.example/prefill
                resourceId: 2c1f9a0e-7b3d-4e5f-8a6b-1c2d3e4f5a6b
            """;
    private static final String FLOWS = """
            authenticationEventsFlows:
              %s:
                onAttributeCollectionSubmit: {extension: validate}
                onAttributeCollectionStart: {extension: prefill}
            """.formatted(FLOW);

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    @Test
    void theSectionReadsIntoManagedExtensionsSortedByKeyAndEventsNameThemByKey() throws Exception {
        DesiredState state = load(EXTENSIONS + FLOWS);

        assertThat(state.extensions()).containsExactly(
                new ManagedExtension("prefill", Step.ON_ATTRIBUTE_COLLECTION_START, "Prefill",
                        Optional.of("Fills in the country"), "https://signup.example/prefill",
                        "2c1f9a0e-7b3d-4e5f-8a6b-1c2d3e4f5a6b", Optional.empty(), Optional.empty(),
                        new SourceLocation("desired.yaml", 9, 3)),
                new ManagedExtension("validate", Step.ON_ATTRIBUTE_COLLECTION_SUBMIT, "Validate sign-up",
                        Optional.empty(), "https://signup.example/validate",
                        "api://signup.example/2c1f9a0e-7b3d-4e5f-8a6b-1c2d3e4f5a6b", Optional.of(1500), Optional.of(1),
                        new SourceLocation("desired.yaml", 2, 3)));
        assertThat(state.flows()).singleElement().satisfies(f -> assertThat(f.steps())
                .extracting(s -> s.connector().orElseThrow())
                .containsExactlyInAnyOrder(new ConnectorRef.ByExtensionKey("validate"),
                        new ConnectorRef.ByExtensionKey("prefill")));
        assertThat(state.extension("validate").orElseThrow().type()).isEqualTo("onAttributeCollectionSubmitCustomExtension");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "an unknown event|event: onAttributeCollectionSubmit|event: onAttributeCollectionSubmitt|3|unknown event 'onAttributeCollectionSubmitt': a custom extension serves onAttributeCollectionStart, onAttributeCollectionSubmit, onTokenIssuanceStart, onOtpSend. Did you mean 'onAttributeCollectionSubmit'?",
            "a step of a user flow as the event|event: onAttributeCollectionSubmit|event: postAttributeCollection|3|unknown event 'postAttributeCollection'",
            "an http URL|targetUrl: https://signup.example/validate|targetUrl: http://signup.example/validate|5|the extension's targetUrl must be an absolute https:// URL",
            "a timeout under Graph's range|timeoutInMilliseconds: 1500|timeoutInMilliseconds: 100|7|timeoutInMilliseconds is 100; Graph accepts 200 to 2000",
            "a timeout over Graph's range|timeoutInMilliseconds: 1500|timeoutInMilliseconds: 5000|7|timeoutInMilliseconds is 5000; Graph accepts 200 to 2000",
            "a quoted timeout|timeoutInMilliseconds: 1500|timeoutInMilliseconds: '1500'|7|timeoutInMilliseconds must be a whole number from 200 to 2000, not a string",
            "two retries|maximumRetries: 1|maximumRetries: 2|8|maximumRetries is 2; Graph accepts 0 to 1",
            "an unknown key|resourceId: api://|resourceID: api://|6|unknown key 'resourceID' in a custom extension. Did you mean 'resourceId'?",
            "a blank displayName|displayName: Validate sign-up|displayName: ' '|4|the extension's displayName must not be blank",
    })
    void aBrokenExtensionIsRefusedWithFileAndLine(String what, String original, String replacement, int line,
                                                  String reason) throws Exception {
        assertThat(EXTENSIONS.lines().toList().get(line - 1)).as("the row names its line").contains(original);
        List<ValidationProblem> problems = problems(EXTENSIONS.replaceFirst(original, replacement) + FLOWS);

        assertThat(problems).as(what).anySatisfy(p -> {
            assertThat(p.location().file()).isEqualTo("desired.yaml");
            assertThat(p.location().line()).isEqualTo(line);
            assertThat(p.reason()).startsWith(reason);
        });
    }

    @Test
    void eachMissingFieldIsNamed() throws Exception {
        List<ValidationProblem> problems = problems("customExtensions:\n  x:\n    displayName: X\n"
                + "authenticationEventsFlows: {}\n");

        assertThat(problems).extracting(ValidationProblem::reason).containsExactly(
                "the event the extension serves is missing ('event:')",
                "the extension's targetUrl is missing ('targetUrl:')",
                "the extension's resourceId (the API's application ID URI or appId, which Graph gets a token for) is "
                        + "missing ('resourceId:')");
    }

    @Test
    void aKeyThatNamesNoExtensionIsRefusedWithASuggestion() throws Exception {
        List<ValidationProblem> problems = problems(EXTENSIONS + FLOWS.replace("{extension: validate}",
                "{extension: validat}"));

        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.location()).isEqualTo(new SourceLocation("desired.yaml", 17, 5));
            assertThat(p.reason()).contains("{extension: validat} names no extension")
                    .contains("Did you mean 'validate'?");
        });
    }

    @Test
    void anEventCallsOnlyAnExtensionThatServesIt() throws Exception {
        List<ValidationProblem> problems = problems(EXTENSIONS + FLOWS.replace("{extension: prefill}",
                "{extension: validate}"));

        assertThat(problems).singleElement().satisfies(p -> assertThat(p.reason()).isEqualTo(
                "{extension: validate} serves onAttributeCollectionSubmit (desired.yaml:2), not "
                        + "onAttributeCollectionStart: Graph lets an event call only an extension of its own type "
                        + "(onAttributeCollectionStartCustomExtension)"));
    }

    @Test
    void aUserFlowsStepCannotNameAnExtensionNorAnEventAConnectorKey() throws Exception {
        List<ValidationProblem> problems = problems(EXTENSIONS
                + "userFlows:\n  B2X_1_a:\n    postAttributeCollection: {extension: validate}\n"
                + FLOWS.replace("{extension: prefill}", "{connector: prefill}"));

        assertThat(problems).extracting(ValidationProblem::reason).satisfiesExactly(
                r -> assertThat(r).startsWith("a user flow's step calls an API connector, and {extension: key} names "
                        + "a custom authentication extension"),
                r -> assertThat(r).startsWith("an event calls a custom authentication extension, and {connector: "
                        + "key} names an API connector"));
    }

    @Test
    void inAFolderAKeyIsDeclaredOnceAndADisplayNameBelongsToOneExtension() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("tenant"));
        Files.writeString(folder.resolve("a.yaml"), EXTENSIONS + FLOWS);
        Files.writeString(folder.resolve("b.yaml"), EXTENSIONS.replace("Validate sign-up", "Prefill")
                .replace("  prefill:", "  prefill-2:") + "authenticationEventsFlows: {}\n");

        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(folder, "tenant", REVISION));

        assertThat(e.problems()).extracting(ValidationProblem::toString).containsExactly(
                "tenant/b.yaml:2:3: custom extension validate is already declared at tenant/a.yaml:2; declare each "
                        + "extension once",
                "tenant/b.yaml:9:3: custom extension prefill-2 has the displayName \"Prefill\" of extension prefill "
                        + "(tenant/a.yaml:9); give each managed extension its own displayName");
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
