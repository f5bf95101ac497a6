package io.userflowsync.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.simulator.AppRegistration;
import io.userflowsync.simulator.SimulatedAuthority;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * plan and apply with a certificate (PEM, PKCS#12) or workload identity against the simulated tenant, its token
 * endpoint served over HTTPS (issue 8 item 5): the run goes end to end, a credential Entra refuses fails it with the
 * authority's reason, and no key, password or assertion is printed or logged.
 */
class CredentialCommandsTest {
    private static final KeyPair APP_KEYS = TestKeys.rsa();
    private static final X509Certificate APP_CERTIFICATE = TestKeys.certificate(APP_KEYS, "userflow-connector-sync");
    private static final KeyPair ISSUER_KEYS = TestKeys.rsa();
    private static final String ISSUER = "https://westeurope.oic.prod-aks.azure.com/tenant-guid/cluster-guid/";
    private static final String SUBJECT = "system:serviceaccount:identity:userflow-connector-sync";
    private static final String PFX_PASSWORD = "Pfx-Password-That-Must-Never-Leak";

    @TempDir
    Path dir;
    private TestTenant t;
    private SimulatedAuthority authority;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
        t.tenant.app().addCertificate(APP_CERTIFICATE).addFederatedCredential(ISSUER, SUBJECT, ISSUER_KEYS.getPublic());
        authority = SimulatedAuthority.start(t.tenant);
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
        authority.close();
        t.close();
    }

    /** The test tenant's environment with the authority over HTTPS and no credential yet. */
    private Map<String, String> environment() throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.remove("AZURE_CLIENT_SECRET");
        env.put("AZURE_AUTHORITY_HOST", authority.baseUrl());
        env.put("GRAPH_CA_FILE", Files.writeString(dir.resolve("simulator-ca.pem"), authority.certificatePem())
                .toString());
        return env;
    }

    private Map<String, String> certificate(String form) throws Exception {
        Map<String, String> env = environment();
        if (form.equals("pem")) {
            env.put("AZURE_CLIENT_CERTIFICATE_PATH", Files.writeString(dir.resolve("app.pem"),
                    TestKeys.pkcs8Pem(APP_KEYS.getPrivate()) + TestKeys.pem(APP_CERTIFICATE)).toString());
        } else {
            env.put("AZURE_CLIENT_CERTIFICATE_PATH", Files.write(dir.resolve("app.pfx"),
                    TestKeys.pkcs12(APP_KEYS.getPrivate(), APP_CERTIFICATE, PFX_PASSWORD)).toString());
            env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD);
        }
        return env;
    }

    private Map<String, String> workloadIdentity(Map<String, Object> claimChanges) throws Exception {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>(Map.of("iss", ISSUER, "sub", SUBJECT,
                "aud", List.of(AppRegistration.TOKEN_EXCHANGE_AUDIENCE), "jti", UUID.randomUUID().toString(),
                "iat", now.getEpochSecond(), "nbf", now.getEpochSecond(),
                "exp", now.plus(Duration.ofHours(1)).getEpochSecond()));
        claims.putAll(claimChanges);
        Map<String, String> env = environment();
        env.put("AZURE_FEDERATED_TOKEN_FILE", Files.writeString(dir.resolve("azure-identity-token"),
                TestKeys.jwt(Map.of("alg", "RS256", "typ", "JWT", "kid", "k1"), claims, ISSUER_KEYS.getPrivate()))
                .toString());
        return env;
    }

    private String logged() {
        return logs.list.stream().map(e -> e.getFormattedMessage()
                        + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
    }

    /** Nothing secret of any credential in what the agent printed and logged. */
    private void assertNoCredentialMaterial(String everything) {
        String keyBase64 = Base64.getEncoder().encodeToString(APP_KEYS.getPrivate().getEncoded());
        assertThat(everything)
                .doesNotContain(PFX_PASSWORD)
                .doesNotContain("PRIVATE KEY")
                .doesNotContain(keyBase64.substring(100, 160))
                .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}\\.")
                .doesNotContainPattern("Bearer [A-Za-z0-9._-]{8,}");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"pem", "pkcs12"})
    void planAndApplyWithACertificateGoEndToEnd(String form) throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        Map<String, String> env = certificate(form);

        TestTenant.Result plan = t.run(env, "plan", "--desired", desired.toString());
        TestTenant.Result apply = t.run(env, "apply", "--desired", desired.toString());
        TestTenant.Result again = t.run(env, "plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("+ bind    B2X_1_partner_signup  postFederationSignup");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(0);
        assertThat(again.exitCode()).as(again.all()).isEqualTo(0);
        assertThat(t.tenant.app().assertions()).hasSize(3).allSatisfy(a -> {
            assertThat(a.kind()).isEqualTo(AppRegistration.Kind.CERTIFICATE);
            assertThat(a.accepted()).isTrue();
        });
        assertNoCredentialMaterial(plan.all() + apply.all() + again.all() + logged());
    }

    @Test
    void planWithWorkloadIdentityGoesEndToEnd() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);

        TestTenant.Result plan = t.run(workloadIdentity(Map.of()), "plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("Plan: ");
        assertThat(t.tenant.app().assertions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AppRegistration.Kind.FEDERATED);
            assertThat(a.subject()).isEqualTo(SUBJECT);
            assertThat(a.accepted()).isTrue();
        });
        assertNoCredentialMaterial(plan.all() + logged());
    }

    @Test
    void exportWithACertificateReadsTheTenant() throws Exception {
        TestTenant.Result export = t.run(certificate("pem"), "export");

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(export.out()).contains("userFlows:");
        assertThat(t.tenant.app().assertions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AppRegistration.Kind.CERTIFICATE);
            assertThat(a.accepted()).isTrue();
        });
        assertNoCredentialMaterial(export.all() + logged());
    }

    @Test
    void theCredentialInUseIsLoggedOnceWithItsThumbprintOrTokenFileAndNothingSecret() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        Map<String, String> withCertificate = certificate("pkcs12");
        Map<String, String> withTokenFile = workloadIdentity(Map.of());

        t.run(withCertificate, "plan", "--desired", desired.toString());
        t.run(withTokenFile, "plan", "--desired", desired.toString());

        List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage)
                .filter(m -> m.startsWith("Credential: ")).toList();
        String thumbprint = java.util.HexFormat.of().withUpperCase().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(APP_CERTIFICATE.getEncoded()));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("Credential: certificate for client " + t.tenant.clientId()
                        + ": certificate " + thumbprint + " (CN=userflow-connector-sync, valid until ")
                .contains(" from " + withCertificate.get("AZURE_CLIENT_CERTIFICATE_PATH"))
                .contains("tenant " + t.tenant.tenantId()).contains("authority " + authority.baseUrl());
        assertThat(lines.get(1)).startsWith("Credential: workload identity (federated token) for client "
                + t.tenant.clientId() + ": token file " + withTokenFile.get("AZURE_FEDERATED_TOKEN_FILE")
                + ", read at every token request");
        assertNoCredentialMaterial(String.join("\n", lines));
    }

    /** What Entra refuses fails the run at the token request, with the authority's reason, before any write. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"a certificate the app does not have", "an expired federated token",
            "a federated token for another audience", "an authority host the assertion's audience does not name"})
    void aCredentialTheAuthorityRefusesFailsTheRunWithItsReasonAndNothingSecret(String what) throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        Map<String, String> env;
        String reason;
        switch (what) {
            case "a certificate the app does not have" -> {
                KeyPair other = TestKeys.rsa();
                env = environment();
                env.put("AZURE_CLIENT_CERTIFICATE_PATH", Files.write(dir.resolve("other.pfx"), TestKeys.pkcs12(
                        other.getPrivate(), TestKeys.certificate(other, "other"), PFX_PASSWORD)).toString());
                env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD);
                reason = "HTTP 401 invalid_client: AADSTS700027: The certificate with identifier used to sign the"
                        + " client assertion is not registered on application.";
            }
            case "an expired federated token" -> {
                env = workloadIdentity(Map.of("exp", Instant.now().minus(Duration.ofMinutes(20)).getEpochSecond()));
                reason = "HTTP 401 invalid_client: AADSTS700024: Client assertion is not within its valid time range.";
            }
            case "a federated token for another audience" -> {
                env = workloadIdentity(Map.of("aud", "api://someone-else"));
                reason = "HTTP 401 invalid_client: AADSTS700212: No matching federated identity record found for"
                        + " presented assertion audience 'api://someone-else'.";
            }
            default -> {
                env = certificate("pem");
                env.put("AZURE_AUTHORITY_HOST", authority.baseUrl().replace("127.0.0.1", "localhost"));
                reason = "HTTP 401 invalid_client: AADSTS50027: JWT token is invalid or malformed: the audience"
                        + " [https://localhost:";
            }
        }

        TestTenant.Result plan = t.run(env, "plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).startsWith("error: could not read the ")
                .contains("getting an access token for client " + t.tenant.clientId() + " with ")
                .contains(reason);
        assertThat(plan.err().lines()).hasSize(1);
        assertThat(t.writes()).isEmpty();
        assertNoCredentialMaterial(plan.all() + logged());
    }

    @Test
    void twoCredentialsAreRefusedBeforeAnythingStarts() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        Map<String, String> env = certificate("pkcs12");
        env.put("AZURE_CLIENT_SECRET", TestTenant.SECRET);

        TestTenant.Result plan = t.run(env, "plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("error: two credentials are set, AZURE_CLIENT_SECRET (azure.client.secret)"
                + " and AZURE_CLIENT_CERTIFICATE_PATH (azure.client.certificate.path); set only the one the agent"
                + " should use\n");
        assertThat(authority.requests()).isEmpty();
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void aCertificateOrTokenFileThatCannotBeUsedIsNamedWithEveryOtherProblemBeforeAnythingStarts() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        Map<String, String> env = certificate("pkcs12");
        env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", "not-the-password");
        env.put("AZURE_AUTHORITY_HOST", t.simulator.baseUrl());
        Map<String, String> missingTokenFile = environment();
        missingTokenFile.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("no-such-token").toString());

        TestTenant.Result certificatePlan = t.run(env, "plan", "--desired", desired.toString());
        TestTenant.Result tokenFilePlan = t.run(missingTokenFile, "plan", "--desired", desired.toString());

        assertThat(certificatePlan.err()).isEqualTo("""
                error: 2 problems with the settings:
                  setting azure.authority.host (AZURE_AUTHORITY_HOST) must be an https:// URL for a certificate or \
                workload identity credential (msal4j talks to no other authority), got '%s'
                  the certificate file %s (AZURE_CLIENT_CERTIFICATE_PATH) is a PKCS#12 file that \
                AZURE_CLIENT_CERTIFICATE_PASSWORD does not open (wrong password)
                """.formatted(t.simulator.baseUrl(), env.get("AZURE_CLIENT_CERTIFICATE_PATH")));
        assertThat(tokenFilePlan.err()).isEqualTo("error: the federated token file " + dir.resolve("no-such-token")
                + " (AZURE_FEDERATED_TOKEN_FILE) does not exist\n");
        assertThat(certificatePlan.exitCode()).isEqualTo(1);
        assertThat(tokenFilePlan.exitCode()).isEqualTo(1);
        assertThat(authority.requests()).isEmpty();
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void theDemoUsesItsOwnCredentialWhateverTheEnvironmentHolds() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", dir.resolve("not-there.pem").toString());
        env.put("AZURE_FEDERATED_TOKEN_FILE", dir.resolve("not-there-either").toString());
        env.put("GRAPH_CA_FILE", dir.resolve("no-ca.pem").toString());

        TestTenant.Result demo = t.run(env, "demo");

        assertThat(demo.exitCode()).as(demo.all()).isEqualTo(0);
    }
}
