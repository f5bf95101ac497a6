package io.userflowsync.e2e;

import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** The commands end to end: real YAML, real Camel routes, real HTTP to the simulated tenant. */
class ReconcileCommandsTest {
    static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    static final String ENRICH = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";
    static final String LOYALTY = "c4a1e9d2-58b3-4f60-a7e2-91d0b3c5f824";
    static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";

    static final String DESIRED = """
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: Check partner domain
                postAttributeCollection: {id: 7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10}
              B2X_1_customers:
                postFederationSignup: null
                postAttributeCollection: Validate loyalty number
              B2X_1_contractors:
                postAttributeCollection: null
            """;

    @TempDir
    Path dir;
    TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void applyReconcilesDriftAndASecondApplyWritesNothing() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result first = t.run("apply", "--desired", desired.toString());

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(t.tenant.bindings("B2X_1_partner_signup"))
                .containsExactlyInAnyOrderEntriesOf(Map.of("postFederationSignup", CHECK, "postAttributeCollection", ENRICH));
        assertThat(t.tenant.bindings("B2X_1_customers")).containsExactlyEntriesOf(Map.of("postAttributeCollection", LOYALTY));
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(t.tenant.bindings("B2X_1_employees")).as("an unmanaged flow is never touched")
                .containsExactlyEntriesOf(Map.of("postAttributeCollection", LEGACY));
        assertThat(t.writes()).hasSize(4);
        assertThat(first.out()).contains("Apply: applied 4, verified 4, not effective 0, unverified 0, failed 0, skipped 0");

        t.simulator.clearRequests();
        TestTenant.Result second = t.run("apply", "--desired", desired.toString());

