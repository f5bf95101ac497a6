package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The optional {@code applicationListeners:} section: which custom authentication extension an external tenant's
 * application calls at token issuance and email OTP, as strict as the rest of format v1.
 */
class ApplicationListenersSectionTest {
    private static final SourceRevision REVISION = SourceRevision.folder("test");
    private static final String APP = "A13D0FC1-04AB-4EDE-B215-63DE0174CBB4";

    @TempDir
    Path dir;

    private final DesiredStateLoader loader = new DesiredStateLoader(false);

    @Test
    void anApplicationsEventsReadAsAFlowOfItsOwnKindWithItsAppIdInLowerCase() throws Exception {
        DesiredState state = load("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: {extension: claims}
                    onOtpSend: null
                customExtensions:
                  claims:
                    event: onTokenIssuanceStart
                    displayName: Loyalty claims
                    targetUrl: https://claims.example/token
                    resourceId: api://claims.example
                """.formatted(APP));

        DesiredFlow app = state.flows().get(0);
        assertThat(app.flowId()).isEqualTo("app:a13d0fc1-04ab-4ede-b215-63de0174cbb4");
        assertThat(UserFlowKind.require(app.flowId())).isEqualTo(UserFlowKind.APPLICATION);
        assertThat(app.location()).isEqualTo(new SourceLocation("desired.yaml", 2, 3));
        assertThat(app.steps()).extracting(s -> s.step(), s -> s.connector())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(Step.ON_TOKEN_ISSUANCE_START,
                                Optional.of(new ConnectorRef.ByExtensionKey("claims"))),
                        org.assertj.core.groups.Tuple.tuple(Step.ON_OTP_SEND, Optional.empty()));
        assertThat(state.extension("claims").orElseThrow().type()).isEqualTo("onTokenIssuanceStartCustomExtension");
    }

    @Test
    void aListenerEventUnderASignUpFlowAndAnAttributeEventUnderAnApplicationAreEachSentHome() throws IOException {
        List<ValidationProblem> problems = problems("""
                authenticationEventsFlows:
                  5e1b2c3d-4f50-4a6b-8c7d-9e0f1a2b3c4d:
                    onTokenIssuanceStart: Loyalty claims
                applicationListeners:
                  %s:
                    onAttributeCollectionSubmit: Validate
                """.formatted(APP));

        assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
                "desired.yaml:3:5: unknown event 'onTokenIssuanceStart'. 'onTokenIssuanceStart' is an event of an "
                        + "external tenant's application, bound through a listener, under 'applicationListeners:'. "
                        + "The events are onAttributeCollectionStart, onAttributeCollectionSubmit.",
                "desired.yaml:6:5: unknown event 'onAttributeCollectionSubmit'. 'onAttributeCollectionSubmit' is an "
                        + "event of an external tenant's sign-up flow, under 'authenticationEventsFlows:'. The events "
                        + "are onTokenIssuanceStart, onOtpSend.");
    }

    @Test
    void anAppIdThatIsNoGuidAnApiConnectorAndAnEmptyApplicationAreRefusedWithFileAndLine() throws IOException {
        List<ValidationProblem> problems = problems("""
                applicationListeners:
                  my-web-app:
                    onTokenIssuanceStart: Loyalty claims
                  %s:
                    onTokenIssuanceStart: {connector: partner-check}
                  0000aaaa-11bb-22cc-33dd-444444eeeeee: {}
                """.formatted(APP));

        assertThat(problems).extracting(ValidationProblem::toString).containsExactly(
                "desired.yaml:2:3: 'my-web-app' is not an application id: write the application's appId (a GUID, "
                        + "its Application (client) ID in the portal), as a listener's includeApplications names it",
                "desired.yaml:5:27: an event calls a custom authentication extension, and {connector: key} names an "
                        + "API connector of 'connectors:'; name the extension by its displayName, {id: ...} or "
                        + "{extension: key}, or write null",
                "desired.yaml:6:41: application lists no event; remove it or name an event");
    }

    @Test
    void aFileWithOnlyApplicationsNeedsNoUserFlowsSection() throws Exception {
        DesiredState state = load("applicationListeners:\n  " + APP + ":\n    onOtpSend: Send OTP\n");

        assertThat(state.flows()).extracting(DesiredFlow::flowId)
                .containsExactly(UserFlowKind.applicationId(APP));
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
