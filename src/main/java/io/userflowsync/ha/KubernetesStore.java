package io.userflowsync.ha;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.kubernetes.cluster.KubernetesClusterService;
import org.apache.camel.component.kubernetes.cluster.LeaseResourceType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * {@code sync.ha=kubernetes}: camel-kubernetes' KubernetesClusterService with a coordination.k8s.io Lease named
 * {@code GROUP-leader} in the pod's namespace; the last push a standby passed on is a second Lease,
 * {@code GROUP-push}, so the Role needs nothing but Leases (and the pod list Camel reads to know the members).
 * The client configures itself as fabric8 does: the pod's service account inside a cluster, else ~/.kube/config.
 */
final class KubernetesStore implements SharedStore {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesStore.class);
    /** Camel names the Lease {@code RESOURCE-NAMESPACE}: the group, then the view's namespace. */
    static final String VIEW = "leader";

    private final HaSettings settings;
    private final String namespace;
    private final KubernetesClusterService service;
    private KubernetesClient client;

    KubernetesStore(HaSettings settings) {
        this.settings = settings;
        this.namespace = settings.namespace().orElseThrow();
        this.service = new KubernetesClusterService();
        service.setId(settings.instanceId());
        service.setPodName(settings.instanceId());
        service.setKubernetesResourcesNamespace(namespace);
        service.setKubernetesResourceName(settings.group());
        service.setLeaseResourceType(LeaseResourceType.Lease);
        service.setClusterLabels(settings.podLabels());
        service.setJitterFactor(HaSettings.JITTER);
        service.setLeaseDurationMillis(settings.leaseDuration().toMillis());
        service.setRenewDeadlineMillis(settings.renewDeadline().toMillis());
        service.setRetryPeriodMillis(settings.retryPeriod().toMillis());
    }

    static String leaseName(String group) {
        return leaseName(group, VIEW);
    }

    /** Camel names a namespace's Lease {@code <resource name>-<namespace>}: {@code GROUP-tenant-<name>} per tenant. */
    static String leaseName(String group, String namespace) {
        return group + "-" + namespace;
    }

    static String pushLeaseName(String group) {
        return group + "-push";
    }

    @Override
    public CamelClusterService clusterService() {
        return service;
    }

    /**
     * The Lease's holder while it renews: Camel's leader refreshes renewTime once per renew deadline, so a holder
     * whose renewTime is older than deadline + lease has stopped (Camel itself judges by the pod list instead).
     */
    @Override
    public Optional<LeaderSeen> leader(String view) {
        Lease lease = client().leases().inNamespace(namespace).withName(leaseName(settings.group(), view)).get();
        if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null) {
            return Optional.empty();
        }
        Optional<Instant> renewed = Optional.ofNullable(lease.getSpec().getRenewTime()).map(ZonedDateTime::toInstant);
        Duration silence = settings.renewDeadline().plus(settings.leaseDuration());
        if (renewed.isPresent() && renewed.get().plus(silence).isBefore(Instant.now())) {
            return Optional.empty();
        }
        return Optional.of(new LeaderSeen(lease.getSpec().getHolderIdentity(), renewed));
    }

    @Override
    public void leadershipGained(String view, String instance) {
        // The Lease already names the holder.
    }

    @Override
    public void requestSync(String from) {
        var leases = client().leases().inNamespace(namespace);
        String name = pushLeaseName(settings.group());
        Lease existing = leases.withName(name).get();
        if (existing == null) {
            leases.resource(new LeaseBuilder().withNewMetadata().withName(name)
                    .addToLabels("app.kubernetes.io/managed-by", "userflow-connector-sync").endMetadata()
                    .withNewSpec().withHolderIdentity(from).withRenewTime(ZonedDateTime.now()).endSpec().build())
                    .create();
        } else {
            leases.withName(name).edit(l -> new LeaseBuilder(l).editOrNewSpec().withHolderIdentity(from)
                    .withRenewTime(ZonedDateTime.now()).endSpec().build());
        }
    }

    @Override
    public Optional<String> syncRequest() {
        Lease lease = client().leases().inNamespace(namespace).withName(pushLeaseName(settings.group())).get();
        return Optional.ofNullable(lease).map(l -> l.getMetadata().getResourceVersion());
    }

    /**
     * Camel's controller never gives the Lease back when it stops; a standby would wait for the pod to leave the
     * member list and then a further lease duration. Once this instance has stopped writing, it clears its own
     * holder (if it still holds the Lease, by resourceVersion) and a standby takes over with immediate effect.
     */
    @Override
    public void release(String view, String instance) {
        try {
            var leases = client().leases().inNamespace(namespace);
            Lease lease = leases.withName(leaseName(settings.group(), view)).get();
            if (lease == null || lease.getSpec() == null || !instance.equals(lease.getSpec().getHolderIdentity())) {
                return;
            }
            leases.resource(new LeaseBuilder(lease).editSpec().withHolderIdentity(null).withAcquireTime(null)
                            .withRenewTime(null).withLeaseDurationSeconds(null).endSpec().build())
                    .lockResourceVersion(lease.getMetadata().getResourceVersion()).update();
            LOG.info("Gave the Lease {} back: a standby takes over at its next check", lease.getMetadata().getName());
        } catch (RuntimeException e) {
            LOG.warn("Could not give the Lease back ({}); a standby takes over once this pod has gone",
                    e.getMessage());
        }
    }

    private synchronized KubernetesClient client() {
        if (client == null) {
            client = new KubernetesClientBuilder().build();
        }
        return client;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