        assertThat(second.exitCode()).as(second.all()).isZero();
        assertThat(t.writes()).isEmpty();
        assertThat(second.out()).contains("No changes");
    }

    @Test
    void planShowsEveryChangeWithDriftExitCodeAndNeverWrites() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(t.writes()).isEmpty();
        assertThat(plan.out()).containsPattern("bind +B2X_1_partner_signup +postFederationSignup .*Check partner domain.*" + CHECK)
                .containsPattern("rebind +B2X_1_partner_signup +postAttributeCollection .*Legacy CRM hook.*" + LEGACY + ".*Enrich partner profile.*" + ENRICH)
                .containsPattern("unbind +B2X_1_customers +postFederationSignup .*Legacy CRM hook")
                .containsPattern("unbind +B2X_1_contractors +postAttributeCollection");
        assertThat(plan.out().lines().filter(l -> l.contains("B2X_1_")).count()).isEqualTo(4);
    }

    @Test
    void planExitsZeroWithoutDrift() throws Exception {
        Path desired = TestTenant.desired(dir, """
                userFlows:
                  B2X_1_customers:
                    postAttributeCollection: Validate loyalty number
                """);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.out()).contains("No changes");
    }

    @Test
    void upsertOnlyHoldsBackUnbindsAndSaysSo() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString(), "--policy", "upsert-only");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection")).contains(LEGACY);
        assertThat(t.tenant.binding("B2X_1_customers", "postFederationSignup")).contains(LEGACY);
        assertThat(t.writes()).hasSize(2).allMatch(w -> w.startsWith("PUT"));
        assertThat(apply.out()).contains("upsert-only").contains("skipped 2");
    }

    @Test
    void aFlowThatCannotBeReadIsReportedWhileTheOthersAreReconciled() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        t.simulator.inject(new FaultRule("GET", Pattern.compile(".*/B2X_1_customers/apiConnectorConfiguration"),
                404, 1, Optional.empty(), "ResourceNotFound"));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).contains("B2X_1_customers").contains("404")
                .contains("B2X_1_customers: could not read the live bindings").doesNotContain("unknown user flow");
        // A read failed, so the flow listing is asked for (only then): the flow exists, it could not be read.
        assertThat(t.simulator.requests()).extracting(r -> r.line())
                .containsOnlyOnce("GET /v1.0/identity/b2xUserFlows?$select=id");
        assertThat(t.tenant.binding("B2X_1_customers", "postFederationSignup")).as("not touched").contains(LEGACY);
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
    }

    @Test
    void invalidYamlIsRejectedWithFileAndLineAndNothingIsWritten() throws Exception {
        Path desired = TestTenant.desired(dir, """
                userFlows:
                  B2X_1_contractors:
                    postAttributeCollection: null
                    postAttributeColection: null
                """);

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.err()).contains(desired + ":4:5");
        assertThat(t.writes()).isEmpty();
        assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection")).contains(LEGACY);
    }

    @Test
    void aWriteThatGraphAcceptsButDoesNotTakeIsReportedAsNotEffective() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        t.tenant.ignoreWritesFor("B2X_1_contractors");

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).isEqualTo(1);
        assertThat(apply.out()).containsPattern("not effective +unbind +B2X_1_contractors")
                .contains("verified 3, not effective 1");
    }

    @Test
    void whenTheServiceRefusesDeleteOnRefTheUnbindFallsBackToPutEmptyBody() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        t.tenant.refuseDeleteRef(true);

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(t.tenant.binding("B2X_1_customers", "postFederationSignup")).isEmpty();
        // Both unbinds travel in the first batch of writes, before the refusal is known: each is written again
        // with PUT {} (issue 7: later unbinds would use PUT {} at once, see GraphClientBatchingTest).
        assertThat(t.writes()).filteredOn(w -> w.contains("B2X_1_contractors") || w.contains("B2X_1_customers"))
                .containsExactlyInAnyOrder(
                        "DELETE /v1.0/identity/b2xUserFlows/B2X_1_contractors/apiConnectorConfiguration/postAttributeCollection/$ref",
                        "DELETE /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref",
                        "PUT /v1.0/identity/b2xUserFlows/B2X_1_contractors/apiConnectorConfiguration/postAttributeCollection/$ref",
                        "PUT /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref");
    }

    @Test
    void throttlingIsRetriedAfterTheAskedDelay() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        t.simulator.inject(new FaultRule("PUT", Pattern.compile(".*/\\$ref"), 429, 2, Optional.of(1), "TooManyRequests"));

        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.simulator.requests().stream().filter(r -> r.status() == 429)).hasSize(2);
        assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(apply.out()).containsPattern("(?m)^Graph throttled this run: requests waited [1-9]\\.\\d s in all"
                + " \\(Retry-After and graph.quota-per-minute\\); Graph refused 2 requests \\(HTTP 429\\); the run spent"
                + " \\d+ requests, at most 140 a minute \\(graph.quota-per-minute 200\\)\\.$");
    }

    @Test
    void theRunsThrottlingWaitSpendingAndRefusalsAreInItsJsonAndZeroWithoutThrottling() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();

        var calm = json.readTree(t.run("plan", "--desired", desired.toString(), "--output", "json").out());
        t.simulator.inject(new FaultRule("GET", Pattern.compile("/apiConnectorConfiguration$"), 429, 1, Optional.of(1),
                "TooManyRequests"));
        var throttled = json.readTree(t.run("apply", "--desired", desired.toString(), "--output", "json").out());

        assertThat(calm.at("/graph/throttleWaitSeconds").asDouble()).isZero();
        assertThat(throttled.at("/result").asText()).isEqualTo("applied");
        assertThat(throttled.at("/graph/throttleWaitSeconds").asDouble()).isBetween(0.5, 30.0);
        assertThat(calm.at("/graph/requestsRefused").asLong()).isZero();
        assertThat(calm.at("/graph/requestsSent").asLong()).as("a listing and the flows' reads").isGreaterThan(1);
        assertThat(throttled.at("/graph/requestsRefused").asLong()).isEqualTo(1);
        assertThat(throttled.at("/graph/requestsSent").asLong())
                .isGreaterThan(calm.at("/graph/requestsSent").asLong());
    }

    @Test
    void aWrongClientSecretFailsTheRunWithoutLeakingIt() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);
        Map<String, String> env = new java.util.HashMap<>(t.environment());
        env.put("AZURE_CLIENT_SECRET", "wrong-" + TestTenant.SECRET);

        TestTenant.Result plan = t.run(env, "plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("invalid_client").doesNotContain(TestTenant.SECRET);
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void validateChecksTheDesiredStateWithoutGraph() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result ok = t.run(Map.of(), "validate", "--desired", desired.toString());

        assertThat(ok.exitCode()).as(ok.all()).isZero();
        assertThat(ok.out()).contains("3 user flow(s), 5 managed step(s)");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void planCanPrintJsonForMachines() throws Exception {
        Path desired = TestTenant.desired(dir, DESIRED);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--output", "json");

        assertThat(plan.exitCode()).isEqualTo(2);
        var json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(plan.out());
        assertThat(json.path("summary").path("bind").asInt()).isEqualTo(1);
        assertThat(json.path("summary").path("unbind").asInt()).isEqualTo(2);
        assertThat(json.path("changes")).hasSize(4);
    }
}
