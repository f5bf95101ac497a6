package io.userflowsync.pipeline;

import io.userflowsync.run.RunMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.apply.Applier;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.plan.Policy;
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
import io.userflowsync.trigger.WebhookEndpoint;
import io.userflowsync.trigger.WebhookVerifier;
import io.vertx.core.Vertx;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The agent inside Camel Main: binds the pipeline's beans, loads the routes, and either runs once (plan, apply) or
 * stays up as the daemon whose Quartz route reconciles on the schedule.
 */
public final class AgentRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);
    private final Main main;
    private final RunStatus status = new RunStatus(Clock.systemUTC());
    private DesiredSource source;
    private final HttpLimits httpLimits;
    private Vertx vertx;

    private AgentRuntime(Settings settings, Optional<Path> configFile, boolean daemon) {
        this.main = new Main();
        this.httpLimits = HttpLimits.from(settings);
        main.setDefaultPropertyPlaceholderLocation("classpath:config/application.properties;optional=true"
                + configFile.map(f -> ",file:" + f.toAbsolutePath() + ";optional=true").orElse(""));
        main.addOverrideProperty("sync.schedule", settings.required(Setting.SCHEDULE));
        main.addOverrideProperty("sync.daemon", Boolean.toString(daemon));
        main.addOverrideProperty("sync.webhook.debounce-ms", Integer.toString(settings.integer(Setting.WEBHOOK_DEBOUNCE_MS)));
        // The embedded HTTP server (webhook, status) runs only in the daemon.
        main.addOverrideProperty("camel.server.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.server.port", settings.required(Setting.HTTP_PORT));
        main.addOverrideProperty("camel.server.host", settings.required(Setting.HTTP_HOST));
        // Bodies: capped for any route that lets Vert.x read them, and never written to disk as uploads.
        main.addOverrideProperty("camel.server.maxBodySize", Long.toString(httpLimits.maxBodyBytes()));
        main.addOverrideProperty("camel.server.fileUploadEnabled", "false");
        // Prometheus metrics and health on Camel's management server, also only in the daemon.
        main.addOverrideProperty("camel.metrics.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.metricsEnabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.healthCheckEnabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.health.enabled", Boolean.toString(daemon));
        main.addOverrideProperty("camel.management.port", settings.required(Setting.MANAGEMENT_PORT));
        main.addOverrideProperty("camel.management.host", settings.required(Setting.HTTP_HOST));
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterStart(BaseMainSupport m) {
                if (daemon) {
                    LOG.info("Daemon started: reconciling on cron '{}' and on POST /hooks/git, status at GET /status"
                                    + " (port {}); policy {}", settings.required(Setting.SCHEDULE),
                            settings.required(Setting.HTTP_PORT), settings.required(Setting.POLICY));
                }
            }

            @Override
            public void beforeConfigure(BaseMainSupport m) {
                source = DesiredSources.from(settings);
                bindPipeline(m.getCamelContext(), settings, source, daemon);
            }
        });
    }

    /** Starts Camel for one-off runs (plan, apply): the scheduled route stays stopped. */
    public static AgentRuntime startOnce(Settings settings, Optional<Path> configFile) throws Exception {
        AgentRuntime runtime = new AgentRuntime(settings, configFile, false);
        runtime.main.start();
        return runtime;
    }

    /** Runs the daemon until the JVM is asked to stop. */
    public static void runDaemon(Settings settings, Optional<Path> configFile) throws Exception {
        try (AgentRuntime runtime = new AgentRuntime(settings, configFile, true)) {
            runtime.main.run();
        }
    }

    /** The daemon, started and stopped by its caller instead of by JVM signals (for embedding it). */
    public static AgentRuntime startDaemon(Settings settings, Optional<Path> configFile) throws Exception {
        AgentRuntime runtime = new AgentRuntime(settings, configFile, true);
        runtime.main.start();
        return runtime;
    }

    public SyncRun runOnce(RunMode mode) {
        try (ProducerTemplate template = camel().createProducerTemplate()) {
            return template.requestBodyAndHeader("direct:reconcile", null, "syncMode", mode.name(), SyncRun.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public RunStatus status() {
        return status;
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
        if (vertx != null) {
            GuardedVertx.close(vertx);
        }
        if (source != null) {
            source.close();
        }
    }

    private void bindPipeline(CamelContext camel, Settings settings, DesiredSource source, boolean daemon) {
        GraphClient graph = GraphConnection.open(camel, settings);
        var registry = camel.getRegistry();
        registry.bind("desiredStage", new DesiredStage(source));
        registry.bind("liveStage", new LiveStage(graph));
        registry.bind("planStage", new PlanStage(Policy.parse(settings.required(Setting.POLICY))));
        registry.bind("applyStage", new ApplyStage(new Applier(graph)));
        // Camel's Prometheus support serves the registry bound as "metricsRegistry"; one-off runs keep theirs private.
        MeterRegistry meters = daemon ? new PrometheusMeterRegistry(PrometheusConfig.DEFAULT) : new SimpleMeterRegistry();
        registry.bind("metricsRegistry", meters);
        registry.bind("runReporter", new RunReporter(status, new SyncMetrics(meters), Clock.systemUTC()));
        WebhookVerifier webhook = new WebhookVerifier(settings.secret(Setting.WEBHOOK_SECRET));
        RefusalLog refusals = new RefusalLog(Clock.systemUTC(), Duration.ofSeconds(10));
        if (daemon) {
            webhook.warnIfUnusable();
            // Camel's HTTP servers (camel.server.*, camel.management.*) take this Vert.x: timeouts, cap, guard.
            vertx = GuardedVertx.create(httpLimits, refusals);
            registry.bind("vertx", vertx);
        }
        registry.bind("webhookEndpoint", new WebhookEndpoint(webhook, httpLimits, refusals));
        registry.bind("statusEndpoint", new StatusEndpoint(status, source));
    }

}
