package io.userflowsync.e2e;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A problem that comes from the tenant (a flow deleted in the portal, a connector name now shared by two
 * connectors, a connector id it does not have) is an error for the steps that refer to it only: the other flows and
 * steps are reconciled, and the exit code is 1 (issue 6, item 11). Only a problem in the files themselves stops every
 * write (see {@link BadInputWritesNothingTest}).
 */
class TenantSideProblemsTest {
    static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    static final String LOYALTY = "c4a1e9d2-58b3-4f60-a7e2-91d0b3c5f824";
    static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";

    static final String DESIRED = """
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: Check partner domain
                postAttributeCollection: Fraud screening
              B2X_1_deleted_in_portal:
                postFederationSignup: null
                postAttributeCollection: Check partner domain
              B2X_1_contractors:
                postAttributeCollection: null
              B2X_1_customers:
                postAttributeCollection: {id: 00000000-0000-4000-8000-0000000000ff}
                postFederationSignup: null
            """;

    @TempDir
    Path dir;
    TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
        // Two connectors now share the displayName the desired state names: it is ambiguous.
        t.tenant.addConnector("0f000000-0000-4000-8000-000000000001", "Fraud screening", "https://fraud.example/a",
                        "api", "pw-fraud-1")
                .addConnector("0f000000-0000-4000-8000-000000000002", "Fraud screening", "https://fraud.example/b",
                        "api", "pw-fraud-2");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void applyWritesEveryOtherChangeAndReportsEachProblemWithItsPlace() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.writes()).containsExactlyInAnyOrder(
                "PUT /v1.0/identity/b2xUserFlows/B2X_1_partner_signup/apiConnectorConfiguration/postFederationSignup/$ref",
                "DELETE /v1.0/identity/b2xUserFlows/B2X_1_contractors/apiConnectorConfiguration/postAttributeCollection/$ref",
                "DELETE /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref");
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(t.tenant.binding("B2X_1_customers", "postFederationSignup")).isEmpty();
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postAttributeCollection")).as("ambiguous: untouched")
                .contains(LEGACY);
        assertThat(t.tenant.binding("B2X_1_customers", "postAttributeCollection")).as("unknown id: untouched")
                .contains(LOYALTY);

        assertThat(apply.out())
                .contains(desired + ":4:5  B2X_1_partner_signup postAttributeCollection: ambiguous connector")
                .contains(desired + ":5:3  B2X_1_deleted_in_portal: unknown user flow")
                .contains(desired + ":11:5  B2X_1_customers postAttributeCollection: unknown connector")
                .contains("Apply: applied 3, verified 3, not effective 0, unverified 0, failed 0")
                .doesNotContainIgnoringCase("nothing will be written")
                .doesNotContainIgnoringCase("nothing was written")
                .doesNotContainIgnoringCase("blocked");
    }

    @Test
    void planShowsTheChangesAndTheErrorsAndExitsOne() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(t.writes()).isEmpty();
        assertThat(plan.out())
                .containsPattern("\\+ bind +B2X_1_partner_signup +postFederationSignup ")
                .containsPattern("- unbind +B2X_1_contractors +postAttributeCollection ")
                .containsPattern("- unbind +B2X_1_customers +postFederationSignup ")
                .contains(desired + ":5:3  B2X_1_deleted_in_portal: unknown user flow")
                .contains("Plan: 1 to bind, 0 to rebind, 2 to unbind; 0 held back by policy; 3 errors;")
                .doesNotContainIgnoringCase("nothing will be written")
                .doesNotContainIgnoringCase("blocked");
    }
}
