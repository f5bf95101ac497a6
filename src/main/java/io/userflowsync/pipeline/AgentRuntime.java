package io.userflowsync.pipeline;

import io.userflowsync.notify.AgentInfo;
import io.userflowsync.notify.Notifier;
import io.userflowsync.notify.NotifyTarget;
import io.userflowsync.notify.NotifyTargets;
import io.userflowsync.notify.RetryPolicy;
import io.userflowsync.run.RunListener;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.apply.Applier;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.connector.ConnectorsAsCode;
import io.userflowsync.config.Settings;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphObserver;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.graph.UserAgent;
import io.userflowsync.ha.Election;
import io.userflowsync.scan.AuditWatcher;
import io.userflowsync.ha.HaSettings;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.report.ReadProgress;
import io.userflowsync.report.SyncMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.DesiredSources;
import io.userflowsync.trigger.GuardedVertx;
import io.userflowsync.trigger.HttpLimits;
import io.userflowsync.trigger.RefusalLog;
import io.userflowsync.trigger.Schedule;
import io.userflowsync.trigger.WebhookEndpoint;
import io.userflowsync.trigger.WebhookVerifier;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.Scheduler;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.support.LifecycleStrategySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

/**
 * The agent inside Camel Main: binds the pipeline's beans, loads the routes, and either runs once (plan, apply) or
 * stays up as the daemon whose Quartz route reconciles on the schedule.
 */
public final class AgentRuntime implements AutoCloseable {
    /**
     * The route every run takes: the one-off commands load only this, so they start no Quartz scheduler, no HTTP
     * server and none of the daemon's routes (issue 7 item 4).
     */
    static final List<String> PIPELINE_ROUTES = List.of("classpath:routes/reconcile.camel.yaml");
    /**
     * The pipeline, its schedule and queue, and the HTTP triggers. Each file is named: with a wildcard
     * ({@code classpath:routes/*.camel.yaml}) Camel read every entry of the 20,000-entry runnable jar, twice, to find
     * them (1.4 to 1.9 s of every start on the build machine; issue 7 item 4).
     */
    static final List<String> DAEMON_ROUTES = List.of("classpath:routes/reconcile.camel.yaml",
            "classpath:routes/schedule.camel.yaml", "classpath:routes/queue.camel.yaml",
            "classpath:routes/triggers.camel.yaml");
    /**
     * The daemon with {@code sync.tenants} (issue 9 item 3): the same triggers, and instead of the one pipeline and
     * its queue, the templates each tenant's pipeline and queue are made from.
     */
    static final List<String> TENANTS_DAEMON_ROUTES = List.of("classpath:routes/tenants.camel.yaml",
            "classpath:routes/schedule.camel.yaml", "classpath:routes/triggers.camel.yaml");
    /** {@code apply FILE}: the pipeline's failure handling and the saved plan's own route (docs/export-and-saved-plans.md, Saved plans). */
    static final List<String> SAVED_PLAN_ROUTES = List.of("classpath:routes/reconcile.camel.yaml",
            "classpath:routes/saved-plan.camel.yaml");
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    private final Main main;
    private final RunStatus status = new RunStatus(Clock.systemUTC());
    /** With {@code sync.tenants} (the daemon): each tenant's pipeline, in the order the setting lists them. */
    private final java.util.Map<String, TenantPipeline> tenants = new java.util.LinkedHashMap<>();
    private final Path uploads = UploadFolder.fresh();
    private DesiredSource source;
    private final HttpLimits httpLimits;
    private final Election election;
    /** The daemon's notification receivers (none for one-off commands: CI reads their exit code and output). */
    private final List<NotifyTarget> notifyTargets;
    private Optional<Notifier> notifier = Optional.empty();
    private Vertx vertx;
    /** False for {@code apply FILE}: a saved plan carries its changes, so no desired source is set up or needed. */
    private boolean readsDesiredState = true;
    /** A one-off command's progress line on stderr, told what the Graph client reads. */
    private Optional<ReadProgress> progress = Optional.empty();

    /** @param elects whether this process takes part in the leader election (sync.ha): the daemon and apply */
    private AgentRuntime(Settings settings, Optional<Path> configFile, boolean daemon, boolean elects) {
        this(settings, configFile, daemon, elects, !daemon ? PIPELINE_ROUTES
                : settings.tenants().isEmpty() ? DAEMON_ROUTES : TENANTS_DAEMON_ROUTES);
    }

