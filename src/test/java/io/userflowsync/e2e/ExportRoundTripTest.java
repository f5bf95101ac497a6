package io.userflowsync.e2e;

import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Export is the pipeline backwards (issue 9 item 2): what it writes of a live tenant validates, plans against the
 * same tenant with no drift, pins every step it lists, and is the same bytes every time. The tenant has both flow
 * families and connector names that YAML must quote, and two connectors that share a displayName.
 */
class ExportRoundTripTest {
    static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    static final String LEGACY_A = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";
    static final String LEGACY_B = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d057";
    static final String PADDED = "a0000000-0000-4000-8000-000000000009";
    static final String ENRICH = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";

    /** displayName → id of connectors whose names a YAML writer must quote or escape. */
    static final Map<String, String> TRICKY = Map.ofEntries(
            Map.entry("123", "a0000000-0000-4000-8000-000000000001"),
            Map.entry("yes", "a0000000-0000-4000-8000-000000000002"),
            Map.entry("null", "a0000000-0000-4000-8000-000000000003"),
            Map.entry("a: b # not a comment", "a0000000-0000-4000-8000-000000000004"),
            Map.entry("it's \"quoted\"", "a0000000-0000-4000-8000-000000000005"),
            Map.entry("Ünïcödé ✓ 😀", "a0000000-0000-4000-8000-000000000006"),
            Map.entry("${HOME}", "a0000000-0000-4000-8000-000000000007"),
            Map.entry("- [x], {y} & *z", "a0000000-0000-4000-8000-000000000008"),
            Map.entry("two\nlines", "a0000000-0000-4000-8000-00000000000a"),
            Map.entry("true", "a0000000-0000-4000-8000-00000000000b"),
            Map.entry("~", "a0000000-0000-4000-8000-00000000000c"),
            Map.entry("#hash", "a0000000-0000-4000-8000-00000000000d"));

    @TempDir
    Path dir;
    TestTenant t;

    static SimulatedTenant seeded() {
        SimulatedTenant s = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        s.addConnector(CHECK, "Check partner domain", "https://partner.example/check", "api", "pw-1")
                .addConnector(ENRICH, "Enrich partner profile", "https://partner.example/enrich", "api", "pw-2")
                .addConnector(LEGACY_A, "Legacy CRM hook", "https://crm.example/a", "api", "pw-3")
                .addConnector(LEGACY_B, "Legacy CRM hook", "https://crm.example/b", "api", "pw-4")
                .addConnector(PADDED, "  padded", "https://padded.example", "api", "pw-5");
        TRICKY.forEach((name, id) -> s.addConnector(id, name, "https://tricky.example/" + id, "api", "pw"));
        s.addFlow("B2X_1_partner_signup").addFlow("B2X_1_customers").addFlow("B2X_1_quoted").addFlow("B2X_1_more")
                .addFlow("B2X_1_unbound").addFlow("B2X_1_symbols").addFlow("B2C_1_susi").addFlow("B2C_1_profile");
        s.bind("B2X_1_partner_signup", "postFederationSignup", CHECK)
                .bind("B2X_1_partner_signup", "postAttributeCollection", LEGACY_A)
                .bind("B2X_1_customers", "postAttributeCollection", TRICKY.get("123"))
                .bind("B2X_1_quoted", "postFederationSignup", TRICKY.get("yes"))
                .bind("B2X_1_quoted", "postAttributeCollection", TRICKY.get("null"))
                .bind("B2X_1_more", "postFederationSignup", TRICKY.get("a: b # not a comment"))
                .bind("B2X_1_more", "postAttributeCollection", TRICKY.get("it's \"quoted\""))
                .bind("B2X_1_symbols", "postFederationSignup", TRICKY.get("${HOME}"))
                .bind("B2X_1_symbols", "postAttributeCollection", TRICKY.get("- [x], {y} & *z"))
                .bind("B2C_1_susi", "postFederationSignup", PADDED)
                .bind("B2C_1_susi", "postAttributeCollection", TRICKY.get("Ünïcödé ✓ 😀"))
                .bind("B2C_1_susi", "preTokenIssuance", TRICKY.get("two\nlines"))
                .bind("B2C_1_profile", "postFederationSignup", TRICKY.get("true"))
                .bind("B2C_1_profile", "postAttributeCollection", LEGACY_B);
        return s;
    }

