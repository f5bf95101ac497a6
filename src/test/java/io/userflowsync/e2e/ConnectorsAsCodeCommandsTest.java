package io.userflowsync.e2e;

import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connectors as code (issue 9, item 1) through the CLI: {@code plan} and {@code apply} on a desired state with
 * {@code connectors:}, real HTTP to the simulated tenant, every command a separate invocation (a restart: nothing
 * survives but the state directory).
 */
class ConnectorsAsCodeCommandsTest {
    private static final String PASSWORD = "first-partner-password-4711";
    private static final String ROTATED = "rotated-partner-password-0815";
    private static final String FLOW = "B2X_1_signup";

    @TempDir
    Path dir;

    private final TestTenant t = TestTenant.of(new SimulatedTenant("10000000-0000-0000-0000-000000000009",
            "20000000-0000-0000-0000-000000000009", TestTenant.SECRET).addFlow(FLOW));
    private final Map<String, String> env = new java.util.HashMap<>(t.environment());
    private final List<TestTenant.Result> results = new ArrayList<>();

    ConnectorsAsCodeCommandsTest() {
        env.put("PARTNER_PW", PASSWORD);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private static String basic(String url, String binding) {
        return """
                connectors:
                  partner-check:
                    displayName: Check partner domain
                    targetUrl: %s
                    authentication: {type: basic, username: agent, password: env:PARTNER_PW}
                userFlows:
                  B2X_1_signup:
                    postAttributeCollection: %s
                """.formatted(url, binding);
    }

    private static final String URL = "https://partners.example/check";
    private static final String BOUND = basic(URL, "{connector: partner-check}");

    private TestTenant.Result run(String yaml, String... args) throws IOException {
        Path desired = TestTenant.desired(dir, yaml);
        env.put("SYNC_GIT_WORK_DIR", dir.resolve("state").toString());
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--desired", desired.toString()));
        TestTenant.Result result = t.run(env, all.toArray(String[]::new));
        results.add(result);
        return result;
    }

    private String onlyConnector() {
        assertThat(t.tenant.connectorIds()).hasSize(1);
        return t.tenant.connectorIds().get(0);
    }

    private long connectorWrites(String method) {
        return t.simulator.requests().stream().filter(r -> r.method().equals(method)
                && r.path().contains("/identity/apiConnectors")).count();
    }

    @Test
    void applyCreatesTheConnectorAndBindsTheStepThatNamesItInTheSameRun() throws Exception {
        TestTenant.Result plan = run(BOUND, "plan");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("+ create  partner-check  \"Check partner domain\"")
                .contains("password: (sensitive)").contains("(to be created)");
        assertThat(t.tenant.connectorIds()).as("plan writes nothing").isEmpty();

        TestTenant.Result apply = run(BOUND, "apply");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        String id = onlyConnector();
        assertThat(t.tenant.binding(FLOW, "postAttributeCollection")).contains(id);
        assertThat(t.tenant.password(id)).contains(PASSWORD);
        assertThat(apply.out()).contains("done").contains("create").contains(id);
    }

    @Test
    void anUnchangedSecretIsNeverSentAgainAcrossInvocations() throws Exception {
        assertThat(run(BOUND, "apply").exitCode()).isZero();
        String id = onlyConnector();
        t.simulator.clearRequests();

        TestTenant.Result plan = run(BOUND, "plan");
        TestTenant.Result apply = run(BOUND, "apply");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(apply.out()).contains("Connectors: no changes (1 managed connector)").contains("No changes");
        assertThat(t.writes()).isEmpty();
        assertThat(t.tenant.secretWrites(id)).isEqualTo(1);
    }

    @Test
    void aChangedSecretIsSentExactlyOnce() throws Exception {
        assertThat(run(BOUND, "apply").exitCode()).isZero();
        String id = onlyConnector();
        env.put("PARTNER_PW", ROTATED);

        TestTenant.Result plan = run(BOUND, "plan");
        TestTenant.Result resend = run(BOUND, "apply");
        TestTenant.Result after = run(BOUND, "apply");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ update  partner-check").contains("password: (sensitive)");
        assertThat(resend.exitCode()).as(resend.all()).isZero();
        assertThat(after.exitCode()).as(after.all()).isZero();
        assertThat(t.tenant.password(id)).contains(ROTATED);
        assertThat(t.tenant.secretWrites(id)).isEqualTo(2);
    }

    @Test
    void targetUrlDriftIsFixedByExactlyOnePatchWithoutTheSecret() throws Exception {
        assertThat(run(BOUND, "apply").exitCode()).isZero();
        String id = onlyConnector();
        t.tenant.addConnector(id, "Check partner domain", "https://changed-in-the-portal.example", "agent", "");
        long patches = connectorWrites("PATCH");

        TestTenant.Result plan = run(BOUND, "plan");
        TestTenant.Result apply = run(BOUND, "apply");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("targetUrl: https://changed-in-the-portal.example → " + URL)
                .doesNotContain("password");
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(connectorWrites("PATCH") - patches).isEqualTo(1);
        assertThat(t.tenant.secretWrites(id)).isEqualTo(1);
        assertThat(run(BOUND, "plan").exitCode()).isZero();
    }

    @Test
    void aCertificateIsRotatedByThumbprint() throws Exception {
        env.put("PFX_PW", "pfx-password");
        Path pfx = dir.resolve("fraud.pfx");
        String yaml = """
                connectors:
                  fraud:
                    displayName: Fraud screen
                    targetUrl: https://fraud.example/screen
                    authentication: {type: certificate, pkcs12: 'file:%s', password: env:PFX_PW}
                userFlows: {}
                """.formatted(pfx);
        KeyPair keys = TestKeys.rsa();
        Instant now = Instant.now();
        X509Certificate first = TestKeys.certificate(keys, "first", now.minus(2, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS));
        X509Certificate second = TestKeys.certificate(keys, "second", now.minus(1, ChronoUnit.DAYS),
                now.plus(400, ChronoUnit.DAYS));
        Files.write(pfx, TestKeys.pkcs12(keys.getPrivate(), first, "pfx-password"));
        assertThat(run(yaml, "apply").exitCode()).isZero();
        String id = onlyConnector();
        assertThat(run(yaml, "plan").exitCode()).isZero();

        Files.write(pfx, TestKeys.pkcs12(keys.getPrivate(), second, "pfx-password"));
        TestTenant.Result plan = run(yaml, "plan");
        TestTenant.Result apply = run(yaml, "apply");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("~ add certificate  fraud").contains(sha1(second));
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(t.tenant.certificateThumbprints(id)).containsExactly(sha1(first),
                sha1(second));
        assertThat(run(yaml, "plan").exitCode()).isZero();
    }

    @Test
    void aDeletionIsHeldBackWithoutTheSettingAndWhileAFlowCallsTheConnector() throws Exception {
        assertThat(run(BOUND, "apply").exitCode()).isZero();
        String id = onlyConnector();
        String gone = """
                userFlows:
                  B2X_1_signup:
                    postAttributeCollection: null
                """;
        String stillBound = "userFlows: {}\n";

        TestTenant.Result off = run(stillBound, "apply");
        TestTenant.Result called = run(stillBound, "apply", "--set", "sync.connectors.delete=true");

        assertThat(off.exitCode()).as(off.all()).isZero();
        assertThat(off.out()).contains("! delete  partner-check").contains("sync.connectors.delete is off");
        assertThat(called.exitCode()).as(called.all()).isZero();
        assertThat(called.out()).contains("! delete  partner-check")
                .contains("called by B2X_1_signup postAttributeCollection");
        assertThat(t.tenant.connectorIds()).containsExactly(id);

        // The callers are as read before this run's writes: the step is unbound now, the connector deleted next run.
        TestTenant.Result unbound = run(gone, "apply", "--set", "sync.connectors.delete=true");
        TestTenant.Result deleted = run(gone, "apply", "--set", "sync.connectors.delete=true");

        assertThat(unbound.exitCode()).as(unbound.all()).isZero();
        assertThat(t.tenant.binding(FLOW, "postAttributeCollection")).isEmpty();
        assertThat(deleted.exitCode()).as(deleted.all()).isZero();
        assertThat(deleted.out()).contains("delete").contains(id);
        assertThat(t.tenant.connectorIds()).isEmpty();
        assertThat(run(gone, "plan", "--set", "sync.connectors.delete=true").exitCode()).isZero();
    }

    @Test
    void aTenantWithoutB2cFlowsStillHasEveryFlowReadForADeletionButAnUnlistableFamilyHoldsItBack() throws Exception {
        assertThat(run(BOUND, "apply").exitCode()).isZero();
        String gone = "userFlows:\n  B2X_1_signup:\n    postAttributeCollection: null\n";
        assertThat(run(gone, "apply").exitCode()).isZero();
        // B2C's collection answers 503 (four times: more than graph.max-attempts) and then 403 as in a non-B2C tenant
        t.simulator.inject(new io.userflowsync.simulator.FaultRule("GET",
                java.util.regex.Pattern.compile(".*/b2cUserFlows"), 503, 4, java.util.Optional.empty(),
                "serviceUnavailable"));
        t.simulator.inject(new io.userflowsync.simulator.FaultRule("GET",
                java.util.regex.Pattern.compile(".*/b2cUserFlows"), 403, 100, java.util.Optional.empty(),
                "AADB2C"));

        TestTenant.Result unlistable = run(gone, "apply", "--set", "sync.connectors.delete=true");
        TestTenant.Result absent = run(gone, "apply", "--set", "sync.connectors.delete=true");

        assertThat(unlistable.out()).contains("! delete  partner-check")
                .contains("not every user flow could be read");
        assertThat(absent.exitCode()).as(absent.all()).isZero();
        assertThat(t.tenant.connectorIds()).isEmpty();
    }

    @Test
    void reportOnlyWritesNoConnectorAndSaysSo() throws Exception {
        TestTenant.Result apply = run(BOUND, "apply", "--set", "sync.mode=report");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(2);
        assertThat(apply.out()).contains("+ create  partner-check").contains("Nothing was written");
        assertThat(t.writes()).isEmpty();
        assertThat(t.tenant.connectorIds()).isEmpty();
    }

    @Test
    void aSuspendedDesiredStateWritesNoConnector() throws Exception {
        TestTenant.Result apply = run("suspend: true\n" + BOUND, "apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(2);
        assertThat(apply.out()).contains("+ create  partner-check").contains("Nothing was written");
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void connectorWritesCountAgainstTheChangeGuard() throws Exception {
        TestTenant.Result apply = run(BOUND, "apply", "--set", "sync.max-changes=1");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.err()).contains("sync.max-changes");
        assertThat(t.writes()).isEmpty();
    }

    @Test
    void aPlanWithConnectorChangesIsNotSavedSinceApplyFileCouldNotWriteThem() throws Exception {
        Path saved = dir.resolve("reviewed.plan");

        TestTenant.Result plan = run(BOUND, "plan", "--out", saved.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.err()).contains("connector");
        assertThat(saved).doesNotExist();
    }

    @Test
    void theJsonAndMarkdownPlansCarryTheConnectorChanges() throws Exception {
        TestTenant.Result json = run(BOUND, "plan", "--output", "json");
        TestTenant.Result markdown = run(BOUND, "plan", "--output", "markdown");

        assertThat(json.exitCode()).as(json.all()).isEqualTo(2);
        var plan = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.out());
        assertThat(plan.path("formatVersion").asInt()).isEqualTo(2);
        assertThat(plan.path("summary").path("drift").asBoolean()).isTrue();
        var create = plan.path("connectors").path("changes").path(0);
        assertThat(create.path("action").asText()).isEqualTo("create");
        assertThat(create.path("key").asText()).isEqualTo("partner-check");
        assertThat(create.path("id").isNull()).isTrue();
        assertThat(create.path("sendsSecret").asBoolean()).isTrue();
        assertThat(create.path("fields").toString()).contains("\"to\":\"(sensitive)\"");
        assertThat(plan.path("changes").path(0).path("to").path("id").asText()).isEqualTo("(to be created)");
        assertThat(markdown.exitCode()).as(markdown.all()).isEqualTo(2);
        assertThat(markdown.out()).contains("1 connector change").contains("#### Connectors")
                .contains("| create | `partner-check` | \"Check partner domain\" |");
    }

    @Test
    void aBindingToAConnectorWhoseCreateFailedIsNotWrittenAndTheRunIsIncomplete() throws Exception {
        t.simulator.inject(new io.userflowsync.simulator.FaultRule("POST",
                java.util.regex.Pattern.compile(".*/identity/apiConnectors"), 400, 1, java.util.Optional.empty(),
                "Request_BadRequest"));

        TestTenant.Result apply = run(BOUND, "apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(t.tenant.connectorIds()).isEmpty();
        assertThat(t.tenant.binding(FLOW, "postAttributeCollection")).isEmpty();
        assertThat(apply.out()).contains("x failed").contains("Request_BadRequest")
                .contains("the connector \"Check partner domain\" it names was not created");
        assertThat(t.writes()).noneMatch(w -> w.contains("apiConnectorConfiguration"));
    }

    @Test
    void aGraphErrorThatEchoesTheRequestNeverShowsTheConnectorPassword() throws Exception {
        t.simulator.inject(new io.userflowsync.simulator.FaultRule("POST",
                java.util.regex.Pattern.compile(".*/identity/apiConnectors"), 400, 1, java.util.Optional.empty(),
                "Request_BadRequest", true));

        TestTenant.Result apply = run(BOUND, "apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(apply.out()).contains("Request_BadRequest");
        assertThat(apply.all()).doesNotContain(PASSWORD);
    }

    @Test
    void withoutConnectorsTheConnectorListingAsksForNoDetails() throws Exception {
        run("userFlows:\n  B2X_1_signup:\n    postAttributeCollection: null\n", "plan");

        assertThat(t.simulator.requests()).extracting(r -> r.line())
                .contains("GET /v1.0/identity/apiConnectors?$select=id,displayName")
                .noneMatch(l -> l.contains("authenticationConfiguration"));
        assertThat(dir.resolve("state").resolve("connector-fingerprint.key")).doesNotExist();
    }

    @Test
    void secretsNeverAppearInOutputOrInTheStateDirectory() throws Exception {
        run(BOUND, "plan");
        run(BOUND, "apply");
        env.put("PARTNER_PW", ROTATED);
        run(BOUND, "plan", "--output", "json");
        run(BOUND, "apply", "--output", "markdown");

        for (TestTenant.Result r : results) {
            assertThat(r.all()).doesNotContain(PASSWORD).doesNotContain(ROTATED);
        }
        try (Stream<Path> files = Files.walk(dir.resolve("state"))) {
            files.filter(Files::isRegularFile).forEach(f -> assertThat(read(f)).as(f.toString())
                    .doesNotContain(PASSWORD).doesNotContain(ROTATED));
        }
        assertThat(dir.resolve("state").resolve("connectors-sent.json")).exists();
    }

    /** Upper-case SHA-1 hex of the certificate: how Graph lists it in certificateList. */
    private static String sha1(X509Certificate certificate) throws Exception {
        return java.util.HexFormat.of().withUpperCase().formatHex(
                java.security.MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
