package io.userflowsync.e2e;

import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.userflowsync.e2e.ExternalTenantCommandsTest.SIGN_UP;
import static io.userflowsync.e2e.ExternalTenantCommandsTest.VALIDATE;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An external tenant's custom authentication extensions as code, through the CLI over real HTTP against the
 * simulator: created, updated and bound by {@code plan} and {@code apply}, each command a new process state but the
 * state directory, where the id each key became is recorded.
 */
class ExtensionsAsCodeCommandsTest {
    private static final String SUBMIT = "onAttributeCollectionSubmit";
    private static final String REF_PUT = "PUT /beta/identity/authenticationEventsFlows/" + SIGN_UP
            + "/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAttributeCollectionSubmit/microsoft.graph."
            + "onAttributeCollectionSubmitCustomExtensionHandler/customExtension/$ref";
    private static final String CHECK = """
            customExtensions:
              signup-check:
                event: onAttributeCollectionSubmit
                displayName: Check sign-up
                targetUrl: https://signup.example/check
                resourceId: api://signup.example/check
                timeoutInMilliseconds: 1500
                maximumRetries: 1
            authenticationEventsFlows:
              %s:
                onAttributeCollectionSubmit: {extension: signup-check}
            """.formatted(SIGN_UP);

    @TempDir
    Path dir;

    private TestTenant t;
    private Map<String, String> env;

    @BeforeEach
    void start() {
        SimulatedTenant tenant = ExternalTenantCommandsTest.externalTenant();
        tenant.app().grantPermissions(List.of("EventListener.ReadWrite.All",
                "CustomAuthenticationExtension.ReadWrite.All"));
        t = TestTenant.of(tenant);
        env = t.environment();
        env.put("SYNC_GIT_WORK_DIR", dir.resolve("state").toString());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private TestTenant.Result run(String... args) {
        return t.run(env, args);
    }

    private Path desired(String yaml) throws Exception {
        return TestTenant.desired(dir, yaml);
    }

    private String created() {
        List<String> ids = t.tenant.customExtensionIds().stream()
                .filter(id -> t.tenant.extensionDetails(id).orElseThrow().displayName().startsWith("Check sign-up"))
                .toList();
        assertThat(ids).as("one extension made by the agent").hasSize(1);
        return ids.get(0);
    }

    @Test
    void anExtensionIsCreatedAndBoundInOneApplyAndASecondApplyWritesNothing() throws Exception {
        Path desired = desired(CHECK);

        TestTenant.Result plan = run("plan", "--desired", desired.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("Custom extensions:", "+ create  signup-check  \"Check sign-up\"",
                "targetUrl: https://signup.example/check", "\"Check sign-up\" (to be created)",
                "Custom extensions: 1 to create, 0 to update, 0 to delete.");
        assertThat(t.writes()).isEmpty();

        TestTenant.Result apply = run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        String id = created();
        assertThat(apply.out()).contains("done          create  extension signup-check  \"Check sign-up\" (" + id + ")",
                "Apply: applied 1, verified 1, not effective 0, unverified 0, failed 0, skipped 0; extensions: written 1, failed 0.");
        SimulatedTenant.ExtensionView made = t.tenant.extensionDetails(id).orElseThrow();
        assertThat(made.type()).isEqualTo("onAttributeCollectionSubmitCustomExtension");
        assertThat(made.targetUrl()).isEqualTo("https://signup.example/check");
        assertThat(made.resourceId()).isEqualTo("api://signup.example/check");
        assertThat(made.timeoutInMilliseconds()).isEqualTo(1500);
        assertThat(made.maximumRetries()).isEqualTo(1);
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).contains(id);
        assertThat(t.writes()).containsExactly("POST /beta/identity/customAuthenticationExtensions", REF_PUT);
        assertThat(dir.resolve("state/extensions-sent.json")).content().contains(id);

        t.simulator.clearRequests();
        TestTenant.Result again = run("apply", "--desired", desired.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("Custom extensions: no changes (1 managed extension).");
        assertThat(t.writes()).isEmpty();
        assertThat(t.tenant.createdExtensionCount()).isEqualTo(1);
        assertThat(apply.all() + again.all()).doesNotContain(TestTenant.SECRET);
    }

    @Test
    void aRenamedExtensionIsPatchedInPlaceThroughTheRecordedIdAndTheBindingStays() throws Exception {
        assertThat(run("apply", "--desired", desired(CHECK).toString()).exitCode()).isZero();
        String id = created();
        t.simulator.clearRequests();

        TestTenant.Result apply = run("apply", "--desired", desired(CHECK.replace("displayName: Check sign-up",
                "displayName: Check sign-up v2").replace("1500", "900")).toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("done          update  extension signup-check  \"Check sign-up v2\" (" + id
                + ")");
        assertThat(t.writes()).containsExactly("PATCH /beta/identity/customAuthenticationExtensions/" + id);
        assertThat(t.tenant.extensionDetails(id).orElseThrow().displayName()).isEqualTo("Check sign-up v2");
        assertThat(t.tenant.extensionDetails(id).orElseThrow().timeoutInMilliseconds()).isEqualTo(900);
        assertThat(t.tenant.extensionDetails(id).orElseThrow().maximumRetries()).isEqualTo(1);
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).contains(id);
        assertThat(t.tenant.createdExtensionCount()).isEqualTo(1);
    }

    @Test
    void anExtensionOfTheSameNameIsAdoptedAndOnlyItsChangedFieldsAreSent() throws Exception {
        Path desired = desired("""
                customExtensions:
                  validate:
                    event: onAttributeCollectionSubmit
                    displayName: Validate sign-up
                    targetUrl: https://signup.example/v3/validate
                    resourceId: api://signup.example/1
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: {extension: validate}
                """.formatted(SIGN_UP));

        TestTenant.Result plan = run("plan", "--desired", desired.toString());
        assertThat(plan.out()).contains("~ update  validate  \"Validate sign-up\" (" + VALIDATE + ")",
                "targetUrl: https://signup.example/validate \u2192 https://signup.example/v3/validate");
        TestTenant.Result apply = run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).containsExactly("PATCH /beta/identity/customAuthenticationExtensions/" + VALIDATE,
                REF_PUT);
        assertThat(t.tenant.extensionDetails(VALIDATE).orElseThrow().targetUrl())
                .isEqualTo("https://signup.example/v3/validate");
        assertThat(t.tenant.createdExtensionCount()).isZero();
    }

    @Test
    void aClientConfigurationMemberTheDesiredStateLeavesOutKeepsTheTenantsValueThroughAnUpdate() throws Exception {
        assertThat(t.tenant.extensionDetails(VALIDATE).orElseThrow().maximumRetries()).isEqualTo(1);
        Path desired = desired("""
                customExtensions:
                  validate:
                    event: onAttributeCollectionSubmit
                    displayName: Validate sign-up
                    targetUrl: https://signup.example/validate
                    resourceId: api://signup.example/1
                    timeoutInMilliseconds: 400
                authenticationEventsFlows: {}
                """);

        TestTenant.Result apply = run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).containsExactly("PATCH /beta/identity/customAuthenticationExtensions/" + VALIDATE);
        assertThat(t.tenant.extensionDetails(VALIDATE).orElseThrow().timeoutInMilliseconds()).isEqualTo(400);
        assertThat(t.tenant.extensionDetails(VALIDATE).orElseThrow().maximumRetries()).as("not managed, kept")
                .isEqualTo(1);
        assertThat(run("plan", "--desired", desired.toString()).exitCode()).isZero();
    }