    private AgentRuntime(Settings settings, Optional<Path> configFile, boolean daemon, boolean elects,
                         List<String> routes) {
        this.main = new Main();
        this.httpLimits = HttpLimits.from(settings);
        HaSettings ha = HaSettings.from(settings);
        // Only the daemon and apply join the election: plan and validate write nothing, and must not hold the lock
        // a standby is waiting for.
        HaSettings electing = elects ? ha : ha.withoutElection();
        // With sync.tenants, each tenant is a leadership namespace of its own (tenant-<name>), so that replicas share
        // the tenants; the daemon's own election only holds the cluster service.
        // apply for one tenant of sync.tenants waits for that tenant's namespace, which a daemon's replica may lead.
        this.election = daemon && !settings.tenants().isEmpty() ? Election.ofTenants(electing)
                : Election.of(electing, settings.tenant());
        this.notifyTargets = daemon ? NotifyTargets.from(settings) : List.of();
        // The --config file first: where two locations set a camel.* key, Camel Main takes the first, so the file
        // could not change a key the bundled application.properties sets (camel.main.shutdown-timeout stayed 15).
        main.setDefaultPropertyPlaceholderLocation(
                configFile.map(f -> "file:" + f.toAbsolutePath() + ";optional=true,").orElse("")
                        + "classpath:config/application.properties;optional=true");
        main.addOverrideProperty("camel.main.routes-include-pattern", String.join(",", routes));
        Schedule schedule = Schedule.parse(Setting.SCHEDULE.key(), settings.required(Setting.SCHEDULE));
        main.addOverrideProperty("sync.schedule.endpoint", schedule.quartzUri());
        main.addOverrideProperty("sync.webhook.debounce-ms", Integer.toString(settings.integer(Setting.WEBHOOK_DEBOUNCE_MS)));
        // The leader's look for pushes the standbys passed on (routes/triggers.camel.yaml) runs only with sync.ha.
        main.addOverrideProperty("sync.ha.enabled", Boolean.toString(daemon && election.settings().enabled()));
        main.addOverrideProperty("sync.ha.push-poll-ms", Long.toString(Election.PUSH_POLL.toMillis()));
        if (daemon) {
            // Nothing from a request (headers, query, form fields) becomes a message header, and only Content-Type of
            // the message headers goes into an answer (issue 6, item 1). Set here, for the daemon only: a component
            // property makes Camel Main create the component, which a one-off command has no use for (issue 7).
            main.addOverrideProperty("camel.component.platform-http.header-filter-strategy",
                    "#class:" + io.userflowsync.trigger.HttpHeaderAllowList.class.getName());
        }
        // The embedded HTTP server (webhook, status) runs only in the daemon.
        main.addOverrideProperty("camel.server.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.server.port", settings.required(Setting.HTTP_PORT));
        main.addOverrideProperty("camel.server.host", settings.required(Setting.HTTP_HOST));
        // Bodies: capped for any route that lets Vert.x read them, and never written to disk as uploads.
        main.addOverrideProperty("camel.server.maxBodySize", Long.toString(httpLimits.maxBodyBytes()));
        main.addOverrideProperty("camel.server.fileUploadEnabled", "false");
        // Prometheus metrics and health on Camel's management server, also only in the daemon.
        main.addOverrideProperty("camel.metrics.enabled", Boolean.toString(daemon));
        // Issue 6 item 12: the exchange event notifier tags route exchanges with routeId and the Graph client's
        // producer-template exchanges without it; Prometheus refuses one meter name with two tag sets, so the first
        // Graph call logged a registration failure. The Graph client meters its calls itself (SyncMetrics).
        main.addOverrideProperty("camel.metrics.enableExchangeEventNotifier", "false");
        main.addOverrideProperty("camel.management.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.metricsEnabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.healthCheckEnabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.health.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.port", settings.required(Setting.MANAGEMENT_PORT));
        main.addOverrideProperty("camel.management.host", settings.required(Setting.HTTP_HOST));
        // Vert.x writes form and multipart bodies under an upload folder it creates on the first such request. By
        // default that is java.io.tmpdir/camel/camel-tmp-<uuid>, which nothing removes, and turning uploads off
        // (camel.server.file-upload-enabled=false) makes Camel 4.18 fall back to Vert.x's ./file-uploads in the
        // working directory. So the folder is named here and deleted when Camel stops (issue 6, item 14).
        main.addOverrideProperty("camel.server.file-upload-directory", uploads.toString());
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                if (daemon) {
                    daemonStarted(settings, schedule);
                }
            }

