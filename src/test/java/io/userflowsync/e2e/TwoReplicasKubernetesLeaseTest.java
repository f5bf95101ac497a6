package io.userflowsync.e2e;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two replicas, one writer, with a coordination.k8s.io Lease (sync.ha=kubernetes; issue 8 item 4), against fabric8's
 * Kubernetes API server mock in CRUD mode (the fabric8 version Camel 4.18 uses). The pods exist in the mock as
 * running and ready, as the kubelet would report them: Camel counts only those as members. The agent's Kubernetes
 * client configures itself as in a pod would, here from fabric8's system properties pointing at the mock.
 */
@Timeout(value = 3, unit = java.util.concurrent.TimeUnit.MINUTES)
class TwoReplicasKubernetesLeaseTest {
    private static final String NAMESPACE = "identity";
    private static final String LEGACY = "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056";
    private static final Map<String, String> LABELS = Map.of("app.kubernetes.io/name", "userflow-connector-sync");
    private static final String[] PROPERTIES = {"kubernetes.master", "kubernetes.auth.tryKubeConfig",
            "kubernetes.auth.tryServiceAccount", "kubernetes.namespace"};
    /** Held here: java.util.logging forgets the level of a logger nobody references. */
    private static final java.util.logging.Logger MOCK_LOG = java.util.logging.Logger.getLogger("io.fabric8.mockwebserver");
    private static KubernetesMockServer api;
    private static KubernetesClient kube;

    @TempDir
    Path dir;
    private TestTenant t;
    private Replicas replicas;

    @BeforeAll
    static void apiServer() throws Exception {
        // The mock logs every request it answers at INFO.
        MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
        api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        api.init(InetAddress.getByName("127.0.0.1"), 0);
        kube = api.createClient();
        System.setProperty("kubernetes.master", api.url("/"));
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        System.setProperty("kubernetes.namespace", NAMESPACE);
    }

    @AfterAll
    static void stopApiServer() {
        for (String p : PROPERTIES) {
            System.clearProperty(p);
        }
        kube.close();
        api.destroy();
    }

    @BeforeEach
    void deployment() throws Exception {
        kube.leases().inNamespace(NAMESPACE).delete();
        kube.pods().inNamespace(NAMESPACE).delete();
        for (String pod : new String[] {"ucs-7d9f-a", "ucs-7d9f-b", "unrelated"}) {
            kube.pods().inNamespace(NAMESPACE).resource(readyPod(pod)).create();
        }
        t = TestTenant.demoLike();
        Map<String, String> deployment = new HashMap<>();
        deployment.put("SYNC_HA", "kubernetes");
        deployment.put("SYNC_HA_KUBERNETES_NAMESPACE", NAMESPACE);
        deployment.put("SYNC_HA_KUBERNETES_POD_LABELS", "app.kubernetes.io/name=userflow-connector-sync");
        deployment.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        deployment.put("SYNC_SCHEDULE", "1s");
        replicas = new Replicas(t, deployment) {
            @Override
            Map<String, String> environment(String name) throws Exception {
                Map<String, String> env = super.environment(name);
                env.put("SYNC_HA_KUBERNETES_POD_NAME", name);
                return env;
            }
        };
    }

    @AfterEach
    void close() {
        replicas.close();
        t.close();
    }

