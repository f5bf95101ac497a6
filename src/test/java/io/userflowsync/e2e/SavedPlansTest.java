package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.savedplan.PlanFile;
import io.userflowsync.savedplan.PlanFileStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.userflowsync.e2e.ReconcileCommandsTest.CHECK;
import static io.userflowsync.e2e.ReconcileCommandsTest.DESIRED;
import static io.userflowsync.e2e.ReconcileCommandsTest.ENRICH;
import static io.userflowsync.e2e.ReconcileCommandsTest.LEGACY;
import static io.userflowsync.e2e.ReconcileCommandsTest.LOYALTY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code plan --out FILE} and {@code apply FILE} end to end (issue 9 item 5): real commands, real Camel routes, real
 * HTTP to the simulated tenant, whose request log shows exactly what was written.
 */
class SavedPlansTest {
    private static final String FLOWS = "/v1.0/identity/b2xUserFlows/";
    /** The four changes {@link ReconcileCommandsTest#DESIRED} makes to the demo-like tenant, in the plan's order. */
    private static final List<String> PLANNED_WRITES = List.of(
            "DELETE " + FLOWS + "B2X_1_contractors/apiConnectorConfiguration/postAttributeCollection/$ref",
            "DELETE " + FLOWS + "B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref",
            "PUT " + FLOWS + "B2X_1_partner_signup/apiConnectorConfiguration/postFederationSignup/$ref",
            "PUT " + FLOWS + "B2X_1_partner_signup/apiConnectorConfiguration/postAttributeCollection/$ref");

    @TempDir
    Path dir;
    TestTenant t;
    Path desired;
    Path planFile;

