package io.userflowsync.connector;

import io.userflowsync.config.Settings;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.testkeys.TestKeys;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector scenarios of issue 9 (item 1, tests), planner to simulator over real HTTP: every run starts from the
 * work dir alone (new fingerprint key reader, new record reader), as after a restart.
 */
class ConnectorReconcileTest {
    private static final String SECRET = "connector-reconcile-client-secret";
    private static final SourceLocation AT = new SourceLocation("desired.yaml", 2, 3);
    private static final String URL = "https://partners.example/check";

    @TempDir
    Path workDir;

    private final SimulatedTenant tenant = new SimulatedTenant("t-0003", "c-0003", SECRET).addFlow("B2X_1_signup");
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);
    private final DefaultCamelContext camel = new DefaultCamelContext();
    private final GraphClient graph;
    private final Map<String, String> environment = new HashMap<>(Map.of("PARTNER_PW", "first-password"));

    ConnectorReconcileTest() {
        camel.start();
        graph = GraphConnection.open(camel, Settings.resolve(Map.of(), Map.of(
                "GRAPH_ENDPOINT", simulator.baseUrl(), "AZURE_AUTHORITY_HOST", simulator.baseUrl(),
                "AZURE_TENANT_ID", tenant.tenantId(), "AZURE_CLIENT_ID", tenant.clientId(),
                "AZURE_CLIENT_SECRET", SECRET), new Properties()));
    }

    @AfterEach
    void stop() {
        camel.stop();
        simulator.close();
    }

    private static ManagedConnector basic(String url) {
        return new ManagedConnector("partner-check", "Check partner domain", url,
                new ConnectorAuthentication.Basic("agent", new SecretRef.Env("PARTNER_PW")), AT);
    }

    private static final ManagedConnector CERTIFICATE = new ManagedConnector("fraud", "Fraud screen", URL,
            new ConnectorAuthentication.Certificate(new SecretRef.File("fraud.pfx"), new SecretRef.Env("PFX_PW")), AT);

    /** One run, as after a restart: everything but the work dir is new. */
    private ConnectorPlan run(List<ManagedConnector> desired, boolean deleteAllowed) throws Exception {
        SecretSources secrets = new SecretSources(environment, workDir, Fingerprints.in(workDir));
        SentRecords records = new SentRecords(workDir);
        Map<String, SecretState> states = new HashMap<>();
        desired.forEach(d -> states.put(d.key(), secrets.state(d)));
        Map<String, List<String>> callers = new HashMap<>();
        for (String flow : tenant.flowIds()) {
            tenant.bindings(flow).forEach((step, id) -> callers.computeIfAbsent(id.toLowerCase(Locale.ROOT),
                    k -> new ArrayList<>()).add(flow + " " + step));
        }
        ConnectorPlan plan = ConnectorPlanner.plan(desired, graph.listConnectorDetails(), records.load(), states,
                new ConnectorCallers(callers, true), deleteAllowed);
        assertThat(new ConnectorApplier(graph, secrets, records).apply(plan)).allSatisfy(r -> assertThat(r.done())
                .as(r.toString()).isTrue());
        return plan;
    }

    private String onlyId() {
        assertThat(tenant.connectorIds()).hasSize(1);
        return tenant.connectorIds().get(0);
    }

    private long requests(String method) {
        return simulator.requests().stream().filter(r -> r.method().equals(method)
                && r.path().contains("/identity/apiConnectors")).count();
    }

    @Test
    void aConnectorIsCreatedOnceAndAnUnchangedSecretIsNeverSentAgainAcrossRestarts() throws Exception {
        run(List.of(basic(URL)), false);
        String id = onlyId();

        ConnectorPlan second = run(List.of(basic(URL)), false);
        ConnectorPlan third = run(List.of(basic(URL)), false);

        assertThat(second.changes()).isEmpty();
        assertThat(third.inSync()).isEqualTo(1);
        assertThat(tenant.password(id)).contains("first-password");
        assertThat(tenant.secretWrites(id)).isEqualTo(1);
        assertThat(Files.readString(workDir.resolve(SentRecords.FILE))).doesNotContain("first-password");
    }

    @Test
    void aChangedSecretIsSentExactlyOnce() throws Exception {
        run(List.of(basic(URL)), false);
        String id = onlyId();
        environment.put("PARTNER_PW", "rotated-password");

        ConnectorPlan resend = run(List.of(basic(URL)), false);
        ConnectorPlan after = run(List.of(basic(URL)), false);

        assertThat(resend.changes()).singleElement().satisfies(c -> assertThat(c.sendsSecret()).isTrue());
        assertThat(after.changes()).isEmpty();
        assertThat(tenant.password(id)).contains("rotated-password");
        assertThat(tenant.secretWrites(id)).isEqualTo(2);
    }

    @Test
    void targetUrlDriftIsFixedByOnePatchWithoutTheSecret() throws Exception {
        run(List.of(basic(URL)), false);
        String id = onlyId();
        tenant.addConnector(id, "Check partner domain", "https://changed-in-the-portal.example", "agent", "");
        long patchesBefore = requests("PATCH");

        ConnectorPlan plan = run(List.of(basic(URL)), false);

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(ConnectorChange.Action.UPDATE);
            assertThat(c.sendsSecret()).isFalse();
        });
        assertThat(requests("PATCH") - patchesBefore).isEqualTo(1);
        assertThat(run(List.of(basic(URL)), false).changes()).isEmpty();
        assertThat(tenant.secretWrites(id)).isEqualTo(1);
    }

    @Test
    void aCertificateIsRotatedByThumbprint() throws Exception {
        environment.put("PFX_PW", "pfx-password");
        KeyPair keys = TestKeys.rsa();
        Instant now = Instant.now();
        X509Certificate first = TestKeys.certificate(keys, "first", now.minus(2, ChronoUnit.DAYS),
                now.plus(30, ChronoUnit.DAYS));
        X509Certificate second = TestKeys.certificate(keys, "second", now.minus(1, ChronoUnit.DAYS),
                now.plus(400, ChronoUnit.DAYS));
        Files.write(workDir.resolve("fraud.pfx"), TestKeys.pkcs12(keys.getPrivate(), first, "pfx-password"));
        run(List.of(CERTIFICATE), false);
        String id = onlyId();
        assertThat(run(List.of(CERTIFICATE), false).changes()).isEmpty();

        Files.write(workDir.resolve("fraud.pfx"), TestKeys.pkcs12(keys.getPrivate(), second, "pfx-password"));
        ConnectorPlan rotation = run(List.of(CERTIFICATE), false);

        assertThat(rotation.changes()).extracting(ConnectorChange::action)
                .containsExactly(ConnectorChange.Action.UPLOAD_CERTIFICATE);
        assertThat(tenant.certificateThumbprints(id)).containsExactly(sha1(first), sha1(second));
        assertThat(run(List.of(CERTIFICATE), false).changes()).isEmpty();
    }

    @Test
    void deletionIsRefusedWhileAFlowCallsTheConnector() throws Exception {
        run(List.of(basic(URL)), false);
        String id = onlyId();
        tenant.bind("B2X_1_signup", "postAttributeCollection", id);

        ConnectorPlan refused = run(List.of(), true);

        assertThat(refused.changes()).isEmpty();
        assertThat(refused.heldBack()).singleElement().satisfies(h -> assertThat(h.reason())
                .isEqualTo("called by B2X_1_signup postAttributeCollection"));
        assertThat(tenant.connectorIds()).containsExactly(id);

        tenant.unbind("B2X_1_signup", "postAttributeCollection");
        ConnectorPlan deleted = run(List.of(), true);

        assertThat(deleted.changes()).extracting(ConnectorChange::action)
                .containsExactly(ConnectorChange.Action.DELETE);
        assertThat(tenant.connectorIds()).isEmpty();
        assertThat(new SentRecords(workDir).load()).isEmpty();
    }

    private static String sha1(X509Certificate certificate) throws Exception {
        return HexFormat.of().withUpperCase().formatHex(
                MessageDigest.getInstance("SHA-1").digest(certificate.getEncoded()));
    }
}
