package io.userflowsync.e2e;

import io.userflowsync.doctor.PermissionCheck;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.SimulatedAuthority;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code doctor} against the simulated tenant, whose tokens carry the app's granted application permissions in their
 * {@code roles} claim (issue 9 item 6): which commands the app can use, the exit code apply's needs decide, and never
 * a secret or the token in what it prints.
 */
class DoctorCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestTenant t;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    /** The line of the table for a feature. */
    private static String row(TestTenant.Result result, String feature) {
        return result.out().lines().filter(l -> l.strip().startsWith(feature)).findFirst()
                .orElseThrow(() -> new AssertionError("no row '" + feature + "' in:\n" + result.all()));
    }

    private static void assertNothingSecret(String everything) {
        assertThat(everything)
                .doesNotContain(TestTenant.SECRET)
                .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.")
                .doesNotContainPattern("Bearer [A-Za-z0-9._-]{8,}");
    }

    @Test
    void withEveryPermissionGrantedEveryRowSaysGrantedAndTheExitCodeIsZero() {
        TestTenant.Result doctor = t.run("doctor");

        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(doctor.out())
                .contains("Tenant:     " + t.tenant.tenantId())
                .contains("Client:     " + t.tenant.clientId())
                .contains("Credential: client secret")
                .contains("Granted:    IdentityUserFlow.ReadWrite.All, APIConnectors.ReadWrite.All, AuditLog.Read.All")
                .contains("apply and run have every permission they need.");
        for (String feature : List.of("read user flows and their bindings", "read API connectors",
                "bind and unbind steps", "who caused the drift (forensics)", "connectors as code")) {
            assertThat(row(doctor, feature)).contains(" granted");
        }
        assertNothingSecret(doctor.all());
    }

    @Test
    void withTheReadOnlyFlowPermissionApplyIsMissingItsPermissionAndTheExitCodeIsOne() {
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.Read.All", "APIConnectors.Read.All",
                "AuditLog.Read.All"));

        TestTenant.Result doctor = t.run("doctor");

        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        assertThat(row(doctor, "bind and unbind steps")).contains("IdentityUserFlow.ReadWrite.All")
                .contains("MISSING");
        // Graph's page for reading apiConnectorConfiguration lists only ReadWrite, so plan misses it as well.
        assertThat(row(doctor, "read user flows and their bindings")).contains("MISSING")
                .contains("IdentityUserFlow.Read.All is granted, but Graph documents only"
                        + " IdentityUserFlow.ReadWrite.All here");
        assertThat(row(doctor, "read API connectors")).contains(" granted");
        assertThat(row(doctor, "connectors as code")).contains(" missing");
        assertThat(doctor.out()).contains("apply and run cannot work: missing IdentityUserFlow.ReadWrite.All");
        assertThat(doctor.err()).as("the verdict is said once, on stdout").isEmpty();
    }

    @Test
    void withoutTheAuditLogPermissionForensicsIsMissingButApplyHasWhatItNeeds() {
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All", "APIConnectors.Read.All"));

        TestTenant.Result doctor = t.run("doctor");

        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(row(doctor, "who caused the drift (forensics)")).contains("AuditLog.Read.All")
                .contains(" missing");
        assertThat(row(doctor, "read API connectors")).contains(" granted");
        assertThat(row(doctor, "bind and unbind steps")).contains(" granted");
    }

    @Test
    void withNoPermissionAtAllTheTableSaysSoAndTheExitCodeIsOne() {
        t.tenant.app().grantPermissions(List.of());

        TestTenant.Result doctor = t.run("doctor");

        assertThat(doctor.exitCode()).as(doctor.all()).isEqualTo(1);
        assertThat(doctor.out()).contains("Granted:    (no application permissions)");
        assertThat(doctor.out()).contains("missing IdentityUserFlow.ReadWrite.All, APIConnectors.Read.All");
    }

    @Test
    void aSecretTheAuthorityRefusesIsOneErrorLineExitOneAndNoSecret() {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("AZURE_CLIENT_SECRET", "wrong-Secret-That-Must-Never-Leak");

        TestTenant.Result doctor = t.run(env, "doctor");

        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.out()).isEmpty();
        assertThat(doctor.err()).startsWith("error: could not get a token: ").contains("AADSTS7000215");
        assertThat(doctor.all()).doesNotContain("wrong-Secret-That-Must-Never-Leak");
        assertNothingSecret(doctor.all());
    }

    @Test
    void aTokenThatIsNoJwtSaysTheRolesCannotBeReadAndExitsOne() {
        t.tenant.app().issueOpaqueTokens();

        TestTenant.Result doctor = t.run("doctor");

        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.out()).isEmpty();
        assertThat(doctor.err()).startsWith("error: the access token is not a JWT, so the permissions it grants"
                + " (its roles claim) cannot be read");
    }

    @Test
    void noCredentialAtAllIsNamedWithoutCallingAnything() {
        Map<String, String> env = new HashMap<>(t.environment());
        env.remove("AZURE_CLIENT_SECRET");

        TestTenant.Result doctor = t.run(env, "doctor");

        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(doctor.err()).startsWith("error: no credential: set AZURE_CLIENT_SECRET");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void jsonOutputIsOneDocumentWithEveryRow() throws Exception {
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All", "APIConnectors.Read.All"));

        TestTenant.Result doctor = t.run("doctor", "--output", "json");

        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        JsonNode document = JSON.readTree(doctor.out());
        assertThat(document.path("command").asText()).isEqualTo("doctor");
        assertThat(document.path("result").asText()).isEqualTo("ready");
        assertThat(document.path("exitCode").asInt()).isZero();
        assertThat(document.path("tenantId").asText()).isEqualTo(t.tenant.tenantId());
        assertThat(document.path("clientId").asText()).isEqualTo(t.tenant.clientId());
        assertThat(document.path("credential").asText()).isEqualTo("client secret");
        assertThat(document.path("roles").toString())
                .isEqualTo("[\"IdentityUserFlow.ReadWrite.All\",\"APIConnectors.Read.All\"]");
        assertThat(document.path("checks")).hasSize(PermissionCheck.NEEDS.size());
        JsonNode forensics = document.path("checks").get(3);
        assertThat(forensics.path("feature").asText()).isEqualTo("who caused the drift (forensics)");
        assertThat(forensics.path("granted").asBoolean()).isFalse();
        assertThat(forensics.path("requiredForApply").asBoolean()).isFalse();
        assertThat(document.path("checks").get(1).path("grantedBy").asText()).isEqualTo("APIConnectors.Read.All");
        assertNothingSecret(doctor.all());
    }

    @Test
    void jsonOutputIsOneDocumentWhenNoTokenCanBeHad() throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("AZURE_CLIENT_SECRET", "wrong-Secret-That-Must-Never-Leak");

        TestTenant.Result doctor = t.run(env, "doctor", "--output", "json");

        assertThat(doctor.exitCode()).isEqualTo(1);
        JsonNode document = JSON.readTree(doctor.out());
        assertThat(document.path("result").asText()).isEqualTo("failed");
        assertThat(document.path("exitCode").asInt()).isEqualTo(1);
        assertThat(document.path("reason").asText()).startsWith("could not get a token: ");
        assertThat(document.path("checks").isNull()).isTrue();
        assertThat(doctor.all()).doesNotContain("wrong-Secret-That-Must-Never-Leak");
    }

    @Test
    void aCertificateCredentialIsCheckedTheSameWay() throws Exception {
        KeyPair keys = TestKeys.rsa();
        X509Certificate certificate = TestKeys.certificate(keys, "userflow-connector-sync");
        t.tenant.app().addCertificate(certificate).grantPermissions(List.of("IdentityUserFlow.ReadWrite.All",
                "APIConnectors.ReadWrite.All"));
        try (SimulatedAuthority authority = SimulatedAuthority.start(t.tenant)) {
            Map<String, String> env = new HashMap<>(t.environment());
            env.remove("AZURE_CLIENT_SECRET");
            env.put("AZURE_AUTHORITY_HOST", authority.baseUrl());
            env.put("GRAPH_CA_FILE", Files.writeString(dir.resolve("ca.pem"), authority.certificatePem()).toString());
            env.put("AZURE_CLIENT_CERTIFICATE_PATH", Files.writeString(dir.resolve("app.pem"),
                    TestKeys.pkcs8Pem(keys.getPrivate()) + TestKeys.pem(certificate)).toString());

            TestTenant.Result doctor = t.run(env, "doctor");

            assertThat(doctor.exitCode()).as(doctor.all()).isZero();
            assertThat(doctor.out()).contains("Credential: certificate")
                    .contains("Granted:    IdentityUserFlow.ReadWrite.All, APIConnectors.ReadWrite.All");
            assertThat(doctor.all()).doesNotContain("PRIVATE KEY");
            assertNothingSecret(doctor.all());
        }
    }

    /** What doctor says apply misses is what the simulated Graph, checking the token's roles, refuses. */
    @Test
    void anAppDoctorFindsWantingCannotPlanAndWritesNothingWhileOneItPassesApplies() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.Read.All", "APIConnectors.Read.All"));

        TestTenant.Result doctor = t.run("doctor");
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());
        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());

        assertThat(doctor.exitCode()).isEqualTo(1);
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.all()).contains("Authorization_RequestDenied");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.writes()).isEmpty();

        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All", "APIConnectors.Read.All"));
        TestTenant.Result doctorAgain = t.run("doctor");
        TestTenant.Result applyAgain = t.run("apply", "--desired", desired.toString());

        assertThat(doctorAgain.exitCode()).as(doctorAgain.all()).isZero();
        assertThat(applyAgain.exitCode()).as(applyAgain.all()).isZero();
        assertThat(t.writes()).isNotEmpty();
    }

    @Test
    void anAppWithNoConnectorPermissionCannotPlanAndDoctorSaysWhy() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        t.tenant.app().grantPermissions(List.of("IdentityUserFlow.ReadWrite.All"));

        TestTenant.Result doctor = t.run("doctor");
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(doctor.out()).contains("missing APIConnectors.Read.All");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.err()).contains("Authorization_RequestDenied");
    }

    @Test
    void theProbeReadsOnceOfEachKindApplyNeedsAndWritesNothing() {
        TestTenant.Result doctor = t.run("doctor", "--probe");

        assertThat(doctor.exitCode()).as(doctor.all()).isZero();
        assertThat(doctor.out()).contains("Probe (one read of each kind; nothing is written):")
                .contains("read API connectors                 ok: listed 4 connector(s)")
                .contains("read user flows and their bindings  ok: read the bindings of B2X_1_contractors")
                .contains("and Graph answered every read of the probe.");
        assertThat(t.writes()).isEmpty();
    }

    /** A permission whose admin consent was withdrawn after the token was issued: the roles say yes, Graph no. */
    @Test
    void aPermissionTheTokenCarriesButGraphRefusesIsCaughtOnlyByTheProbe() throws Exception {
        t.simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/apiConnectors"), 403, 2,
                Optional.empty(), "Authorization_RequestDenied"));

        TestTenant.Result withoutProbe = t.run("doctor");
        TestTenant.Result probe = t.run("doctor", "--probe");
        TestTenant.Result json = t.run("doctor", "--probe", "--output", "json");

        assertThat(withoutProbe.exitCode()).as(withoutProbe.all()).isZero();
        assertThat(probe.exitCode()).as(probe.all()).isEqualTo(1);
        assertThat(probe.out()).contains("read API connectors                 REFUSED listing the connectors: HTTP 403"
                + " Authorization_RequestDenied")
                .contains("apply and run cannot work: Graph refused 1 of the probe's reads although the token grants"
                        + " them");
        JsonNode document = JSON.readTree(json.out());
        assertThat(document.path("result").asText()).isEqualTo("refused");
        assertThat(document.path("exitCode").asInt()).isEqualTo(1);
        assertThat(document.path("probes").get(0).path("ok").asBoolean()).isFalse();
        assertThat(document.path("probes").get(0).path("error").asText()).startsWith("HTTP 403 Authorization_RequestDenied");
        assertThat(document.path("probes").get(1).path("ok").asBoolean()).isTrue();
        assertThat(json.err()).contains("error: apply and run cannot work: Graph refused 1");
    }

    @Test
    void withoutTheProbeTheJsonDocumentSaysNoProbeWasMade() throws Exception {
        JsonNode document = JSON.readTree(t.run("doctor", "--output", "json").out());

        assertThat(document.path("probes").isNull()).isTrue();
        assertThat(t.simulator.requests()).allSatisfy(r -> assertThat(r.path()).endsWith("/token"));
    }
}