    @BeforeEach
    void start() throws Exception {
        t = TestTenant.demoLike();
        desired = TestTenant.desired(dir, DESIRED);
        planFile = dir.resolve("prod.plan.json");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private TestTenant.Result planToFile() {
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(planFile).isRegularFile();
        t.simulator.clearRequests();
        return plan;
    }

    @Test
    void applyOfASavedPlanWritesExactlyItsChangesWithoutReadingTheDesiredState() throws Exception {
        TestTenant.Result plan = planToFile();
        assertThat(t.writes()).isEmpty();
        assertThat(plan.out()).contains("Saved the plan to " + planFile
                + ". To apply exactly these changes: userflow-connector-sync apply " + planFile);
        // The desired state may change or go away after the review: the plan file carries the changes.
        Files.delete(desired);

        TestTenant.Result apply = t.run("apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).containsExactlyElementsOf(PLANNED_WRITES);
        assertThat(t.tenant.bindings("B2X_1_partner_signup")).containsExactlyInAnyOrderEntriesOf(
                Map.of("postFederationSignup", CHECK, "postAttributeCollection", ENRICH));
        assertThat(t.tenant.bindings("B2X_1_customers")).containsExactlyEntriesOf(Map.of("postAttributeCollection", LOYALTY));
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(t.tenant.bindings("B2X_1_employees")).containsExactlyEntriesOf(Map.of("postAttributeCollection", LEGACY));
        assertThat(apply.out()).contains("Saved plan: " + planFile + " (planned from " + desired + ")")
                .contains("Apply: applied 4, verified 4, not effective 0, unverified 0, failed 0, skipped 0");
    }

    @Test
    void planFileAsAnOptionAppliesTheSameAsThePositionalArgument() {
        planToFile();

        TestTenant.Result apply = t.run("apply", "--plan", planFile.toString(), "--output", "json");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).containsExactlyElementsOf(PLANNED_WRITES);
        assertThat(apply.out()).startsWith("{").contains("\"result\" : \"applied\"");
        assertThat(apply.err()).contains("Saved plan: " + planFile);
    }

    @Test
    void aLiveChangeInBetweenMakesApplyRefuseWithNoWritesAndNamesTheStep() {
        planToFile();
        // Someone unbinds a step in the portal after the review: the plan's unbind of it is not what happens now.
        t.tenant.unbind("B2X_1_customers", "postFederationSignup");
        t.tenant.bind("B2X_1_partner_signup", "postFederationSignup", LOYALTY);
        t.simulator.clearRequests();

        TestTenant.Result apply = t.run("apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.writes()).isEmpty();
        assertThat(apply.err()).contains("error: could not use the saved plan; nothing was written: the live state"
                        + " changed since the plan was made (2 differences); plan again: ")
                .contains("B2X_1_customers postFederationSignup: saw \"Legacy CRM hook\" (" + LEGACY + "), now (none)")
                .contains("B2X_1_partner_signup postFederationSignup: saw (none), now \"Validate loyalty number\" ("
                        + LOYALTY + ")");
        assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection")).as("untouched").contains(LEGACY);
    }

    @Test
    void aSavedPlanAppliedTwiceIsRefusedTheSecondTimeAndSaysItLooksApplied() {
        planToFile();
        assertThat(t.run("apply", planFile.toString()).exitCode()).isZero();
        t.simulator.clearRequests();

        TestTenant.Result again = t.run("apply", planFile.toString());

        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(t.writes()).isEmpty();
        assertThat(again.err()).contains("(4 differences)")
                .endsWith("every step it changes already is as the plan would leave it (was it applied before?)\n");
    }

    @Test
    void aPlanFileForAnotherTenantIsRefusedBeforeGraphIsCalled() {
        planToFile();
        Map<String, String> otherTenant = new HashMap<>(t.environment());
        otherTenant.put("AZURE_TENANT_ID", "30000000-0000-0000-0000-000000000003");

        TestTenant.Result apply = t.run(otherTenant, "apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.simulator.requests()).as("not even a token").isEmpty();
        assertThat(apply.err()).contains("could not use the saved plan; nothing was written: " + planFile)
                .contains("it was made for tenant " + t.tenant.tenantId()
                        + ", and this is tenant 30000000-0000-0000-0000-000000000003 (azure.tenant.id)");
    }

    @Test
    void aTamperedPlanFileIsRefusedWithNoWrites() throws Exception {
        planToFile();
        // Point the reviewed bind at another connector: the file still parses, the checksum no longer matches.
        String text = Files.readString(planFile);
        assertThat(text).contains(CHECK);
        Files.writeString(planFile, text.replace(CHECK, LEGACY));

        TestTenant.Result apply = t.run("apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.simulator.requests()).isEmpty();
        assertThat(apply.err()).contains(planFile + ": the plan file was edited or damaged after it was written");
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).isEmpty();
    }

    @Test
    void aSavedPlanWithNoChangesAppliesNothingAndExitsZero() throws Exception {
        Files.writeString(desired, """
                userFlows:
                  B2X_1_customers:
                    postAttributeCollection: Validate loyalty number
                """);
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString());
        assertThat(plan.exitCode()).as(plan.all()).isZero();
        t.simulator.clearRequests();

        TestTenant.Result apply = t.run("apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.writes()).isEmpty();
        assertThat(apply.out()).contains("No changes. Live state matches the desired state (1 managed step).");
    }

    @Test
    void aSavedPlanOlderThanMaxAgeIsRefused() throws Exception {
        planToFile();
        PlanFile saved = PlanFileStore.load(planFile);
        PlanFileStore.save(planFile, new PlanFile(saved.createdAt().minus(Duration.ofDays(2)), saved.createdBy(),
                saved.target(), saved.source(), saved.plan()));

        TestTenant.Result apply = t.run("apply", planFile.toString(), "--set", "sync.saved-plan.max-age=24h");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.simulator.requests()).isEmpty();
        assertThat(apply.err()).containsPattern("it was made at \\S+, 2d( \\d+s)? ago, longer ago than"
                + " sync.saved-plan.max-age \\(1d\\) allows");
        assertThat(t.run("apply", planFile.toString()).exitCode()).as("no limit by default").isZero();
    }

    @Test
    void thePlanFileDescribesThePlanAndHoldsNoSecret() throws Exception {
        TestTenant.Result plan = planToFile();

        String text = Files.readString(planFile);
        assertThat(text).doesNotContain(TestTenant.SECRET).doesNotContain("pw-");
        var json = new ObjectMapper().readTree(text);
        assertThat(json.path("planFileVersion").intValue()).isEqualTo(1);
        assertThat(json.path("target").path("tenantId").textValue()).isEqualTo(t.tenant.tenantId());
        assertThat(json.path("target").path("graphEndpoint").textValue()).isEqualTo(t.simulator.baseUrl());
        assertThat(json.path("source").path("location").textValue()).isEqualTo(desired.toString());
        assertThat(json.path("changes")).hasSize(4);
        assertThat(plan.all()).doesNotContain(TestTenant.SECRET);
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("no temporary file left behind")
                    .containsExactlyInAnyOrder("flows.yaml", "prod.plan.json");
        }
    }

    @Test
    void withJsonOutputStdoutKeepsItsOneDocumentAndTheNoteGoesToStderr() throws Exception {
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString(),
                "--output", "json");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(new ObjectMapper().readTree(plan.out()).path("changes")).hasSize(4);
        assertThat(plan.err()).contains("Saved the plan to " + planFile);
    }

