package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.ha.Election;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three replicas with the file lock (sync.ha=file) and six tenants (issue 9 item 3): each tenant is its own
 * leadership namespace, tenant-<name>, of Camel's cluster service. Real Quartz, real HTTP, the real file lock, six
 * simulated tenants on loopback.
 */
@Timeout(value = 4, unit = java.util.concurrent.TimeUnit.MINUTES)
class ReplicasShareTenantsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> TENANTS = List.of("t1", "t2", "t3", "t4", "t5", "t6");
    private static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";

    @TempDir
    Path dir;
    private TenantFleet fleet;
    private Replicas replicas;
    private Map<String, String> deployment;
    private final List<Replicas.Replica> running = new ArrayList<>();

    @BeforeEach
    void deployment() throws Exception {
        fleet = new TenantFleet(dir, TENANTS);
        deployment = new HashMap<>(fleet.environment());
        deployment.put("SYNC_HA", "file");
        deployment.put("SYNC_HA_FILE_ROOT", dir.resolve("shared").toString());
        deployment.put("SYNC_SCHEDULE", "1s");
        replicas = new Replicas(fleet.get("t1"), deployment);
    }

    @AfterEach
    void close() {
        replicas.close();
        fleet.close();
    }

    /** Each tenant and the replicas that lead it now. */
    private void startTogether(List<String> names) throws Exception {
        List<CompletableFuture<Replicas.Replica>> starting = new ArrayList<>();
        for (String name : names) {
            starting.add(CompletableFuture.supplyAsync(() -> {
                try {
                    return replicas.start(name);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        for (CompletableFuture<Replicas.Replica> s : starting) {
            running.add(s.get());
        }
    }

    private Map<String, List<String>> leaders() {
        Map<String, List<String>> leaders = new LinkedHashMap<>();
        TENANTS.forEach(t -> leaders.put(t, new ArrayList<>()));
        for (Replicas.Replica r : running) {
            for (Election e : r.election().tenantElections()) {
                if (e.isLeader()) {
                    leaders.get(e.tenant().orElseThrow()).add(r.name());
                }
            }
        }
        return leaders;
    }

    private boolean oneLeaderEach() {
        return leaders().values().stream().allMatch(l -> l.size() == 1);
    }

    @Test
    void everyTenantHasExactlyOneLeaderAndStoppingAReplicaMovesOnlyItsTenantsWithinALease() throws Exception {
        // Started together, as a rollout does: whichever replica checks a free lock first leads that tenant.
        startTogether(List.of("replica-a", "replica-b", "replica-c"));
        Replicas.await("one leader for every tenant", this::oneLeaderEach);
        Replicas.await("every tenant reconciled", () -> TENANTS.stream().allMatch(fleet::reconciled));
        Map<String, List<String>> before = leaders();
        System.out.printf(Locale.ROOT, "six tenants over three replicas: %s%n", before);

        // What each replica says it leads, in /status and in its metrics.
        for (Replicas.Replica r : running) {
            JsonNode status = JSON.readTree(replicas.get(r.httpPort(), "/status").body());
            List<String> says = new ArrayList<>();
            status.at("/ha/leads").forEach(n -> says.add(n.asText()));
            List<String> leads = before.entrySet().stream().filter(e -> e.getValue().contains(r.name()))
                    .map(Map.Entry::getKey).toList();
            assertThat(says).as(r.name()).containsExactlyElementsOf(leads);
            String metrics = replicas.get(r.managementPort(), "/observe/metrics").body();
            for (String t : TENANTS) {
                assertThat(metrics).contains("userflow_sync_leader{instance=\"" + r.name() + "\",tenant=\"" + t
                        + "\"} " + (leads.contains(t) ? "1.0" : "0.0"));
            }
        }

        Replicas.Replica victim = running.stream().max(java.util.Comparator.comparingLong(r -> before.values()
                .stream().filter(l -> l.contains(r.name())).count())).orElseThrow();
        List<String> moving = before.entrySet().stream().filter(e -> e.getValue().contains(victim.name()))
                .map(Map.Entry::getKey).toList();
        running.remove(victim);
        Instant stopping = Instant.now();
        replicas.stop(victim);
        Instant stopped = Instant.now();
        System.out.printf(Locale.ROOT, "%s's stop took %d ms%n", victim.name(),
                Duration.between(stopping, stopped).toMillis());
        // Drift in a tenant that moves: its new leader must undo it.
        fleet.get(moving.get(0)).tenant.bind("B2X_1_partner_signup", "postFederationSignup", LEGACY);
        Replicas.await("a leader again for every tenant", Duration.ofSeconds(Replicas.LEASE * 3),
                this::oneLeaderEach);
        Duration takeover = Duration.between(stopped, Instant.now());
        Map<String, List<String>> after = leaders();
        System.out.printf(Locale.ROOT, "after %s stopped (%d ms): %s%n", victim.name(), takeover.toMillis(), after);

        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(Replicas.LEASE));
        for (String t : TENANTS) {
            if (moving.contains(t)) {
                assertThat(after.get(t)).as(t).doesNotContain(victim.name());
            } else {
                assertThat(after.get(t)).as(t + " stays where it was").isEqualTo(before.get(t));
            }
        }
        Replicas.await("the moved tenant's drift undone", () -> fleet.reconciled(moving.get(0)));
    }

    @Test
    void aPushToOneReplicaSyncsEveryTenantWhicheverReplicaLeadsIt() throws Exception {
        deployment.put("SYNC_SCHEDULE", "0 0 0 1 1 ? 2099");
        startTogether(List.of("replica-a", "replica-b"));
        Replicas.await("one leader for every tenant", this::oneLeaderEach);
        Replicas.await("every tenant reconciled by the run its leader starts with",
                () -> TENANTS.stream().allMatch(fleet::reconciled));
        for (String t : TENANTS) {
            fleet.get(t).tenant.bind("B2X_1_partner_signup", "postFederationSignup", LEGACY);
        }

        Replicas.Replica receiver = running.get(0);
        assertThat(replicas.push(receiver).statusCode()).isEqualTo(202);

        Replicas.await("every tenant reconciled after the push", () -> TENANTS.stream().allMatch(fleet::reconciled));
        System.out.printf(Locale.ROOT, "a push to %s, tenants led: %s%n", receiver.name(), leaders());
    }

    @Test
    void applyOfATenantRefusesWhileADaemonReplicaLeadsThatTenant() throws Exception {
        deployment.put("SYNC_SCHEDULE", "0 0 0 1 1 ? 2099");
        startTogether(List.of("replica-a"));
        Replicas.await("replica-a leads every tenant", () -> leaders().values().stream()
                .allMatch(l -> l.equals(List.of("replica-a"))));
        Replicas.await("every tenant reconciled", () -> TENANTS.stream().allMatch(fleet::reconciled));
        fleet.get("t2").tenant.bind("B2X_1_partner_signup", "postFederationSignup", LEGACY);

        TestTenant.Result refused = fleet.get("t2").run(replicas.environment("ci-job"), "apply", "--tenant", "t2");

        assertThat(refused.exitCode()).as(refused.all()).isEqualTo(1);
        assertThat(refused.err()).contains("[t2] ").contains("not applying: replica-a leads (sync.ha=file)");
        assertThat(fleet.reconciled("t2")).as("ci-job wrote nothing").isFalse();
    }
}