    @Test
    void anExportWithConnectorsWritesTheExtensionsAsCodeAndPlansWithNoDriftInAFileAndInAFolder() throws Exception {
        t.tenant.addCustomExtension("c9000000-0000-4000-8000-0000000000c9", "Token claims",
                "onTokenIssuanceStartCustomExtension", "https://claims.example/token", "api://claims.example/1");
        Path file = dir.resolve("export.yaml");
        Path folder = dir.resolve("export");

        TestTenant.Result toFile = run("export", "--with-connectors", "--output", file.toString());
        TestTenant.Result toFolder = run("export", "--with-connectors", "--output", folder + "/");

        assertThat(toFile.exitCode()).as(toFile.all()).isZero();
        assertThat(toFolder.exitCode()).as(toFolder.all()).isZero();
        String text = java.nio.file.Files.readString(file);
        assertThat(text).contains("""
                customExtensions:
                  prefill-attributes:
                    event: onAttributeCollectionStart
                    displayName: Prefill attributes
                    targetUrl: "https://signup.example/prefill"
                    resourceId: "api://signup.example/1"
                    timeoutInMilliseconds: 2000
                    maximumRetries: 1
                """, "onAttributeCollectionSubmit: {extension: validate-sign-up}", """
                  token-claims:
                    event: onTokenIssuanceStart
                    displayName: Token claims
                """).doesNotContain("not under customExtensions:");
        assertThat(folder.resolve("custom-extensions.yaml")).content().contains("validate-sign-up-v2:");
        for (Path exported : List.of(file, folder)) {
            t.simulator.clearRequests();
            TestTenant.Result plan = run("plan", "--desired", exported.toString());
            assertThat(plan.exitCode()).as(plan.all()).isZero();
            assertThat(plan.out()).contains("Custom extensions: no changes (4 managed extensions).", "No changes");
        }
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void whenTheCreateIsRefusedTheBindingThatNamesItIsNotWrittenAndTheRunFails() throws Exception {
        t.tenant.app().grantPermissions(List.of("EventListener.ReadWrite.All", "CustomAuthenticationExtension.Read.All"));

        TestTenant.Result apply = run("apply", "--desired", desired(CHECK).toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.out()).contains("failed        create  extension signup-check  \"Check sign-up\": HTTP 403 Authorization_RequestDenied",
                "the custom authentication extension \"Check sign-up\" it names was not created");
        assertThat(t.tenant.createdExtensionCount()).isZero();
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).isEmpty();
        assertThat(t.writes()).containsExactly("POST /beta/identity/customAuthenticationExtensions");
    }

    @Test
    void reportOnlyPlansTheCreateAndWritesNothing() throws Exception {
        env.put("SYNC_MODE", "report");

        TestTenant.Result apply = run("apply", "--desired", desired(CHECK).toString());

        assertThat(apply.out()).contains("+ create  signup-check");
        assertThat(t.writes()).isEmpty();
        assertThat(t.tenant.createdExtensionCount()).isZero();
    }
}