            @Override
            public void beforeConfigure(BaseMainSupport m) {
                if (daemon) {
                    // Only the daemon has Quartz routes: a one-off command creates no Quartz component (issue 7 item 4)
                    ownQuartzScheduler(m.getCamelContext());
                }
                // On the context's stop, not the listener's afterStop: on SIGTERM the JVM halts once Camel's
                // shutdown hook has stopped the context, before the main thread gets that far.
                m.getCamelContext().addLifecycleStrategy(new LifecycleStrategySupport() {
                    @Override
                    public void onContextStopping(CamelContext context) {
                        // Before Camel stops the routes: the leader-only ones stop, then the lock is given back
                        // (kept if a run outlived the shutdown timeout, until the process has gone).
                        election.stepDown(context);
                    }

                    @Override
                    public void onContextStopped(CamelContext context) {
                        UploadFolder.delete(uploads);
                    }
                });
                // One scrubber for every secret the agent handles (issue 6 item 4): the Git tokens the source reads
                // are masked in Graph's text too, and the Graph token in the source's.
                SecretScrubber scrubber = SecretScrubber.of(settings);
                io.userflowsync.config.LogSecrets.scrubWith(scrubber); // the log's lines too (docs/logging.md)
                if (daemon && !settings.tenants().isEmpty()) {
                    bindTenantPipelines(m.getCamelContext(), settings, scrubber);
                    return;
                }
                source = readsDesiredState ? DesiredSources.from(settings, scrubber) : SavedPlanStage.NO_DESIRED_SOURCE;
                bindPipeline(m.getCamelContext(), settings, source, scrubber, daemon);
            }

