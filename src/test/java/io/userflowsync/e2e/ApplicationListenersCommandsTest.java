package io.userflowsync.e2e;

import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static io.userflowsync.e2e.ExternalTenantCommandsTest.SIGN_UP;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an external tenant's applications call at token issuance and email OTP, bound through
 * {@code authenticationEventListeners}, through the CLI over real HTTP against the simulator: a listener created,
 * re-pointed and deleted for one application, never one another application shares.
 */
class ApplicationListenersCommandsTest {
    private static final String WEB = "a13d0fc1-04ab-4ede-b215-63de0174cbb4";
    private static final String MOBILE = "b24e1fd2-15bc-4fef-8326-74ef1285dcc5";
    private static final String CLAIMS = "c1000000-0000-4000-8000-0000000000c1";
    private static final String CLAIMS_V2 = "c2000000-0000-4000-8000-0000000000c2";
    private static final String OTP = "d1000000-0000-4000-8000-0000000000d1";
    private static final String TOKEN = "onTokenIssuanceStartListener";
    private static final String LISTENERS = "/beta/identity/authenticationEventListeners";

    @TempDir
    Path dir;

    private TestTenant t;

    @BeforeEach
    void start() {
        SimulatedTenant tenant = ExternalTenantCommandsTest.externalTenant();
        tenant.addCustomExtension(CLAIMS, "Loyalty claims", "onTokenIssuanceStartCustomExtension",
                        "https://claims.example/token", "api://claims.example")
                .addCustomExtension(CLAIMS_V2, "Loyalty claims v2", "onTokenIssuanceStartCustomExtension",
                        "https://claims.example/v2/token", "api://claims.example")
                .addCustomExtension(OTP, "Branded OTP mail", "onOtpSendCustomExtension",
                        "https://mail.example/otp", "api://mail.example");
        t = TestTenant.of(tenant);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Path desired(String yaml) throws Exception {
        return TestTenant.desired(dir, yaml);
    }

    private Optional<SimulatedTenant.ListenerView> listener(String app, String type) {
        List<SimulatedTenant.ListenerView> serving = t.tenant.listeners().stream()
                .filter(l -> l.type().equals(type) && l.appIds().contains(app)).toList();
        assertThat(serving).as("listeners of " + app).hasSizeLessThanOrEqualTo(1);
        return serving.stream().findFirst();
    }

    @Test
    void applyCreatesRepointsAndDeletesAnApplicationsOwnListenerAndASecondApplyWritesNothing() throws Exception {
        String mobileListener = t.tenant.addListener(TOKEN, List.of(MOBILE), CLAIMS);
        String mobileOtp = t.tenant.addListener("onEmailOtpSendListener", List.of(MOBILE), OTP);
        Path desired = desired("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: Loyalty claims
                    onOtpSend: Branded OTP mail
                  %s:
                    onTokenIssuanceStart: {id: %s}
                    onOtpSend: null
                """.formatted(WEB, MOBILE, CLAIMS_V2));

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("app:" + WEB, "app:" + MOBILE, "onTokenIssuanceStart", "Loyalty claims v2",
                "Branded OTP mail");
        assertThat(t.writes()).isEmpty();

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("Apply: applied 4, verified 4, not effective 0, unverified 0, failed 0");
        assertThat(listener(WEB, TOKEN).orElseThrow().extensionId()).contains(CLAIMS);
        assertThat(listener(WEB, "onEmailOtpSendListener").orElseThrow().extensionId()).contains(OTP);
        assertThat(listener(MOBILE, TOKEN).orElseThrow().id()).isEqualTo(mobileListener);
        assertThat(listener(MOBILE, TOKEN).orElseThrow().extensionId()).contains(CLAIMS_V2);
        assertThat(listener(MOBILE, "onEmailOtpSendListener")).isEmpty();
        assertThat(t.writes()).containsExactlyInAnyOrder("POST " + LISTENERS, "POST " + LISTENERS,
                "PATCH " + LISTENERS + "/" + mobileListener, "DELETE " + LISTENERS + "/" + mobileOtp);

        t.simulator.clearRequests();
        TestTenant.Result again = t.run("apply", "--desired", desired.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("No changes");
        assertThat(t.writes()).isEmpty();
        assertThat(plan.all() + apply.all() + again.all()).doesNotContain(TestTenant.SECRET);
    }

    @Test
    void anExtensionCreatedAsCodeIsBoundToAnApplicationInTheSameApply() throws Exception {
        t.tenant.app().grantPermissions(List.of("EventListener.ReadWrite.All",
                "CustomAuthenticationExtension.ReadWrite.All"));
        Path desired = desired("""
                customExtensions:
                  claims:
                    event: onTokenIssuanceStart
                    displayName: Partner claims
                    targetUrl: https://claims.example/partner
                    resourceId: api://claims.example
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: {extension: claims}
                """.formatted(WEB));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        String created = t.tenant.customExtensionIds().stream()
                .filter(id -> t.tenant.extensionDetails(id).orElseThrow().displayName().equals("Partner claims"))
                .findFirst().orElseThrow();
        assertThat(t.tenant.extensionDetails(created).orElseThrow().type())
                .isEqualTo("onTokenIssuanceStartCustomExtension");
        assertThat(listener(WEB, TOKEN).orElseThrow().extensionId()).contains(created);
        assertThat(t.writes()).containsExactly("POST /beta/identity/customAuthenticationExtensions",
                "POST " + LISTENERS);
    }

    @Test
    void aListenerAnotherApplicationSharesIsNeitherChangedNorDeletedForOneOfThem() throws Exception {
        String shared = t.tenant.addListener(TOKEN, List.of(WEB, MOBILE), CLAIMS);
        Path desired = desired("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: Loyalty claims v2
                  %s:
                    onTokenIssuanceStart: null
                """.formatted(WEB, MOBILE));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("listener " + shared + " also serves " + MOBILE,
                "listener " + shared + " also serves " + WEB, "SharedListener");
        assertThat(t.tenant.listener(shared).orElseThrow().extensionId()).contains(CLAIMS);
        assertThat(t.tenant.listener(shared).orElseThrow().appIds()).containsExactly(WEB, MOBILE);
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void aHandlerPatchGraphAnswers204WithoutChangingIsReportedNotEffective() throws Exception {
        String own = t.tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        t.tenant.ignoreListenerHandlerWrites(true);
        Path desired = desired("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: Loyalty claims v2
                """.formatted(WEB));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).containsPattern("not effective +rebind +app:" + WEB)
                .contains("verified 0, not effective 1");
        assertThat(t.tenant.listener(own).orElseThrow().extensionId()).contains(CLAIMS);
    }

    @Test
    void twoListenersForOneApplicationOrAnExtensionOfAnotherTypeStopOnlyThatApplicationsEntries() throws Exception {
        t.tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        t.tenant.addListener(TOKEN, List.of(WEB), CLAIMS_V2);
        Path desired = desired("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: Loyalty claims
                  %s:
                    onTokenIssuanceStart: Branded OTP mail
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(WEB, MOBILE, SIGN_UP));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("2 onTokenIssuanceStartListeners include this application",
                "onTokenIssuanceStart calls only an onTokenIssuanceStartCustomExtension");
        assertThat(t.tenant.extensionBinding(SIGN_UP, "onAttributeCollectionSubmit"))
                .contains(ExternalTenantCommandsTest.VALIDATE);
        assertThat(t.writes()).allSatisfy(w -> assertThat(w).doesNotContain("authenticationEventListeners"));
    }

    @Test
    void withoutAnEventListenerPermissionOnlyTheApplicationsFailAndTheSignUpFlowsAreApplied() throws Exception {
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All",
                "CustomAuthenticationExtension.Read.All"));
        Path desired = desired("""
                applicationListeners:
                  %s:
                    onTokenIssuanceStart: Loyalty claims
                """.formatted(WEB));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("app:" + WEB, "could not read the live bindings", "403");
        assertThat(t.tenant.listeners()).isEmpty();
    }

    @Test
    void anExportOfTheApplicationsListenersPlansWithNoDrift() throws Exception {
        t.tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        t.tenant.addListener("onEmailOtpSendListener", List.of(MOBILE), OTP);
        Path folder = dir.resolve("export");

        TestTenant.Result export = t.run("export", "--output", folder + "/");

        assertThat(export.exitCode()).as(export.all()).isZero();
        String text = Files.readString(folder.resolve("application-listeners.yaml"));
        assertThat(text).contains("applicationListeners:", WEB + ":", "onTokenIssuanceStart: Loyalty claims",
                MOBILE + ":", "onOtpSend: Branded OTP mail").doesNotContain("app:");
        TestTenant.Result plan = t.run("plan", "--desired", folder.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("No changes");
    }
}
