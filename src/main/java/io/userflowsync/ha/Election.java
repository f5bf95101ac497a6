package io.userflowsync.ha;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.userflowsync.trigger.WebhookEndpoint;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.cluster.ClusteredRoutePolicy;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Two replicas, one writer (issue 8 item 4). Leader election is Camel's: a {@link CamelClusterService} (a lock file
 * or a Kubernetes Lease) and a {@link ClusteredRoutePolicy} on the routes that only the leader may run (the consumer of
 * the sync queue and the poller of passed-on pushes; routes/*.camel.yaml name it {@code leaderOnly}). Everything else
 * runs on every replica: the schedule and the webhook fill each replica's own one-slot queue, which only the leader
 * consumes, so a standby that takes over starts with a run at once; a push that reaches a standby is passed on
 * through the shared store ({@link #passOn}). This class follows the view's leadership events for status, metrics
 * and the log, and lets {@code apply} take its turn.
 */
public final class Election {
    private static final Logger LOG = LoggerFactory.getLogger(Election.class);
    /** The Camel cluster namespace of the lock (the lock file's name; the Lease's suffix). */
    public static final String NAMESPACE = KubernetesStore.VIEW;
    /** How often the leader looks for pushes the standbys passed on. */
    public static final Duration PUSH_POLL = Duration.ofSeconds(1);
    /** What a sender is told to wait before retrying when a standby could not pass its push on. */
    public static final int RETRY_AFTER_SECONDS = 10;

    public enum Role {
        /** sync.ha=none: the only instance, always the writer. */
        SINGLE,
        LEADER,
        STANDBY;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final HaSettings settings;
    private final Optional<SharedStore> store;
    /** {@link #NAMESPACE}, or {@code tenant-<name>} for a tenant's own election ({@link #forTenant}). */
    private final String namespace;
    /** The tenant whose namespace this is ({@code tenant-<name>}): a daemon's tenant, or {@code apply} for one. */
    private final Optional<String> tenant;
    /** A daemon's tenant ({@link #forTenant}): it uses the parent's cluster service and store, and owns neither. */
    private final boolean child;
    /**
     * With {@code sync.tenants}, the process's election leads nothing itself: each tenant is its own namespace
     * ({@link #forTenant}), so the replicas share the tenants (issue 9 item 3).
     */
    private final boolean sharesTenants;
    private final java.util.List<Election> tenantElections = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicReference<Role> role;
    private final AtomicReference<Optional<String>> seenPush = new AtomicReference<>(Optional.empty());
    private final Clock clock;
    private volatile Instant roleSince;
    private CamelClusterView view;
    private ClusteredRoutePolicy policy;
    private final CamelClusterEventListener.Leadership listener = (v, leader) -> leadershipChanged(v);

    private Election(HaSettings settings, Optional<SharedStore> store, Clock clock, String namespace,
                     Optional<String> tenant, boolean sharesTenants) {
        this(settings, store, clock, namespace, tenant, sharesTenants, false);
    }

    private Election(HaSettings settings, Optional<SharedStore> store, Clock clock, String namespace,
                     Optional<String> tenant, boolean sharesTenants, boolean child) {
        this.child = child;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
        this.namespace = namespace;
        this.tenant = tenant;
        this.sharesTenants = sharesTenants;
        this.role = new AtomicReference<>(settings.enabled() ? Role.STANDBY : Role.SINGLE);
        this.roleSince = clock.instant();
    }

    public static Election of(HaSettings settings) {
        Optional<SharedStore> store = switch (settings.mode()) {
            case NONE -> Optional.empty();
            case FILE -> Optional.of(new FileStore(settings));
            case KUBERNETES -> Optional.of(new KubernetesStore(settings));
        };
        return new Election(settings, store, Clock.systemUTC(), NAMESPACE, Optional.empty(), false);
    }

    /**
     * {@code apply} of one tenant of {@code sync.tenants}: it takes part in that tenant's namespace, so that it never
     * writes while a daemon's replica leads the tenant; without a tenant, {@link #of(HaSettings)}.
     */
    public static Election of(HaSettings settings, Optional<String> tenant) {
        Election single = of(settings);
        return tenant.map(t -> new Election(settings, single.store, Clock.systemUTC(), namespaceOf(t), tenant, false))
                .orElse(single);
    }

    static String namespaceOf(String tenant) {
        return "tenant-" + tenant;
    }

    /**
     * The election of an agent with {@code sync.tenants}: it holds the cluster service and the shared store, and
     * each tenant's election ({@link #forTenant}) is a namespace of that service.
     */
    public static Election ofTenants(HaSettings settings) {
        Election single = of(settings);
        return new Election(settings, single.store, Clock.systemUTC(), NAMESPACE, Optional.empty(), true);
    }

    /**
     * A tenant's own leadership namespace, {@code tenant-<name>}, of this election's cluster service: replicas share
     * the tenants, and a replica's death moves only the tenants it led (issue 9 item 3).
     */
    public Election forTenant(String name) {
        Election t = new Election(settings, store, clock, namespaceOf(name), Optional.of(name), false, true);
        tenantElections.add(t);
        return t;
    }

    /** With {@code sync.tenants}: the tenants' elections, in the order they were made. */
    public List<Election> tenantElections() {
        return List.copyOf(tenantElections);
    }

    /** The tenant of a tenant's election ({@link #forTenant}). */
    public Optional<String> tenant() {
        return tenant;
    }

    /**
     * The directory every replica shares with {@code sync.ha=file} (the lock's), where state that must outlive a
     * change of leader is kept (the rolling scan's cursor); empty otherwise.
     */
    public Optional<java.nio.file.Path> sharedDirectory() {
        return settings.mode() == HaMode.FILE ? settings.fileRoot().map(r -> r.resolve(settings.group()))
                : Optional.empty();
    }

    public HaSettings settings() {
        return settings;
    }

    public String instanceId() {
        return settings.instanceId();
    }

    /** The service to bind in Camel's registry (camel-main adds every CamelClusterService bean to the context). */
    public Optional<CamelClusterService> clusterService() {
        return store.map(SharedStore::clusterService);
    }

    /** {@code leaderOnly}: Camel's clustered route policy, or (sync.ha=none) one that leaves the routes alone. */
    public RoutePolicy leaderOnlyPolicy(CamelContext camel) throws Exception {
        if (store.isEmpty() || sharesTenants) {
            // With sync.tenants the routes bound to this (the poller of passed-on pushes) run on every replica: each
            // leads some tenants. The service is still set up here, once, for the tenants' namespaces.
            if (store.isPresent()) {
                initService(camel);
            }
            return new RoutePolicySupport() {
            };
        }
        CamelClusterService service = initService(camel);
        // This listener before the policy's: the policy stops the routes on the event's thread, waiting for a run in
        // progress, and the run asks isLeader() before it writes (routes/reconcile.camel.yaml).
        view = service.getView(namespace);
        view.addEventListener(listener);
        policy = ClusteredRoutePolicy.forNamespace(service, namespace);
        policy.setCamelContext(camel);
        return policy;
    }

    private CamelClusterService initService(CamelContext camel) {
        CamelClusterService service = store.orElseThrow().clusterService();
        if (service.getCamelContext() == null) {
            service.setCamelContext(camel);
        }
        org.apache.camel.support.service.ServiceHelper.initService(service);
        return service;
    }

    /** Follows the election once Camel has started (the view is the one the route policy uses). */
    public synchronized void join() {
        if (store.isEmpty()) {
            return;
        }
        if (child) {
            return;
        }
        LOG.info("High availability ({}): this instance is {}; {}", describe(), settings.instanceId(),
                sharesTenants ? "each tenant is led by one replica (namespaces tenant-<name>)"
                        : "only the leader reconciles");
    }

    /**
     * When Camel begins to stop, before it shuts the routes down: the leader-only routes stop first (a run in progress
     * finishes, within camel.main.shutdown-timeout), then the cluster service, so the lock is free for a standby only
     * once nothing here writes any more, and the Kubernetes Lease is given back. Stopping the service before Camel
     * removes the routes also keeps ClusteredRoutePolicy's release of the view from meeting a leadership event
     * half-way (Camel 4.18 takes the policy's lock and the view's in opposite orders there: a deadlock at stop).
     */
    public synchronized void stepDown(CamelContext camel) {
        if (store.isEmpty()) {
            return;
        }
        // The tenants' leader-only routes stop first, then the service they share.
        for (Election t : tenantElections) {
            t.stepDown(camel);
        }
        boolean led = role.getAndSet(Role.STANDBY) == Role.LEADER;
        List<String> writers = new ArrayList<>();
        for (org.apache.camel.Route route : camel.getRoutes()) {
            if (policy != null && route.getRoutePolicyList().contains(policy)) {
                writers.add(route.getRouteId());
                if (camel.getRouteController().getRouteStatus(route.getRouteId()).isStoppable()) {
                    try {
                        camel.getRouteController().stopRoute(route.getRouteId());
                    } catch (Exception e) {
                        LOG.warn("Could not stop route {} before leaving the election: {}", route.getRouteId(),
                                e.getMessage());
                    }
                }
            }
        }
        // Only the leader-only routes write. Counting every route's exchanges kept the Lease whenever a trigger or an
        // HTTP request happened to be in flight at the stop, and a standby then waited for the pod to go
        // (TwoReplicasKubernetesLeaseTest failed now and then on "the standby to lead").
        boolean idle = writers.stream().allMatch(id -> camel.getInflightRepository().size(id) == 0);
        if (led && !idle) {
            LOG.warn("Keeping the leadership lock at stop: a run is still in flight after the shutdown timeout; "
                    + "a standby takes over once this instance has gone");
        }
        if (child) {
            // The service and the store are the parent's, which stops them once every tenant has stepped down.
            if (view != null) {
                view.removeEventListener(listener);
            }
            view = null;
            if (led && idle) {
                store.get().release(namespace, settings.instanceId());
            }
            roleSince = clock.instant();
            return;
        }
        try {
            if (view != null) {
                view.removeEventListener(listener);
            }
            org.apache.camel.support.service.ServiceHelper.stopService(store.get().clusterService());
        } catch (RuntimeException e) {
            LOG.warn("Leaving the election: {}", e.getMessage());
        }
        view = null;
        if (led && idle) {
            store.get().release(namespace, settings.instanceId());
        }
        roleSince = clock.instant();
        store.get().close();
    }

    /** For the routes (Camel's bean binding would read {@code isLeader} as the property {@code leader}). */
    public boolean runsSyncs() {
        return isLeader();
    }

    public boolean isLeader() {
        if (sharesTenants) {
            // A tenant's election says whether its runs may write; this one leads no tenant of its own.
            return store.isEmpty();
        }
        Role r = role.get();
        return r == Role.LEADER || r == Role.SINGLE;
    }

    public Role role() {
        return role.get();
    }

    /** Who leads: this instance, or as the view or the shared store knows it; empty while nobody does. */
    public Optional<String> leader() {
        if (isLeader()) {
            return Optional.of(settings.instanceId());
        }
        CamelClusterView v = view;
        if (v != null) {
            Optional<String> seen = v.getLeader().map(CamelClusterMember::getId);
            if (seen.isPresent()) {
                return seen;
            }
        }
        try {
            return store.flatMap(s -> {
                try {
                    return s.leader(namespace);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(SharedStore.LeaderSeen::instance);
        } catch (RuntimeException e) {
            LOG.debug("Reading the leader from the shared store", e);
            return Optional.empty();
        }
    }

    /**
     * The webhook's answer on this replica. The leader (or a single instance) queues the sync itself. A standby
     * leaves a mark in the shared store that the leader picks up within {@link #PUSH_POLL} and answers 202 as well:
     * GitHub never redelivers a failed webhook on its own, so refusing would lose the push until the next schedule.
     * Only when the mark cannot be left does the sender get 503 with Retry-After.
     */
    public WebhookEndpoint.Answer passOn(WebhookEndpoint.Answer answer) {
        if (!answer.accepted() || isLeader()) {
            return answer;
        }
        if (sharesTenants) {
            // Every replica leads some tenants: this one queues the push for the tenants it leads (the answer stays
            // accepted) and leaves a mark that every other replica picks up for the tenants they lead.
            try {
                store.orElseThrow().requestSync(settings.instanceId());
                seenPush.set(store.get().syncRequest());
                return answer;
            } catch (Exception e) {
                LOG.warn("Could not pass a verified push on to the other replicas ({}); the tenants they lead sync at"
                        + " their next schedule", e.getMessage());
                return answer;
            }
        }
        try {
            store.orElseThrow().requestSync(settings.instanceId());
            return new WebhookEndpoint.Answer(202, "sync requested; passed on to the leader"
                    + leader().map(l -> " (" + l + ")").orElse("") + "\n");
        } catch (Exception e) {
            LOG.warn("A verified push reached this standby and could not be passed on to the leader ({}); answered 503",
                    e.getMessage());
            return new WebhookEndpoint.Answer(503, "this replica is a standby and could not pass the push on to the"
                    + " leader; retry later\n");
        }
    }

    /** On the leader: whether a standby has passed a push on since the last look. */
    public boolean syncRequested() {
        if (store.isEmpty() || !(isLeader() || sharesTenants)) {
            return false;
        }
        try {
            Optional<String> mark = store.get().syncRequest();
            Optional<String> before = seenPush.getAndSet(mark);
            boolean fresh = mark.isPresent() && !mark.equals(before);
            if (fresh) {
                LOG.info("A standby passed a push on: syncing");
            }
            return fresh;
        } catch (Exception e) {
            LOG.warn("Could not look for pushes passed on by the standbys: {}", e.getMessage());
            return false;
        }
    }

    public void registerMetrics(MeterRegistry meters) {
        if (sharesTenants) {
            // The tenants' elections register theirs, each with a tenant label (one name, one label set).
            return;
        }
        io.micrometer.core.instrument.Tags tags = tenant.map(t -> io.micrometer.core.instrument.Tags.of("tenant", t))
                .orElse(io.micrometer.core.instrument.Tags.empty());
        Gauge.builder("userflow.sync.leader", this, e -> e.isLeader() ? 1 : 0).tag("instance", settings.instanceId())
                .tags(tags)
                .description("1 on the instance that runs the syncs (the leader, or the only instance), 0 on standbys")
                .register(meters);
        List<Role> roles = settings.enabled() ? List.of(Role.LEADER, Role.STANDBY) : List.of(Role.SINGLE);
        for (Role r : roles) {
            Gauge.builder("userflow.sync.ha.role", this, e -> e.role() == r ? 1 : 0).tag("role", r.label())
                    .tag("mode", settings.mode().settingName()).tags(tags)
                    .description("1 for this instance's role in the election (sync.ha)").register(meters);
        }
    }

    /** For {@code /status}. */
    public Map<String, Object> status() {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("mode", settings.mode().settingName());
        status.put("instance", settings.instanceId());
        if (sharesTenants) {
            status.put("leads", tenantElections.stream().filter(Election::isLeader)
                    .map(t -> t.tenant().orElseThrow()).toList());
            return status;
        }
        status.put("role", role().label());
        status.put("since", roleSince.toString());
        leader().ifPresent(l -> status.put("leader", l));
        return status;
    }

    /**
     * {@code apply} with sync.ha set: waits for this process to lead (it takes part in the election like a replica),
     * for at most {@code wait}. Empty when it leads; otherwise who does, for the refusal.
     */
    public Optional<String> awaitTurn(Duration wait) throws InterruptedException {
        if (store.isEmpty()) {
            return Optional.empty();
        }
        if (settings.mode() == HaMode.KUBERNETES) {
            // Camel counts only running, ready pods as members, so a command line can never hold the Lease: it may
            // write only while no daemon holds it (docs/daemon-and-ha.md, High availability).
            return waitFor(wait, () -> currentHolder().filter(h -> !h.equals(settings.instanceId())));
        }
        // The lock is tried at once when nobody holds it; a live leader keeps it, a stopped one frees it at once, a
        // killed one after about a lease duration.
        Duration probe = settings.retryPeriod().multipliedBy(3);
        Instant deadline = clock.instant().plus(wait.compareTo(probe) > 0 ? wait : probe);
        while (clock.instant().isBefore(deadline)) {
            if (isLeader()) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
        return isLeader() ? Optional.empty() : Optional.of(currentHolder().orElse("another instance"));
    }

    private Optional<String> waitFor(Duration wait, java.util.function.Supplier<Optional<String>> holder)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(wait);
        Optional<String> h = holder.get();
        while (h.isPresent() && clock.instant().isBefore(deadline)) {
            Thread.sleep(Math.min(1000, settings.retryPeriod().toMillis()));
            h = holder.get();
        }
        return h;
    }

    private Optional<String> currentHolder() {
        try {
            return store.orElseThrow().leader(namespace).map(SharedStore.LeaderSeen::instance);
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private String describe() {
        return switch (settings.mode()) {
            case NONE -> "none";
            case FILE -> "lock file in " + settings.fileRoot().orElseThrow().resolve(settings.group());
            case KUBERNETES -> "Lease " + settings.namespace().orElseThrow() + "/" + KubernetesStore.leaseName(
                    settings.group());
        };
    }

    private void leadershipChanged(CamelClusterView v) {
        boolean leads = v.getLocalMember().isLeader();
        Role before = role.getAndSet(leads ? Role.LEADER : Role.STANDBY);
        if (before == role.get()) {
            return;
        }
        roleSince = clock.instant();
        if (leads) {
            try {
                if (!child) {
                    // Pushes passed on before now are covered by the run this leader starts with.
                    seenPush.set(store.orElseThrow().syncRequest());
                }
                store.orElseThrow().leadershipGained(namespace, settings.instanceId());
            } catch (Exception e) {
                LOG.warn("Leading, but could not record it in the shared store: {}", e.getMessage());
            }
        }
        if (tenant.isPresent()) {
            LOG.info(leads ? "[{}] This instance ({}) leads tenant {} now: it runs its syncs"
                            : "[{}] This instance ({}) no longer leads tenant {}", tenant.get(), settings.instanceId(),
                    tenant.get());
            return;
        }
        if (leads) {
            LOG.info("This instance ({}) leads now: it runs the syncs", settings.instanceId());
        } else {
            LOG.info("This instance ({}) is a standby now{}: it runs no syncs and passes pushes on",
                    settings.instanceId(), leader().map(l -> "; " + l + " leads").orElse(""));
        }
    }
}
