package io.userflowsync.e2e;

import io.userflowsync.simulator.AppRegistration;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An External ID external tenant through the CLI, over real HTTP against the simulator: sign-up flows
 * (authenticationEventsFlows) whose attribute-collection events call custom authentication extensions.
 */
class ExternalTenantCommandsTest {
    static final String SIGN_UP = "5e1b4c2a-7d3f-4a8e-9b6c-0f1e2d3c4b5a";
    static final String PARTNERS = "6f2c5d3b-8e4a-4b9f-8c7d-1a2b3c4d5e6f";
    static final String VALIDATE = "a1000000-0000-4000-8000-0000000000a1";
    static final String VALIDATE_V2 = "a2000000-0000-4000-8000-0000000000a2";
    static final String PREFILL = "b1000000-0000-4000-8000-0000000000b1";
    private static final String SUBMIT = "onAttributeCollectionSubmit";
    private static final String START = "onAttributeCollectionStart";

    @TempDir
    Path dir;

    private TestTenant t;

    /** An external tenant: two sign-up flows, three extensions, one event bound. */
    static SimulatedTenant externalTenant() {
        SimulatedTenant tenant = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", TestTenant.SECRET);
        tenant.addCustomExtension(VALIDATE, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example/1")
                .addCustomExtension(VALIDATE_V2, "Validate sign-up v2", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/v2/validate", "api://signup.example/1")
                .addCustomExtension(PREFILL, "Prefill attributes", "onAttributeCollectionStartCustomExtension",
                        "https://signup.example/prefill", "api://signup.example/1");
        tenant.addExternalFlow(SIGN_UP, "Customer sign-up").addExternalFlow(PARTNERS, "Partner sign-up");
        tenant.bindExtension(PARTNERS, SUBMIT, VALIDATE);
        tenant.app().grantPermissions(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        return tenant;
    }

    @BeforeEach
    void start() {
        t = TestTenant.of(externalTenant());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Path desired(String yaml) throws Exception {
        return TestTenant.desired(dir, yaml);
    }

    @Test
    void applyBindsRebindsAndUnbindsEventsAndASecondApplyWritesNothing() throws Exception {
        t.tenant.bindExtension(SIGN_UP, START, PREFILL);
        Path desired = desired("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionStart: null
                    onAttributeCollectionSubmit: Validate sign-up
                  %s:
                    onAttributeCollectionSubmit: {id: %s}
                """.formatted(SIGN_UP, PARTNERS, VALIDATE_V2));

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains(SIGN_UP, PARTNERS, "Validate sign-up v2", "Prefill attributes");

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("Apply: applied 3, verified 3, not effective 0, unverified 0, failed 0");
        assertThat(t.tenant.extensionBinding(SIGN_UP, START)).isEmpty();
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).contains(VALIDATE);
        assertThat(t.tenant.extensionBinding(PARTNERS, SUBMIT)).contains(VALIDATE_V2);
        assertThat(t.writes()).containsExactlyInAnyOrder(
                "PATCH /beta/identity/authenticationEventsFlows/" + SIGN_UP,
                "PUT /beta/identity/authenticationEventsFlows/" + SIGN_UP + "/microsoft.graph.externalUsersSelfService"
                        + "SignUpEventsFlow/onAttributeCollectionSubmit/microsoft.graph.onAttributeCollectionSubmit"
                        + "CustomExtensionHandler/customExtension/$ref",
                "PUT /beta/identity/authenticationEventsFlows/" + PARTNERS + "/microsoft.graph.externalUsersSelfService"
                        + "SignUpEventsFlow/onAttributeCollectionSubmit/microsoft.graph.onAttributeCollectionSubmit"
                        + "CustomExtensionHandler/customExtension/$ref");

        t.simulator.clearRequests();
        TestTenant.Result again = t.run("apply", "--desired", desired.toString());
        assertThat(again.exitCode()).as(again.all()).isZero();
        assertThat(again.out()).contains("No changes");
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void aRefThatGraphAnswers204WithoutBindingIsReportedNotEffective() throws Exception {
        t.tenant.ignoreExtensionRefWrites(true);
        Path desired = desired("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(SIGN_UP));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).containsPattern("not effective +bind +" + SIGN_UP)
                .contains("verified 0, not effective 1");
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).isEmpty();
    }

    @Test
    void anUnknownExtensionAndAFlowTheTenantLacksStopOnlyTheirOwnEntries() throws Exception {
        String missing = "7a7a7a7a-0000-4000-8000-000000000000";
        Path desired = desired("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate signup
                    onAttributeCollectionStart: Prefill attributes
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                  %s:
                    onAttributeCollectionSubmit: null
                """.formatted(SIGN_UP, missing, PARTNERS));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("unknown extension: the tenant has no customAuthenticationExtension with the "
                + "displayName \"Validate signup\"", "did you mean \"Validate sign-up\"", missing);
        assertThat(t.tenant.extensionBinding(SIGN_UP, START)).contains(PREFILL);
        assertThat(t.tenant.extensionBinding(PARTNERS, SUBMIT)).isEmpty();
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).isEmpty();
    }

    @Test
    void anExtensionOfTheOtherEventsTypeIsRefusedBeforeAnyWrite() throws Exception {
        Path desired = desired("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionStart: Validate sign-up
                """.formatted(SIGN_UP));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("onAttributeCollectionStart calls only an "
                + "onAttributeCollectionStartCustomExtension");
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void anExportOfTheExternalTenantPlansWithNoDrift() throws Exception {
        t.tenant.bindExtension(SIGN_UP, START, PREFILL);
        Path folder = dir.resolve("export");

        TestTenant.Result export = t.run("export", "--output", folder + "/");

        assertThat(export.exitCode()).as(export.all()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).contains("external-sign-up-flows.yaml");
        }
        String text = Files.readString(folder.resolve("external-sign-up-flows.yaml"));
        assertThat(text).contains("authenticationEventsFlows:", "onAttributeCollectionStart: Prefill attributes",
                "onAttributeCollectionSubmit: Validate sign-up", "onAttributeCollectionSubmit: null");
        TestTenant.Result plan = t.run("plan", "--desired", folder.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("No changes");
    }

    @Test
    void withoutThePermissionToListExtensionsOnlyTheExternalFlowsFailAndTheOthersAreApplied() throws Exception {
        t.tenant.app().grantPermissions(java.util.List.of("EventListener.ReadWrite.All", "IdentityUserFlow.ReadWrite.All",
                "APIConnectors.Read.All"));
        t.tenant.addConnector("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07", "Check partner domain",
                "https://partner.example/check", "api", "pw").addFlow("B2X_1_partner_signup");
        Path desired = desired("""
                userFlows:
                  B2X_1_partner_signup:
                    postAttributeCollection: Check partner domain
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(SIGN_UP));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.all()).contains("listing the tenant's custom authentication extensions failed", "403");
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postAttributeCollection"))
                .contains("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07");
        assertThat(t.tenant.extensionBinding(SIGN_UP, SUBMIT)).isEmpty();
    }

    /** What docs/external-tenants.md shows: the seed and the example desired state shipped in config/. */
    @Test
    void theShippedSeedAndExamplePlanFourChangesThatOneApplyMakes() throws Exception {
        SimulatedTenant seeded;
        try (var in = Files.newInputStream(Path.of("config/external-tenant.seed.json"))) {
            seeded = SimulatedTenant.fromJson(in);
        }
        try (TestTenant shipped = TestTenant.of(seeded)) {
            java.util.Map<String, String> env = shipped.environment();
            env.put("AZURE_CLIENT_SECRET", "external-demo-secret-not-for-production");
            String example = "config/external-tenant.example.yaml";

            TestTenant.Result plan = shipped.run(env, "plan", "--desired", example);
            TestTenant.Result apply = shipped.run(env, "apply", "--desired", example);
            TestTenant.Result after = shipped.run(env, "plan", "--desired", example);

            assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
            assertThat(plan.out()).contains("Plan: 2 to bind, 1 to rebind, 1 to unbind");
            assertThat(apply.out()).contains("Apply: applied 4, verified 4, not effective 0");
            assertThat(after.exitCode()).as(after.all()).isZero();
        }
    }

    @Test
    void noSecretOrTokenAppearsInAnyOutput() throws Exception {
        Path desired = desired("""
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(SIGN_UP));

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--output", "json");
        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        for (TestTenant.Result r : java.util.List.of(plan, apply)) {
            assertThat(r.all()).doesNotContain(TestTenant.SECRET).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}");
        }
        assertThat(apply.exitCode()).as(apply.all()).isZero();
    }
}
