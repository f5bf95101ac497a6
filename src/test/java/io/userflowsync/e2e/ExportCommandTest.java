package io.userflowsync.e2e;

import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The export command as a user meets it: choosing flows, where it writes and what it never overwrites, tenants of
 * one family only, and every way it refuses, each with nothing written. Real HTTP to the simulated tenant.
 */
class ExportCommandTest {
    @TempDir
    Path dir;
    TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.of(ExportRoundTripTest.seeded());
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private List<String> graphRequests() {
        return t.simulator.requests().stream().filter(r -> !r.path().endsWith("/token"))
                .map(r -> r.method() + " " + r.path()).toList();
    }

    private void refuse(String collection, int status, String code) {
        t.simulator.inject(new FaultRule("GET", Pattern.compile("^/(v1\\.0|beta)/identity/" + collection + "$"), status,
                1000, Optional.empty(), code));
    }

    @Test
    void flowsSelectsTheFlowsOfBothFamiliesToExportAndTheResultPlansWithNoDrift() throws Exception {
        TestTenant.Result export = t.run("export", "--flows", "B2X_1_partner_signup,B2C_1_susi", "B2X_1_unbound");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out().lines().filter(l -> l.matches("  B2[XC]_1_\\w+:")).toList())
                .containsExactly("  B2C_1_susi:", "  B2X_1_partner_signup:", "  B2X_1_unbound:");
        assertThat(export.out()).contains("# Made with: userflow-connector-sync export --flows B2C_1_susi "
                + "B2X_1_partner_signup B2X_1_unbound\n");
        assertThat(graphRequests()).as("only the chosen flows are read").filteredOn(r -> r.contains("apiConnectorConfiguration"))
                .containsExactlyInAnyOrder(
                        "GET /beta/identity/b2cUserFlows/B2C_1_susi/apiConnectorConfiguration",
                        "GET /v1.0/identity/b2xUserFlows/B2X_1_partner_signup/apiConnectorConfiguration",
                        "GET /v1.0/identity/b2xUserFlows/B2X_1_unbound/apiConnectorConfiguration");
        Path file = Files.writeString(dir.resolve("some.yaml"), export.out());
        TestTenant.Result plan = t.run("plan", "--desired", file.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("6 managed steps");
        assertThat(t.run("export", "--flows", "B2X_1_unbound", "B2C_1_susi", "B2X_1_partner_signup").out())
                .as("the same selection in another order is the same bytes").isEqualTo(export.out());
    }