    @Test
    void onlyTheLeaseHolderCallsGraphAndAStandbyTakesOverWithinOneLeaseWhenTheLeaderStops() throws Exception {
        replicas.start("ucs-7d9f-a");
        replicas.start("ucs-7d9f-b");
        Replicas.Replica leader = replicas.awaitLeader();
        Replicas.Replica standby = replicas.other(leader);
        Replicas.await("three runs on the leader", () -> leader.runtime().status().recent().size() >= 3);

        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(leader.name());
        assertThat(standby.runtime().status().recent()).isEmpty();
        assertThat(standby.election().leader()).contains(leader.name());
        assertThat(replicas.turns()).containsExactly(leader.name());
        assertThat(replicas.get(standby.managementPort(), "/observe/metrics").body())
                .contains("userflow_sync_leader{instance=\"" + standby.name() + "\"} 0.0")
                .contains("userflow_sync_ha_role{mode=\"kubernetes\",role=\"standby\"} 1.0");
        // Camel's election counts only ready pods: the standby's readiness must not wait for a run of its own.
        assertThat(replicas.get(standby.managementPort(), "/observe/health/ready").statusCode()).isEqualTo(200);

        Instant stopping = Instant.now();
        replicas.stop(leader);
        Instant stopped = Instant.now();
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);
        Replicas.await("the standby to lead", Duration.ofSeconds(Replicas.LEASE * 3), standby.election()::isLeader);
        Duration takeover = Duration.between(stopped, Instant.now());
        System.out.printf(Locale.ROOT, "Lease: the leader's stop took %d ms%n",
                Duration.between(stopping, stopped).toMillis());
        Replicas.await("the new leader to undo the drift", () -> t.tenant.bindings("B2X_1_contractors").isEmpty());
        // The simulator logs a request once it has answered it, after the tenant changed.
        Replicas.await("the new leader's write in the simulator's log", () -> replicas.writers().size() == 2);

        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(Replicas.LEASE));
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo(standby.name());
        assertThat(replicas.turns()).containsExactly(leader.name(), standby.name());
        assertThat(replicas.writers()).containsExactly(leader.name(), standby.name());
        System.out.printf(Locale.ROOT, "Lease takeover after a graceful stop: %d ms%n", takeover.toMillis());
    }

    @Test
    void whenTheLeadersPodIsGoneTheLeaderStopsAndTheStandbyWritesOnlyAfterIt() throws Exception {
        replicas.start("ucs-7d9f-a");
        replicas.start("ucs-7d9f-b");
        Replicas.Replica leader = replicas.awaitLeader();
        Replicas.Replica standby = replicas.other(leader);
        Replicas.await("a run on the leader", () -> !leader.runtime().status().recent().isEmpty());

        // What the kubelet reports for a pod that is being killed: not ready. The process itself goes on.
        kube.pods().inNamespace(NAMESPACE).withName(leader.name()).delete();
        Instant gone = Instant.now();
        // The drift comes once the old leader has stepped down: until then it still holds the Lease and may undo it.
        Replicas.await("the old leader to step down", () -> !leader.election().isLeader());
        t.tenant.bind("B2X_1_contractors", "postAttributeCollection", LEGACY);
        Replicas.await("the standby to lead", Duration.ofSeconds(Replicas.LEASE * 4), standby.election()::isLeader);
        Duration takeover = Duration.between(gone, Instant.now());
        Replicas.await("the new leader to undo the drift", () -> t.tenant.bindings("B2X_1_contractors").isEmpty());
        // The simulator logs a request once it has answered it, after the tenant changed.
        Replicas.await("the new leader's write in the simulator's log", () -> replicas.writers().size() == 2);

        assertThat(leader.election().isLeader()).isFalse();
        // Camel's new leader waits a lease duration before it acts, so the old one has stopped by then.
        assertThat(replicas.turns()).containsExactly(leader.name(), standby.name());
        assertThat(replicas.writers()).containsExactly(leader.name(), standby.name());
        assertThat(takeover).isLessThanOrEqualTo(Duration.ofSeconds(Replicas.LEASE + 3));
        System.out.printf(Locale.ROOT, "Lease takeover after the leader's pod went: %d ms%n", takeover.toMillis());
    }

    private static Lease lease() {
        return kube.leases().inNamespace(NAMESPACE).withName("userflow-connector-sync-leader").get();
    }

    private static Pod readyPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).withNamespace(NAMESPACE)
                .withLabels(name.equals("unrelated") ? Map.of("app", "other") : LABELS).endMetadata()
                .withNewStatus().withPhase("Running")
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewContainerStatus().withName("agent").withReady(true).withNewState().withNewRunning()
                .endRunning().endState().endContainerStatus()
                .endStatus().build();
    }
}