    @BeforeEach
    void start() {
        t = TestTenant.of(seeded());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void anExportValidatesPlansWithNoDriftAndIsTheSameBytesTwice() throws Exception {
        TestTenant.Result export = t.run("export");
        assertThat(export.exitCode()).as(export.all()).isZero();
        Path file = Files.writeString(dir.resolve("exported.yaml"), export.out());

        TestTenant.Result validate = t.run("validate", "--desired", file.toString());
        assertThat(validate.exitCode()).as(validate.all()).isZero();
        assertThat(validate.out()).contains("8 user flow(s), 16 managed step(s)");

        TestTenant.Result plan = t.run("plan", "--desired", file.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("No changes").contains("16 managed steps");

        TestTenant.Result again = t.run("export");
        assertThat(again.out()).isEqualTo(export.out());
        assertThat(t.writes()).as("export and plan only read").isEmpty();
    }

    @Test
    void connectorsAreNamedByUniqueDisplayNameElseByIdWithACommentAndUnboundStepsAreNull() {
        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out())
                .contains("  B2X_1_partner_signup:\n    postFederationSignup: Check partner domain\n"
                        + "    postAttributeCollection: {id: " + LEGACY_A + "} # \"Legacy CRM hook\" is the displayName"
                        + " of 2 connectors\n")
                .contains("  B2C_1_susi:\n    postFederationSignup: {id: " + PADDED + "} # its displayName \"  padded\""
                        + " has blanks at its ends, which the desired state trims\n")
                .contains("  B2X_1_unbound:\n    postFederationSignup: null\n    postAttributeCollection: null\n")
                .contains("    postFederationSignup: \"yes\"\n")
                .contains("    postAttributeCollection: \"null\"\n")
                .doesNotContain("preTokenIssuance");
        assertThat(export.out().indexOf("B2C_1_profile")).as("flows by id")
                .isLessThan(export.out().indexOf("B2C_1_susi"));
        assertThat(export.out().indexOf("B2C_1_susi")).isLessThan(export.out().indexOf("B2X_1_customers"));
        assertThat(export.err()).contains("Exported 8 user flow(s), 16 step(s): 13 bound (3 by id), 3 unbound (null).");
    }

    @Test
    void theExportPinsEveryStepItListsSoALaterChangeInTheTenantIsDrift() throws Exception {
        Path file = Files.writeString(dir.resolve("exported.yaml"), t.run("export").out());
        t.tenant.bind("B2X_1_unbound", "postFederationSignup", CHECK);
        t.tenant.bind("B2X_1_partner_signup", "postAttributeCollection", ENRICH);
        t.tenant.unbind("B2C_1_susi", "postAttributeCollection");

        TestTenant.Result plan = t.run("plan", "--desired", file.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).containsPattern("unbind +B2X_1_unbound +postFederationSignup")
                .containsPattern("rebind +B2X_1_partner_signup +postAttributeCollection .*" + ENRICH + ".*" + LEGACY_A)
                .containsPattern("bind +B2C_1_susi +postAttributeCollection .*" + TRICKY.get("Ünïcödé ✓ 😀"))
                .contains("Plan: 1 to bind, 1 to rebind, 1 to unbind");
    }

    @Test
    void withTheExperimentalStepPreTokenIssuanceIsExportedForB2cFlowsOnlyAndStillRoundTrips() throws Exception {
        java.util.Map<String, String> env = new java.util.HashMap<>(t.environment());
        env.put("SYNC_EXPERIMENTAL_PRE_TOKEN_ISSUANCE", "true");

        TestTenant.Result export = t.run(env, "export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("Made with: userflow-connector-sync export --set "
                        + "sync.experimental.pre-token-issuance=true\n")
                .contains("    preTokenIssuance: \"two\\nlines\"\n")
                .contains("  B2C_1_profile:\n    postFederationSignup: \"true\"\n    postAttributeCollection: {id: "
                        + LEGACY_B + "} # \"Legacy CRM hook\" is the displayName of 2 connectors\n"
                        + "    preTokenIssuance: null\n");
        assertThat(export.out().lines().filter(l -> l.contains("preTokenIssuance")).count())
                .as("B2X flows have no preTokenIssuance").isEqualTo(2);
        Path file = Files.writeString(dir.resolve("exported.yaml"), export.out());
        TestTenant.Result plan = t.run(env, "plan", "--desired", file.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("18 managed steps");
        assertThat(t.run(env, "export").out()).isEqualTo(export.out());
    }
}