    @Test
    void anUnknownFlowIdInFlowsIsAnErrorThatSuggestsTheClosestAndWritesNothing() {
        Path file = dir.resolve("out.yaml");

        TestTenant.Result export = t.run("export", "--flows", "B2X_1_partner_signpu", "B2X_1_customers",
                "--output", file.toString());

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.out()).isEmpty();
        assertThat(export.err()).contains("error: unknown user flow 'B2X_1_partner_signpu' (--flows): the tenant lists "
                + "no such flow. Did you mean 'B2X_1_partner_signup'?");
        assertThat(file).doesNotExist();
        assertThat(graphRequests()).noneMatch(r -> r.contains("apiConnectorConfiguration"));
    }

    @Test
    void aFlowsValueThatIsNoFlowIdIsRefusedBeforeGraphIsCalled() {
        TestTenant.Result export = t.run("export", "--flows", "partner_signup");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("'partner_signup' (--flows) is not a user flow id");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void anExportToAFileNeverReplacesOneThatExistsUnlessForced() throws Exception {
        Path file = dir.resolve("tenant.yaml");
        TestTenant.Result first = t.run("export", "--output", file.toString());
        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(first.out()).isEmpty();
        assertThat(first.err()).contains("Exported 8 user flow(s)").contains(" to " + file);
        Files.writeString(file, "# my edits\nuserFlows: {}\n");
        t.simulator.clearRequests();

        TestTenant.Result again = t.run("export", "--output", file.toString());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("error: " + file + " exists; export never replaces a file (--force replaces it)");
        assertThat(file).hasContent("# my edits\nuserFlows: {}");
        assertThat(t.simulator.requests()).as("refused before Graph is called").isEmpty();

        TestTenant.Result forced = t.run("export", "--output", file.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(Files.readString(file)).isEqualTo(t.run("export").out());
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).as("no temporary file is left behind").containsExactly(file);
        }
    }

    @Test
    void anOutputThatIsNeitherAYamlFileNorAFolderIsRefused() {
        TestTenant.Result export = t.run("export", "--output", dir.resolve("tenant.txt").toString());

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("give a .yaml (or .yml) file, or a folder");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void anExportToAFolderWritesAFilePerFlowFamilyThatTheAgentReadsAsOneDesiredState() throws Exception {
        Path folder = dir.resolve("tenants/prod");
        Files.createDirectories(folder.getParent());

        TestTenant.Result export = t.run("export", "--output", folder + "/");

        assertThat(export.exitCode()).as(export.all()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("b2c-user-flows.yaml", "b2x-user-flows.yaml", "external-tenant.sketch");
        }
        assertThat(Files.readString(folder.resolve("b2c-user-flows.yaml"))).contains("B2C_1_susi")
                .doesNotContain("B2X_1_").contains("# This file: the Azure AD B2C user flows (B2C_1_).");
        TestTenant.Result plan = t.run("plan", "--desired", folder.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("16 managed steps");

        Files.writeString(folder.resolve("team.yaml"), "userFlows: {}\n");
        TestTenant.Result again = t.run("export", "--output", folder.toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("b2c-user-flows.yaml, " + folder.resolve("b2x-user-flows.yaml") + ", "
                + folder.resolve("external-tenant.sketch") + " exist;");
        TestTenant.Result forced = t.run("export", "--output", folder.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(forced.err()).contains("note: the folder " + folder + " also holds team.yaml");
    }

    @Test
    void aFolderExportSketchesTheExternalTenantsEquivalentThatNothingReadsUntilEdited() throws Exception {
        Path folder = dir.resolve("out");

        TestTenant.Result export = t.run("export", "--output", folder + "/");

        assertThat(export.exitCode()).as(export.all()).isZero();
        String sketch = Files.readString(folder.resolve("external-tenant.sketch"));
        assertThat(sketch.lines()).allMatch(line -> line.startsWith("#"));
        assertThat(sketch).contains("SKETCH, NEEDS REVIEW", "# authenticationEventsFlows:",
                "#   <GUID of the external tenant's sign-up flow replacing B2X_1_partner_signup>:",
                "onAttributeCollectionStart: <extension replacing \"Check partner domain\">  # was postFederationSignup");
        // Nothing reads it: the folder plans exactly as the family files say.
        TestTenant.Result plan = t.run("plan", "--desired", folder.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        Files.move(folder.resolve("external-tenant.sketch"), folder.resolve("external.yaml"));
        TestTenant.Result asYaml = t.run("plan", "--desired", folder.toString());
        assertThat(asYaml.exitCode()).as("a sketch renamed unedited is refused, never applied").isEqualTo(1);
        assertThat(asYaml.err()).contains("external.yaml");
        assertThat(t.simulator.writeCount()).isZero();
    }

    @Test
    void aTenantWithoutB2cFlowsExportsItsExternalIdFlowsAndSaysWhy() throws Exception {
        refuse("b2cUserFlows", 400, "BadRequest");

        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("# No Azure AD B2C user flows (B2C_1_): GET /beta/identity/b2cUserFlows "
                + "answered HTTP 400 BadRequest.\n").contains("B2X_1_partner_signup:").doesNotContain("B2C_1_susi");
        assertThat(export.err()).contains("note: no b2cUserFlows in this tenant");
        Path folder = dir.resolve("out");
        assertThat(t.run("export", "--output", folder + "/").exitCode()).isZero();
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted())
                    .containsExactly("b2x-user-flows.yaml", "external-tenant.sketch");
        }

        TestTenant.Result asked = t.run("export", "--flows", "B2C_1_susi");
        assertThat(asked.exitCode()).as("a B2C flow asked for by name must be there").isEqualTo(1);
        assertThat(asked.err()).contains("error: could not read the tenant; nothing was written: listing "
                + "beta/identity/b2cUserFlows failed: HTTP 400 BadRequest");
        assertThat(asked.out()).isEmpty();
    }

    @Test
    void anAzureAdB2cTenantRefusingB2xFlowsExportsItsB2cFlows() {
        // What Graph answers for b2xUserFlows in a B2C directory (microsoftgraph/microsoft-graph-docs-contrib#8478).
        refuse("b2xUserFlows", 403, "AADB2C");

        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("# No External ID self-service sign-up user flows (B2X_1_): GET "
                + "/v1.0/identity/b2xUserFlows answered HTTP 403 AADB2C.\n").contains("B2C_1_susi:")
                .doesNotContain("  B2X_1_");
    }

    @Test
    void aTenantThatRefusesBothFamiliesIsAnErrorNotAnEmptyExport() {
        refuse("b2xUserFlows", 403, "Authorization_RequestDenied");
        refuse("b2cUserFlows", 403, "Authorization_RequestDenied");

        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.out()).isEmpty();
        assertThat(export.err()).contains("error: the tenant lists no user flow collection: GET "
                + "/v1.0/identity/b2xUserFlows answered HTTP 403 Authorization_RequestDenied")
                .contains("IdentityUserFlow.ReadWrite.All");
    }

    @Test
    void aTokenRefusedWith400IsACredentialsErrorNotAMissingFamily() {
        // The token endpoint answers 400 for an unknown tenant (AADSTS90002) and, in the real service, for an
        // unknown client id (AADSTS700016); a family is missing only when Graph itself refuses its collection.
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("AZURE_TENANT_ID", "99999999-0000-0000-0000-000000000009");

        TestTenant.Result export = t.run(env, "export");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("error: could not read the tenant; nothing was written: getting an access "
                + "token for client").contains("HTTP 400").doesNotContain("lists no user flow collection");
    }

    @Test
    void aListingThatFailsForAnotherReasonIsAnErrorNotAMissingFamily() {
        t.simulator.inject(FaultRule.transientError("GET", "^/beta/identity/b2cUserFlows$", 503, 3));

        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.out()).isEmpty();
        assertThat(export.err()).contains("could not read the tenant; nothing was written")
                .contains("HTTP 503 ServiceUnavailable");
    }

    @Test
    void aFlowThatCannotBeReadStopsTheWholeExportAndNamesIt() {
        Path file = dir.resolve("out.yaml");
        t.simulator.inject(FaultRule.transientError("GET", "/B2X_1_customers/apiConnectorConfiguration$", 503, 3));

        TestTenant.Result export = t.run("export", "--output", file.toString());

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("B2X_1_customers: its apiConnectorConfiguration could not be read: HTTP 503")
                .contains("nothing was written; try again, or leave the flow(s) out with --flows");
        assertThat(file).doesNotExist();
    }

    @Test
    void boundOnlyLeavesUnboundStepsAndFlowsWithoutABindingOut() throws Exception {
        TestTenant.Result export = t.run("export", "--bound-only");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).doesNotContain(": null").doesNotContain("B2X_1_unbound")
                .contains("# Only the bound steps are listed (--bound-only); a step left out is not managed.\n")
                .contains("# 1 flow(s) with no bound step are left out.\n")
                .contains("  B2X_1_customers:\n    postAttributeCollection: \"123\"\n");
        Path file = Files.writeString(dir.resolve("bound.yaml"), export.out());
        TestTenant.Result plan = t.run("plan", "--desired", file.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("13 managed steps");
    }

    @Test
    void aFlowWhoseIdTheDesiredStateCannotHoldIsLeftOutAndNamedInTheHeader() throws Exception {
        t.tenant.addFlow("B2X_1_has space");

        TestTenant.Result export = t.run("export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("#   \"B2X_1_has space\"\n");
        assertThat(export.err()).contains("note: 1 user flow(s) left out");
        Path file = Files.writeString(dir.resolve("out.yaml"), export.out());
        assertThat(t.run("validate", "--desired", file.toString()).exitCode()).isZero();
    }

    @Test
    void missingCredentialsAreNamedTogetherBeforeGraphIsCalled() {
        Map<String, String> env = new HashMap<>(t.environment());
        env.remove("AZURE_CLIENT_ID");
        env.remove("AZURE_CLIENT_SECRET");

        TestTenant.Result export = t.run(env, "export");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.err()).contains("2 problems with the settings").contains("AZURE_CLIENT_ID")
                .contains("AZURE_CLIENT_SECRET");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void theClientSecretAppearsNowhereEvenWhenAnAnswerEchoesTheRequest() {
        t.simulator.inject(FaultRule.echoingRequest("GET", "^/beta/identity/b2cUserFlows$", 400, 1, "BadRequest"));
        Map<String, String> env = new HashMap<>(t.environment());
        env.remove("AZURE_CLIENT_SECRET");

        TestTenant.Result export = t.run(env, "export", "--set", "azure.client.secret=" + TestTenant.SECRET);

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.err()).contains("note: no b2cUserFlows in this tenant").contains("***");
        assertThat(export.all()).doesNotContain(TestTenant.SECRET).doesNotContain("Bearer ey");
        assertThat(export.out()).contains("# Made with: userflow-connector-sync export\n");
    }

    @Test
    void exportHelpListsItsOptionsAndExitCodes() {
        TestTenant.Result help = t.run("export", "--help");

        assertThat(help.exitCode()).isZero();
        assertThat(help.out()).startsWith("usage: userflow-connector-sync export [options]\n")
                .contains("--flows ID...").contains("--output FILE|DIR").contains("--force").contains("--bound-only")
                .contains("--with-connectors").contains("--set KEY=VALUE").doesNotContain("--desired")
                .doesNotContain("--output FORMAT").contains("exit codes:\n  0  written\n  1  nothing written");
    }

    @Test
    void exportOnlyReads() {
        t.run("export");

        List<RecordedRequest> requests = t.simulator.requests();
        // Reads only: GETs, the token, and JSON batches (POST .../$batch) whose every request is a GET.
        assertThat(requests).isNotEmpty().allMatch(r -> r.method().equals("GET") || r.path().endsWith("/token")
                || (r.path().endsWith("/$batch") && !r.insideBatch()));
        assertThat(requests).filteredOn(RecordedRequest::insideBatch).isNotEmpty()
                .allMatch(r -> r.method().equals("GET"));
    }
}
