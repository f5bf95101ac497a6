package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.notify.Receiver;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunStatus;
import io.userflowsync.simulator.AuditActor;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.source.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Who caused the drift (issue 9, item 4), end to end: changes made "outside" in the simulated tenant, recorded in its
 * audit log with an actor, then the real commands and the real daemon over HTTP.
 */
class ForensicsTest {
    static final String LOYALTY = ReconcileCommandsTest.LOYALTY;
    static final String LEGACY = ReconcileCommandsTest.LEGACY;
    /** In sync with the demo-like tenant as it starts. */
    static final String IN_SYNC = """
            userFlows:
              B2X_1_customers:
                postAttributeCollection: Validate loyalty number
              B2X_1_contractors:
                postAttributeCollection: Legacy CRM hook
            """;

    @TempDir
    Path dir;
    TestTenant t;
    final Instant aliceAt = Instant.now().minus(3, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void start() {
        t = TestTenant.demoLike();
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void driftMadeOutsideShowsWhoAndWhenBesideTheChangeInThePlanText() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);

        Instant started = Instant.now();
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        List<String> lines = plan.out().lines().toList();
        int change = lines.indexOf(lines.stream().filter(l -> l.contains("rebind  B2X_1_customers")).findFirst()
                .orElseThrow());
        assertThat(lines.get(change + 1)).isEqualTo("    changed outside by alice@contoso.com at " + aliceAt
                + " (Update user flow)");
        assertThat(auditRequests()).as("one audit query for the run").hasSize(1);
        String query = auditRequests().get(0).query();
        assertThat(query).matches("\\$filter=loggedByService eq 'B2C' and activityDisplayName eq 'Update user flow'"
                + " and activityDateTime ge \\S+Z&\\$top=100");
        Instant since = Instant.parse(query.replaceAll(".* ge (\\S+Z)&.*", "$1"));
        assertThat(since).as("no run was in sync before: the look-back, 24h")
                .isBetween(started.minus(Duration.ofHours(24)).minusSeconds(5),
                        Instant.now().minus(Duration.ofHours(24)));
    }