            @Override
            public void afterConfigure(BaseMainSupport m) {
                // The routes are loaded now, the templates among them: one pipeline and one queue per tenant.
                for (String tenant : tenants.keySet()) {
                    TenantPipeline.addRoutes(m.getCamelContext(), tenant);
                }
            }
        });
    }

    /** Starts Camel for one-off runs (plan, apply, demo): the pipeline route only. */
    public static AgentRuntime startOnce(Settings settings, Optional<Path> configFile) throws Exception {
        return startOnce(settings, configFile, false);
    }

    /**
     * As {@link #startOnce(Settings, Optional)}; {@code elects}: takes part in the leader election (sync.ha), as
     * {@code apply} does, so that it never writes while a daemon leads ({@link #election()}).
     */
    public static AgentRuntime startOnce(Settings settings, Optional<Path> configFile, boolean elects)
            throws Exception {
        return startOnce(settings, configFile, elects, Optional.empty());
    }

    /** As {@link #startOnce(Settings, Optional, boolean)}, showing the reads' progress on {@code progress}'s line. */
    public static AgentRuntime startOnce(Settings settings, Optional<Path> configFile, boolean elects,
                                         Optional<ReadProgress> progress) throws Exception {
        AgentRuntime runtime = new AgentRuntime(settings, configFile, false, elects);
        runtime.progress = progress;
        runtime.main.start();
        runtime.election.join();
        return runtime;
    }

    /** Starts Camel for {@code apply FILE} ({@link #applySavedPlan}): no desired source, as the plan file is the input. */
    public static AgentRuntime startForSavedPlan(Settings settings, Optional<Path> configFile) throws Exception {
        AgentRuntime runtime = new AgentRuntime(settings, configFile, false, true, SAVED_PLAN_ROUTES);
        runtime.readsDesiredState = false;
        runtime.main.start();
        return runtime;
    }

    /** Runs the daemon until the JVM is asked to stop. */
    public static void runDaemon(Settings settings, Optional<Path> configFile) throws Exception {
        try (AgentRuntime runtime = new AgentRuntime(settings, configFile, true, true)) {
            runtime.main.run();
        }
    }

    /** The daemon, started and stopped by its caller instead of by JVM signals (for embedding it). */
    public static AgentRuntime startDaemon(Settings settings, Optional<Path> configFile) throws Exception {
        AgentRuntime runtime = new AgentRuntime(settings, configFile, true, true);
        runtime.main.start();
        // Main.start() does not call the listeners' afterStart (only Main.run() does).
        runtime.daemonStarted(settings, Schedule.parse(Setting.SCHEDULE.key(), settings.required(Setting.SCHEDULE)));
        return runtime;
    }

    public SyncRun runOnce(RunMode mode) {
        return runOnce(mode, false);
    }

    /** @param force {@code apply --force}: write a plan over a guard's limit, this run only */
    public SyncRun runOnce(RunMode mode, boolean force) {
        return runOnce(mode, force, Optional.empty());
    }

    /**
     * @param changedSince {@code plan --changed-since REV}: read and plan only the flows the desired state changes
     *                     against that revision
     */
    public SyncRun runOnce(RunMode mode, boolean force, Optional<String> changedSince) {
        try (ProducerTemplate template = camel().createProducerTemplate()) {
            java.util.Map<String, Object> headers = new java.util.HashMap<>(
                    java.util.Map.of("syncMode", mode.name(), PlanStage.FORCE_HEADER, force));
            changedSince.ifPresent(rev -> headers.put(ScopeStage.CHANGED_SINCE_HEADER, rev));
            return template.requestBodyAndHeaders("direct:reconcile", null, headers, SyncRun.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RunStatus status() {
        return status;
    }

    /** A tenant's runs (the daemon with {@code sync.tenants}). */
    public RunStatus status(String tenant) {
        return Optional.ofNullable(tenants.get(tenant)).map(TenantPipeline::status)
                .orElseThrow(() -> new IllegalArgumentException("no tenant " + tenant + " in this daemon"));
    }

    /** This process's part in the leader election (sync.ha; a single instance when none). */
    public Election election() {
        return election;
    }

    /**
     * {@code apply FILE}: applies a saved plan through the route {@code apply-saved-plan}.
     *
     * @param force {@code apply FILE --force}: write a saved plan over a guard's limit, this run only
     */
    public SyncRun applySavedPlan(Path planFile, boolean force) {
        try (ProducerTemplate template = camel().createProducerTemplate()) {
            return template.requestBodyAndHeaders("direct:apply-saved-plan", null, java.util.Map.of("syncMode",
                    RunMode.APPLY.name(), SavedPlanStage.FILE_HEADER, planFile.toString(), PlanStage.FORCE_HEADER,
                    force), SyncRun.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        notifier.ifPresent(Notifier::close);
        if (vertx != null) {
            GuardedVertx.close(vertx);
        }
        if (source != null) {
            source.close();
        }
        for (TenantPipeline t : tenants.values()) {
            t.source().close();
        }
    }

    /**
     * Quartz keeps its schedulers in a JVM-wide repository by name, and Camel names it after the context, which is
     * the same for every runtime: a runtime started while an earlier one's scheduler was still there shared it, and
     * its triggers (an interval fired at once). Each runtime gets a scheduler of its own.
     */
    private static void ownQuartzScheduler(CamelContext camel) {
        Properties quartz = new Properties();
        quartz.setProperty("org.quartz.scheduler.instanceName", "sync-" + UUID.randomUUID());
        quartz.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        quartz.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.SimpleThreadPool");
        // The jobs only put a request on the sync queue (sync.ha's poller after a look at the shared store).
        quartz.setProperty("org.quartz.threadPool.threadCount", "1");
        quartz.setProperty("org.quartz.jobStore.class", "org.quartz.simpl.RAMJobStore");
        camel.getComponent("quartz", QuartzComponent.class).setProperties(quartz);
    }

    /**
     * The schedule starts only now that Quartz runs: a trigger added before the scheduler starts is anchored at the
     * time it was added, so an interval's second run came early, right behind the run at start.
     */
    private void daemonStarted(Settings settings, Schedule schedule) {
        try {
            // Camel starts Quartz once the context has started, which need not have happened yet; starting it here
            // is harmless (Camel finds it running) and makes the interval count from now.
            Scheduler quartz = camel().getComponent("quartz", QuartzComponent.class).getScheduler();
            if (!quartz.isStarted()) {
                quartz.start();
            }
            camel().getRouteController().startRoute("reconcile-on-schedule");
            boolean auditPoll = AuditWatcher.interval(settings).isPresent();
            if (tenants.isEmpty()) {
                camel().getRouteController().startRoute("scan-ticker");
                if (auditPoll) {
                    camel().getRouteController().startRoute("audit-watcher");
                }
            } else {
                for (String name : tenants.keySet()) {
                    camel().getRouteController().startRoute(TenantPipeline.scanTicker(name));
                    if (auditPoll) {
                        camel().getRouteController().startRoute(TenantPipeline.auditWatcher(name));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not start the schedule: " + e.getMessage(), e);
        }
        election.join();
        if (!tenants.isEmpty()) {
            LOG.info("Daemon started: reconciling tenants {} now, each on its own queue, then {} and on POST"
                            + " /hooks/git; status at GET /status (port {}); policy {}", String.join(", ", tenants.keySet()),
                    schedule.describe(), settings.required(Setting.HTTP_PORT), settings.required(Setting.POLICY));
            return;
        }
        LOG.info("Daemon started: reconciling now, then {} and on POST /hooks/git; status at GET /status (port {});"
                        + " policy {}; mode {}", schedule.describe(), settings.required(Setting.HTTP_PORT),
                settings.required(Setting.POLICY), new WriteMode(PlanRules.from(settings).mode(), Optional.empty())
                        .describe());
    }

    /**
     * The daemon with {@code sync.tenants} (issue 9 item 3): each tenant's stages built from its own view of the
     * settings ({@link Settings#forTenant}), bound as {@code <stage>-<name>} for routes/tenants.camel.yaml, on one
     * metrics registry with a {@code tenant} label. The triggers, the webhook and the HTTP server are the daemon's.
     */
    private void bindTenantPipelines(CamelContext camel, Settings settings, SecretScrubber scrubber) {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        var registry = camel.getRegistry();
        bindElection(camel);
        if (!notifyTargets.isEmpty()) {
            notifier = Optional.of(Notifier.start(notifyTargets, scrubber, meters, AgentInfo.current(System.getenv()),
                    RetryPolicy.DEFAULT, Notifier.QUEUE_CAPACITY));
        }
        java.util.Map<String, RunReporter> reporters = new java.util.LinkedHashMap<>();
        java.util.Map<String, StatusEndpoint> statuses = new java.util.LinkedHashMap<>();
        for (String name : settings.tenants()) {
            Settings own = settings.forTenant(name);
            scrubber.rememberSecretsOf(own);
            List<RunListener> listeners = notifier.<List<RunListener>>map(n -> List.of(n.forTenant(name)))
                    .orElse(List.of());
            TenantPipeline t = TenantPipeline.bind(camel, name, own, scrubber, meters, election.forTenant(name),
                    listeners, !election.settings().enabled());
            tenants.put(name, t);
            reporters.put(name, t.reporter());
            statuses.put(name, t.statusEndpoint());
        }
        registry.bind("tenantRunFailures", new TenantRoutes(reporters));
        registry.bind("tenantQueues", registry.lookupByName("tenantRunFailures"));
        registry.bind("metricsRegistry", meters);
        WebhookVerifier webhook = new WebhookVerifier(settings.secret(Setting.WEBHOOK_SECRET));
        RefusalLog refusals = new RefusalLog(Clock.systemUTC(), Duration.ofSeconds(10));
        webhook.warnIfUnusable();
        vertx = GuardedVertx.create(httpLimits, refusals);
        registry.bind("vertx", vertx);
        registry.bind("webhookEndpoint", new WebhookEndpoint(webhook, httpLimits, refusals));
        registry.bind("statusEndpoint", new TenantsStatusEndpoint(statuses, election));
    }

    /**
     * Every Graph request names this process in its User-Agent (graph/UserAgent), so writers can be told apart. Leader
     * election (sync.ha): camel-main adds the cluster service bean to the context; routes that only the leader runs
     * carry the leaderOnly policy (routes/*.camel.yaml).
     */
    private void bindElection(CamelContext camel) {
        var registry = camel.getRegistry();
        camel.getGlobalOptions().put(UserAgent.INSTANCE_OPTION, election.instanceId());
        election.clusterService().ifPresent(service -> registry.bind("clusterService", service));
        try {
            registry.bind("leaderOnly", election.leaderOnlyPolicy(camel));
        } catch (Exception e) {
            throw new IllegalStateException("could not set up the leader election: " + e.getMessage(), e);
        }
        registry.bind("election", election);
    }

    private void bindPipeline(CamelContext camel, Settings settings, DesiredSource source, SecretScrubber scrubber,
                              boolean daemon) {
        // Camel's Prometheus support serves the registry bound as "metricsRegistry"; one-off runs keep theirs private.
        MeterRegistry meters = daemon ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        PlanRules rules = PlanRules.from(settings);
        SyncMetrics metrics = new SyncMetrics(meters, rules.mode());
        GraphClient graph = GraphConnection.open(camel, settings, scrubber, progress
                .map(p -> GraphObserver.both(metrics.graphObserver(), p)).orElseGet(metrics::graphObserver), !daemon);
        progress.ifPresent(p -> p.watch(graph::budget));
        var registry = camel.getRegistry();
        bindElection(camel);
        if (daemon) {
            election.registerMetrics(meters);
        }
        registry.bind("desiredStage", new DesiredStage(source));
        ScopeStage scope = daemon ? ScopeStage.daemon(settings, source, graph, rules, election, Optional.empty(),
                Clock.systemUTC()) : ScopeStage.everyFlow(source);
        registry.bind("scopeStage", scope);
        if (daemon) {
            metrics.scanGauges(scope::status, scope.budget(), Clock.systemUTC());
            metrics.graphBudget(graph::budget);
        }
        ConnectorsAsCode connectorsAsCode = connectorsAsCode(settings, scrubber);
        registry.bind("liveStage", new LiveStage(graph, Optional.of(connectorsAsCode)));
        registry.bind("planStage", new PlanStage(rules, !daemon));
        registry.bind("forensicsStage", ForensicsStage.from(settings, graph, status, Clock.systemUTC()));
        if (daemon) {
            registry.bind("auditWatcher", AuditWatcher.from(settings, graph, scope, election::runsSyncs,
                    Clock.systemUTC()));
        }
        registry.bind("applyStage", new ApplyStage(new Applier(graph, rules.mode(),
                Optional.of(connectorsAsCode.applier(graph)))));
        registry.bind("savedPlanStage", new SavedPlanStage(settings, rules, Clock.systemUTC()));
        registry.bind("metricsRegistry", meters);
        if (!notifyTargets.isEmpty()) {
            notifier = Optional.of(Notifier.start(notifyTargets, scrubber, meters, AgentInfo.current(System.getenv()),
                    RetryPolicy.DEFAULT, Notifier.QUEUE_CAPACITY));
        }
        registry.bind("runReporter", new RunReporter(status, metrics, Clock.systemUTC(), daemon,
                notifier.<List<RunListener>>map(List::of).orElse(List.of())));
        WebhookVerifier webhook = new WebhookVerifier(settings.secret(Setting.WEBHOOK_SECRET));
        RefusalLog refusals = new RefusalLog(Clock.systemUTC(), Duration.ofSeconds(10));
        if (daemon) {
            webhook.warnIfUnusable();
            // Camel's HTTP servers (camel.server.*, camel.management.*) take this Vert.x: timeouts, cap, guard.
            vertx = GuardedVertx.create(httpLimits, refusals);
            registry.bind("vertx", vertx);
        }
        registry.bind("webhookEndpoint", new WebhookEndpoint(webhook, httpLimits, refusals));
        registry.bind("statusEndpoint", new StatusEndpoint(status, source, rules.mode(), election)
                .withScope(scope).withBudget(graph::budget));
        if (daemon && !election.settings().enabled()) {
            // Camel's health registry picks up HealthCheck beans: readiness waits for the first run, and the overall
            // health (GET /observe/health) follows the source and Graph as the runs see them. Not with sync.ha: a
            // standby never runs, and Camel's Kubernetes election counts only ready pods as members, so readiness
            // waiting for a run would keep every replica from leading (docs/daemon-and-ha.md, High availability).
            registry.bind("firstRunReadiness", new FirstRunReadiness(status));
        }
        if (daemon) {
            registry.bind("syncHealth", new SyncHealthCheck(status, source, Optional.empty(), scope::staleness));
        }
    }

    /**
     * Where connectors as code keeps its state (issue 9 item 1): the state directory of these settings, so a tenant's
     * view (sync.tenants) keeps its own fingerprint key and record of what was sent; {@code file:} secrets are read
     * relative to the agent's working directory, {@code env:} ones from the environment the settings were read from.
     */
    static ConnectorsAsCode connectorsAsCode(Settings settings, SecretScrubber scrubber) {
        return new ConnectorsAsCode(DesiredSources.stateDir(settings), Path.of("").toAbsolutePath(),
                settings.environment(), settings.bool(Setting.CONNECTORS_DELETE), scrubber);
    }
}
