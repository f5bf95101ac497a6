package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** {@code authenticationEventsFlows:}: an External ID external tenant's sign-up flows and the extensions they call. */
class EventsFlowsSectionTest {
    private static final String FLOW = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final SourceRevision REVISION = SourceRevision.folder("test");

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    @Test
    void eachEventNamesAnExtensionByDisplayNameOrIdOrCallsNone() throws Exception {
        DesiredState state = load("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionStart: null
                    onAttributeCollectionSubmit: {id: 6f1e2d3c-0000-4000-8000-000000000001}
                  1A1B2C3D-4E5F-4A6B-8C7D-9E0F1A2B3C4D:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(FLOW));

        assertThat(state.flows()).extracting(DesiredFlow::flowId)
                .containsExactlyInAnyOrder(FLOW, "1a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d");
        DesiredFlow first = state.flows().stream().filter(f -> f.flowId().equals(FLOW)).findFirst().orElseThrow();
        assertThat(first.steps()).extracting(DesiredStep::step)
                .containsExactly(Step.ON_ATTRIBUTE_COLLECTION_START, Step.ON_ATTRIBUTE_COLLECTION_SUBMIT);
        assertThat(first.steps()).extracting(DesiredStep::connector).containsExactly(Optional.empty(),
                Optional.of(new ConnectorRef.ById("6f1e2d3c-0000-4000-8000-000000000001")));
        assertThat(first.location()).isEqualTo(new SourceLocation("desired.yaml", 2, 3));
    }

    @Test
    void aFileWithOnlyExternalFlowsNeedsNoUserFlowsKey() throws Exception {
        DesiredState state = load("authenticationEventsFlows: {}\n");

        assertThat(state.flows()).isEmpty();
    }

    @Test
    void bothSectionsInOneFileAreOneDesiredState() throws Exception {
        DesiredState state = load("""
                userFlows:
                  B2X_1_partner:
                    postAttributeCollection: Check partner domain
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(FLOW));

        assertThat(state.flows()).extracting(DesiredFlow::flowId).containsExactlyInAnyOrder("B2X_1_partner", FLOW);
    }

    @Test
    void aUserFlowsStepUnderAnExternalFlowIsRefusedWithWhereItBelongs() throws IOException {
        ValidationProblem problem = onlyProblem("""
                authenticationEventsFlows:
                  %s:
                    postAttributeCollection: Validate sign-up
                """.formatted(FLOW));

        assertThat(problem.location()).isEqualTo(new SourceLocation("desired.yaml", 3, 5));
        assertThat(problem.reason()).contains("unknown event 'postAttributeCollection'",
                "under 'userFlows:'", "onAttributeCollectionStart, onAttributeCollectionSubmit");
    }

    @Test
    void anEventUnderAUserFlowIsRefusedWithWhereItBelongs() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_partner:
                    onAttributeCollectionSubmit: Validate sign-up
                """);

        assertThat(problem.location()).isEqualTo(new SourceLocation("desired.yaml", 3, 5));
        assertThat(problem.reason()).contains("unknown step 'onAttributeCollectionSubmit'",
                "under 'authenticationEventsFlows:'");
    }

    @Test
    void aMisspelledEventSuggestsTheClosest() throws IOException {
        ValidationProblem problem = onlyProblem("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmitt: Validate sign-up
                """.formatted(FLOW));

        assertThat(problem.reason()).contains("Did you mean 'onAttributeCollectionSubmit'?");
    }

    @Test
    void aPrefixedIdUnderTheEventsSectionIsRefusedAndPointedToUserFlows() throws IOException {
        ValidationProblem problem = onlyProblem("""
                authenticationEventsFlows:
                  B2X_1_partner:
                    onAttributeCollectionSubmit: Validate sign-up
                """);

        assertThat(problem.location()).isEqualTo(new SourceLocation("desired.yaml", 2, 3));
        assertThat(problem.reason()).contains("not an external tenant's sign-up flow id", "goes under 'userFlows:'");
    }

    @Test
    void aGuidUnderUserFlowsIsRefused() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  %s:
                    postAttributeCollection: Check partner domain
                """.formatted(FLOW));

        assertThat(problem.location()).isEqualTo(new SourceLocation("desired.yaml", 2, 3));
        assertThat(problem.reason()).contains("is not a user flow id");
    }

    @Test
    void aConnectorKeyCannotBeWhatAnEventCalls() throws IOException {
        ValidationProblem problem = onlyProblem("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: {connector: partner}
                """.formatted(FLOW));

        assertThat(problem.location().line()).isEqualTo(3);
        assertThat(problem.reason()).contains("calls a custom authentication extension", "{id: ...}");
    }

    @Test
    void theSameFlowTwiceInOneSectionIsADuplicateKey() throws IOException {
        List<ValidationProblem> problems = problems("""
                authenticationEventsFlows:
                  %1$s:
                    onAttributeCollectionSubmit: Validate sign-up
                  %1$s:
                    onAttributeCollectionStart: null
                """.formatted(FLOW));

        assertThat(problems).anySatisfy(p -> {
            assertThat(p.location().line()).isEqualTo(4);
            assertThat(p.reason()).containsIgnoringCase("duplicate");
        });
    }

    @Test
    void anEmptyEventsFlowIsRefusedAndNothingIsLoaded() throws IOException {
        ValidationProblem problem = onlyProblem("""
                userFlows:
                  B2X_1_partner:
                    postAttributeCollection: Check partner domain
                authenticationEventsFlows:
                  %s: {}
                """.formatted(FLOW));

        assertThat(problem.reason()).contains("flow lists no event; remove it or name an event");
    }

    @Test
    void aFileWithNeitherSectionStillSaysWhatIsMissing() throws IOException {
        ValidationProblem problem = onlyProblem("version: 1\n");

        assertThat(problem.reason()).contains("missing 'userFlows'", "authenticationEventsFlows");
    }

    private DesiredState load(String yaml) throws Exception {
        return loader.load(Files.writeString(dir.resolve("desired.yaml"), yaml), "desired.yaml", REVISION);
    }

    private List<ValidationProblem> problems(String yaml) throws IOException {
        Path path = Files.writeString(dir.resolve("desired.yaml"), yaml);
        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> loader.load(path, "desired.yaml", REVISION));
        assertThat(e).as("expected the desired state to be rejected").isNotNull();
        return e.problems();
    }

    private ValidationProblem onlyProblem(String yaml) throws IOException {
        List<ValidationProblem> problems = problems(yaml);
        assertThat(problems).hasSize(1);
        return problems.get(0);
    }
}