    @Test
    void driftMadeOutsideByAnAppShowsTheAppInThePlanJson() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.unbindOutside("B2X_1_contractors", "postAttributeCollection",
                AuditActor.app("99999999-8888-7777-6666-555555555555", "Nightly cleanup script"), aliceAt);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--output", "json");

        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.at("/changes/0/flow").asText()).isEqualTo("B2X_1_contractors");
        assertThat(json.at("/changes/0/changedBy").toString()).isEqualTo("{\"actor\":\"Nightly cleanup script\","
                + "\"actorType\":\"app\",\"at\":\"" + aliceAt + "\",\"activity\":\"Update user flow\"}");
        assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
    }

    @Test
    void theMarkdownPlanListsWhoChangedTheDriftedSteps() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--output", "markdown");

        assertThat(plan.out()).contains("#### Changed outside the agent")
                .contains("| `B2X_1_customers` | `postAttributeCollection` | alice@contoso.com | " + aliceAt
                        + " | Update user flow |");
    }

    @Test
    void aRunWithoutDriftSendsNoAuditRequest() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_employees", "postAttributeCollection", LOYALTY,
                AuditActor.user("alice@contoso.com"), aliceAt); // an unmanaged flow: no drift

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString());

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(t.simulator.requests()).isNotEmpty();
        assertThat(auditRequests()).isEmpty();
    }

    @Test
    void forensicsOffSendsNoAuditRequestAndShowsNoActor() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--set", "sync.forensics=off");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).doesNotContain("changed outside");
        assertThat(auditRequests()).isEmpty();
    }

    @Test
    void withoutAuditLogReadTheRunIsTheSameWithOneWarning() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);
        TestTenant.Result off = t.run("plan", "--desired", desired.toString(), "--output", "json",
                "--set", "sync.forensics=off");
        t.tenant.grantAuditLogRead(false);

        TestTenant.Result denied;
        try (LogCapture log = new LogCapture()) {
            denied = t.run("plan", "--desired", desired.toString(), "--output", "json");

            assertThat(log.lines().stream().filter(l -> l.contains("AuditLog.Read.All"))).hasSize(1)
                    .allMatch(l -> l.startsWith("WARN"));
        }
        assertThat(auditRequests()).hasSize(1).allMatch(r -> r.status() == 403);
        assertThat(denied.exitCode()).isEqualTo(off.exitCode()).isEqualTo(2);
        JsonNode deniedJson = new ObjectMapper().readTree(denied.out());
        JsonNode offJson = new ObjectMapper().readTree(off.out());
        assertThat(deniedJson.get("result")).isEqualTo(offJson.get("result"));
        assertThat(deniedJson.get("reason")).isEqualTo(offJson.get("reason"));
        assertThat(deniedJson.get("changes")).isEqualTo(offJson.get("changes"));
        assertThat(deniedJson.at("/changes/0/changedBy").isNull()).isTrue();
    }

    @Test
    void theAgentsOwnWritesAreNeverBlamed() throws Exception {
        Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
        TestTenant.Result apply = t.run("apply", "--desired", desired.toString());
        assertThat(apply.exitCode()).as(apply.all()).isZero();
        t.simulator.clearRequests();
        assertThat(t.tenant.auditLog()).as("the agent's writes are in the log, as the agent's")
                .anyMatch(r -> r.flowId().equals("B2X_1_contractors") && r.actor().appId().equals(t.tenant.clientId()));
        // The step drifts again by a change the log does not show (older than the look-back, say).
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--output", "json");

        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.at("/changes/0/flow").asText()).isEqualTo("B2X_1_contractors");
        assertThat(json.at("/changes/0/changedBy").isNull()).as(plan.out()).isTrue();
        assertThat(auditRequests()).hasSize(1);
    }

    @Test
    void theDaemonShowsWhoCausedTheDriftInStatusAndInTheNotification() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);
        int httpPort = Replicas.freePort();
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_SCHEDULE", "1h");
        env.put("SYNC_MODE", "report");
        env.put("SYNC_AUDIT_POLL", "off"); // the forensics lookups alone: AuditPollTest has the daemon's own polls
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_DESIRED_PATH", desired.toString());
        try (Receiver receiver = Receiver.start()) {
            env.put("SYNC_NOTIFY_URL", receiver.url("/hooks/ucs").toString());
            try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                    Optional.empty())) {
                JsonNode event = new ObjectMapper().readTree(receiver.await(1).get(0).body());
                assertThat(event.get("event").asText()).isEqualTo("drift");
                assertThat(event.get("formatVersion").asInt()).isEqualTo(1);
                assertThat(event.at("/changes/0/changedBy/actor").asText()).isEqualTo("alice@contoso.com");
                assertThat(event.at("/changes/0/changedBy/at").asText()).isEqualTo(aliceAt.toString());

                HttpClient http = HttpClient.newHttpClient();
                HttpResponse<String> status = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + httpPort + "/status")).timeout(Duration.ofSeconds(10))
                        .build(), HttpResponse.BodyHandlers.ofString());
                JsonNode changedBy = new ObjectMapper().readTree(status.body()).at("/drift/changedBy/0");
                assertThat(changedBy.toString()).isEqualTo("{\"flow\":\"B2X_1_customers\","
                        + "\"step\":\"postAttributeCollection\",\"actor\":\"alice@contoso.com\",\"actorType\":\"user\","
                        + "\"at\":\"" + aliceAt + "\",\"activity\":\"Update user flow\"}");
            }
        }
    }

    @Test
    void theDaemonWarnsOnceAboutAMissingAuditPermissionHoweverManyRunsMeetIt() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                aliceAt);
        t.tenant.grantAuditLogRead(false);
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_SCHEDULE", "1s");
        env.put("SYNC_MODE", "report");
        env.put("SYNC_AUDIT_POLL", "off"); // the forensics lookups alone: AuditPollTest has the daemon's own polls
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_DESIRED_PATH", desired.toString());
        try (LogCapture log = new LogCapture();
             AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                     Optional.empty())) {
            Replicas.await("three runs", () -> daemon.status().recent().size() >= 3);
            assertThat(daemon.status().recent()).hasSizeGreaterThanOrEqualTo(3)
                    .allMatch(r -> r.run().result().outcome().label().equals("drift"));
            assertThat(auditRequests()).hasSizeGreaterThanOrEqualTo(3).allMatch(r -> r.status() == 403);
            assertThat(log.lines().stream().filter(l -> l.contains("AuditLog.Read.All"))).hasSize(1);

            t.tenant.grantAuditLogRead(true);
            int runs = daemon.status().recent().size();
            Replicas.await("two more runs", () -> daemon.status().recent().size() >= runs + 2);
            assertThat(daemon.status().last().orElseThrow().attributions().isEmpty()).isFalse();
        }
    }

    @Test
    void theDaemonLooksBackOnlyToItsLastInSyncRun() throws Exception {
        Path desired = TestTenant.desired(dir, IN_SYNC);
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_SCHEDULE", "1s");
        env.put("SYNC_MODE", "report");
        env.put("SYNC_AUDIT_POLL", "off"); // the forensics lookups alone: AuditPollTest has the daemon's own polls
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
        env.put("SYNC_DESIRED_PATH", desired.toString());
        try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                Optional.empty())) {
            Replicas.await("two runs", () -> daemon.status().recent().size() >= 2);
            assertThat(auditRequests()).as("runs in sync ask nothing").isEmpty();
            Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            t.tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY,
                    AuditActor.user("alice@contoso.com"), at);
            Replicas.await("a run that finds the drift", () -> daemon.status().last()
                    .map(r -> r.plan().map(p -> p.hasDrift()).orElse(false)).orElse(false));

            List<RunStatus.FinishedRun> runs = daemon.status().recent();
            assertThat(runs.get(0).run().attributions().isEmpty()).isFalse();
            // Every run since the change (one, or more should the schedule fire again meanwhile) found drift and
            // looked back to the same run: the newest that found the tenant in sync.
            Instant lastInSync = runs.stream().filter(r -> r.run().result().outcome().success())
                    .findFirst().orElseThrow().run().startedAt();
            assertThat(auditRequests()).isNotEmpty().allSatisfy(r -> assertThat(r.query())
                    .contains(" and activityDateTime ge " + lastInSync.truncatedTo(ChronoUnit.SECONDS) + "&"));
        }
    }

    /** Polls the condition for up to 30 s (the daemon's runs are what is awaited; nothing to be notified by). */

    private List<RecordedRequest> auditRequests() {
        return t.simulator.requests().stream().filter(r -> r.path().contains("/auditLogs/")).toList();
    }
}
