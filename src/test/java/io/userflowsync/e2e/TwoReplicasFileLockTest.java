package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.ha.Election;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, one writer, with camel-file's lock on a shared folder (sync.ha=file; issue 8 item 4): two daemons
 * in one JVM against one simulated tenant, each naming itself in the User-Agent of its Graph requests, so the
 * simulator's log shows who called. Real Quartz, real HTTP servers, the real file lock.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class TwoReplicasFileLockTest {
    private static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path dir;
    private TestTenant t;
    private Replicas replicas;
    private Map<String, String> deployment;

    @BeforeEach
    void deployment() throws Exception {
        t = TestTenant.demoLike();
        deployment = new HashMap<>();
        deployment.put("SYNC_HA", "file");
        deployment.put("SYNC_HA_FILE_ROOT", dir.resolve("shared").toString());
        deployment.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        deployment.put("SYNC_SCHEDULE", "1s");
        replicas = new Replicas(t, deployment);
    }

    @AfterEach
    void close() {
        replicas.close();
        t.close();
    }

    @Test
    void onlyTheLeaderCallsGraphAndTheStandbyTakesOverWithinOneLeaseWhenTheLeaderStops() throws Exception {
        Replicas.Replica a = replicas.start("replica-a");
        Replicas.Replica b = replicas.start("replica-b");
        Replicas.Replica leader = replicas.awaitLeader();
        Replicas.Replica standby = replicas.other(leader);
        Replicas.await("three runs on the leader", () -> leader.runtime().status().recent().size() >= 3);

        assertThat(standby.election().isLeader()).isFalse();
        assertThat(standby.runtime().status().recent()).isEmpty();
        assertThat(replicas.turns()).containsExactly(leader.name());
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(replicas.get(leader.managementPort(), "/observe/metrics").body())
                .contains("userflow_sync_leader{instance=\"" + leader.name() + "\"} 1.0")
                .contains("userflow_sync_ha_role{mode=\"file\",role=\"leader\"} 1.0");
        assertThat(replicas.get(standby.managementPort(), "/observe/metrics").body())
                .contains("userflow_sync_leader{instance=\"" + standby.name() + "\"} 0.0")
                .contains("userflow_sync_ha_role{mode=\"file\",role=\"standby\"} 1.0");
        JsonNode standbyStatus = status(standby);
        assertThat(standbyStatus.at("/ha/role").asText()).isEqualTo("standby");
        assertThat(standbyStatus.at("/ha/leader").asText()).isEqualTo(leader.name());
        assertThat(status(leader).at("/ha/role").asText()).isEqualTo("leader");
        // Both replicas are ready: a standby that waited for a run of its own would never be.
        assertThat(replicas.get(standby.managementPort(), "/observe/health/ready").statusCode()).isEqualTo(200);

        Instant stopping = Instant.now();
        replicas.stop(leader);
        Instant stopped = Instant.now();
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);
        System.out.printf(java.util.Locale.ROOT, "file lock: the leader's stop took %d ms%n",
                Duration.between(stopping, stopped).toMillis());
        Replicas.await("the standby to lead", Duration.ofSeconds(Replicas.LEASE * 3),
                standby.election()::isLeader);
        Duration takeover = Duration.between(stopped, Instant.now());
        Replicas.await("the new leader to undo the drift", () -> t.tenant.bindings("B2X_1_contractors").isEmpty());
        // The simulator logs a request once it has answered it, after the tenant changed.
        Replicas.await("the new leader's write in the simulator's log", () -> replicas.writers().size() == 2);

        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(Replicas.LEASE));
        // Never two callers at once: the old leader's requests all come before the new leader's first.
        assertThat(replicas.turns()).containsExactly(leader.name(), standby.name());
        assertThat(replicas.writers()).containsExactly(leader.name(), standby.name());
        System.out.printf(java.util.Locale.ROOT, "takeover after a graceful stop: %d ms%n", takeover.toMillis());
        assertThat(a).isNotSameAs(b);
    }

    @Test
    void aPushThatReachesTheStandbyLeadsToASyncByTheLeader() throws Exception {
        deployment.put("SYNC_SCHEDULE", NEVER);
        replicas.start("replica-a");
        replicas.start("replica-b");
        Replicas.Replica leader = replicas.awaitLeader();
        Replicas.Replica standby = replicas.other(leader);
        Replicas.await("the run the leader starts with", () -> !leader.runtime().status().recent().isEmpty());
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);

        HttpResponse<String> answer = replicas.push(standby);
        Replicas.await("a second run on the leader", () -> leader.runtime().status().recent().size() == 2);

        assertThat(answer.statusCode()).isEqualTo(202);
        assertThat(answer.body()).contains("passed on to the leader (" + leader.name() + ")");
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(standby.runtime().status().recent()).isEmpty();
        assertThat(replicas.turns()).containsExactly(leader.name());
    }

    @Test
    void applyRefusesWhileADaemonLeadsAndSaysWhichOne() throws Exception {
        Replicas.Replica daemon = replicas.start("replica-a");
        Replicas.await("the daemon to lead", daemon.election()::isLeader);
        Replicas.await("its first run", () -> !daemon.runtime().status().recent().isEmpty());
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);
        deployment.put("SYNC_SCHEDULE", NEVER);
        t.simulator.clearRequests();
        int callsBefore = replicas.callers().size();

        TestTenant.Result refused = t.run(replicas.environment("ci-job"), "apply");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("not applying: replica-a leads (sync.ha=file)").contains("--wait");
        assertThat(replicas.callers().subList(callsBefore, replicas.callers().size())).doesNotContain("ci-job");
    }

    @Test
    void applyOfASavedPlanRefusesWhileADaemonLeadsToo() throws Exception {
        deployment.put("SYNC_SCHEDULE", NEVER);
        Replicas.Replica daemon = replicas.start("replica-a");
        Replicas.await("the daemon to lead", daemon.election()::isLeader);
        Replicas.await("its first run", () -> !daemon.runtime().status().recent().isEmpty());
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);
        Path plan = dir.resolve("plan.json");
        TestTenant.Result planned = t.run(replicas.environment("ci-job"), "plan", "--out", plan.toString());
        assertThat(planned.exitCode()).as(planned.all()).isEqualTo(2);

        TestTenant.Result refused = t.run(replicas.environment("ci-job"), "apply", "--plan", plan.toString());

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.err()).contains("not applying: replica-a leads (sync.ha=file)");
        assertThat(t.tenant.bindings("B2X_1_contractors")).isNotEmpty();
        assertThat(replicas.writers()).doesNotContain("ci-job");
    }

    @Test
    void applyWithWaitWritesOnceTheDaemonHasSteppedDown() throws Exception {
        deployment.put("SYNC_SCHEDULE", NEVER);
        Replicas.Replica daemon = replicas.start("replica-a");
        Replicas.await("the daemon to lead", daemon.election()::isLeader);
        Replicas.await("its first run", () -> !daemon.runtime().status().recent().isEmpty());
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);

        CompletableFuture<TestTenant.Result> apply = CompletableFuture.supplyAsync(() -> {
            try {
                return t.run(replicas.environment("ci-job"), "apply", "--wait");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(Election.PUSH_POLL.toMillis() * 3);
        assertThat(apply).isNotDone();
        replicas.stop(daemon);
        TestTenant.Result applied = apply.get(60, java.util.concurrent.TimeUnit.SECONDS);

        assertThat(applied.exitCode()).as(applied.all()).isEqualTo(0);
        assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
        assertThat(replicas.writers()).containsExactly("replica-a", "ci-job");
        assertThat(replicas.turns()).containsExactly("replica-a", "ci-job");
    }

    @Test
    void theImagesHealthcheckCommandSaysZeroForAReadyStandbyAndOneWhereNothingAnswers() throws Exception {
        deployment.put("SYNC_SCHEDULE", NEVER);
        replicas.start("replica-a");
        replicas.start("replica-b");
        Replicas.Replica standby = replicas.other(replicas.awaitLeader());
        Map<String, String> env = new HashMap<>(replicas.environment("healthcheck"));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(standby.managementPort()));
        Replicas.await("the standby to be ready",
                () -> replicas.get(standby.managementPort(), "/observe/health/ready").statusCode() == 200);

        TestTenant.Result ready = t.run(env, "healthcheck");
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(Replicas.freePort()));
        TestTenant.Result nobody = t.run(env, "healthcheck");

        assertThat(ready.exitCode()).as(ready.all()).isEqualTo(0);
        assertThat(nobody.exitCode()).isEqualTo(1);
        assertThat(nobody.err()).contains("not ready: http://127.0.0.1:").contains("did not answer");
    }

    private JsonNode status(Replicas.Replica r) throws Exception {
        return new ObjectMapper().readTree(replicas.get(r.httpPort(), "/status").body());
    }
}