    @Test
    void aSavedPlanWithErrorsAppliesItsChangesAndExitsOneAsApplyDoes() throws Exception {
        Files.writeString(desired, DESIRED + """
                  B2X_1_deleted_in_the_portal:
                    postAttributeCollection: null
                """);
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString());
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        t.simulator.clearRequests();

        TestTenant.Result apply = t.run("apply", planFile.toString());

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.writes()).containsExactlyElementsOf(PLANNED_WRITES);
        assertThat(apply.out()).contains("B2X_1_deleted_in_the_portal: unknown user flow")
                .contains("verified 4");
    }

    @Test
    void aSavedPlanOverAGuardsLimitAtApplyTimeWritesNothingUnlessForced() {
        planToFile();

        TestTenant.Result held = t.run("apply", planFile.toString(), "--set", "sync.max-unbinds=1");

        assertThat(held.exitCode()).as(held.all()).isEqualTo(1);
        assertThat(t.writes()).isEmpty();
        assertThat(held.all()).contains("2 unbinds, over sync.max-unbinds=1");

        TestTenant.Result forced = t.run("apply", planFile.toString(), "--set", "sync.max-unbinds=1", "--force");

        assertThat(forced.exitCode()).as(forced.all()).isZero();
        assertThat(t.writes()).containsExactlyElementsOf(PLANNED_WRITES);
    }

    @Test
    void aSavedPlanIsNotWrittenWhileTheAgentIsReportOnly() {
        planToFile();

        TestTenant.Result apply = t.run("apply", planFile.toString(), "--set", "sync.mode=report");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(2);
        assertThat(t.writes()).isEmpty();
        assertThat(apply.all()).contains("report-only");
    }

    @Test
    void aPlanOfADesiredStateThatSuspendsWritesIsNotSaved() throws Exception {
        Files.writeString(desired, "suspend: true\n" + Files.readString(desired));

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(planFile).doesNotExist();
        assertThat(plan.err()).contains("The plan was not saved to " + planFile + ": the desired state suspends"
                + " writes (suspend: true at " + desired + ":1)");
    }

    @Test
    void aPlanThatStoppedBeforePlanningSavesNothing() throws Exception {
        Files.writeString(desired, "userFlows:\n  B2X_1_customers:\n    postAttributeCollection:\n");

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--out", planFile.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(planFile).doesNotExist();
        assertThat(plan.err()).contains("The plan was not saved to " + planFile + ": the run has no plan.");
    }
}
