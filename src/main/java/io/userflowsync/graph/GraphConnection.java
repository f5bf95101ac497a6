package io.userflowsync.graph;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the Graph client from settings: where Graph and the authority are, which app, how patient to be. */
public final class GraphConnection {
    private static final Logger LOG = LoggerFactory.getLogger(GraphConnection.class);
    private static final AtomicBoolean WARNED_DEPRECATED = new AtomicBoolean();

    private GraphConnection() {
    }

    /** A client that masks the secret settings in whatever it prints, and reports its requests to nobody. */
    public static GraphClient open(CamelContext camel, Settings settings) {
        return open(camel, settings, SecretScrubber.of(settings), GraphObserver.NONE);
    }

    /**
     * A client that masks every secret {@code scrubber} knows (and the client secret, client assertions, federated
     * tokens and access tokens, which it adds) in the text of answers, and tells {@code observer} about each request.
     * The credential is the one the settings choose ({@link CredentialKind}); it is logged once, never its material.
     */
    public static GraphClient open(CamelContext camel, Settings settings, SecretScrubber scrubber,
                                   GraphObserver observer) {
        return open(camel, settings, scrubber, observer, false);
    }

    /**
     * As {@link #open(CamelContext, Settings, SecretScrubber, GraphObserver)}, paced for the process it runs in. The
     * client spends the app's quota as a budget ({@link RequestGate}): at most {@code graph.quota-per-minute}
     * requests in any sliding minute, each request inside a {@code $batch} counted on its own, as Graph counts them
     * (200 a minute per app per tenant, 300 for all apps of the tenant: includes/throttling-cpim.md in
     * concepts/throttling-limits.md; concepts/json-batching.md), of which {@link Traffic#SCAN} runs spend at most
     * {@code sync.scan-per-minute}.
     *
     * @param oneShot {@code false} for the daemon, which paces at the whole quota; {@code true} for a one-off command
     *                ({@code plan}, {@code apply}), which paces at the quota less {@code sync.scan-per-minute} (200 − 60
     *                = 140 by default), because a daemon with the same app registration may be scanning beside it:
     *                together they stay within the app's 200 and neither is answered 429 for the other's requests
     * @throws SettingsException when the budget settings are out of range ({@link #scanPerMinute(Settings)})
     */
    public static GraphClient open(CamelContext camel, Settings settings, SecretScrubber scrubber,
                                   GraphObserver observer, boolean oneShot) {
        // Before the transport makes its first endpoint: the https component's connection pool takes it then.
        settings.optional(Setting.GRAPH_CA_FILE).ifPresent(ca -> ExtraTrust.apply(camel, Path.of(ca)));
        int concurrency = atLeast(settings, Setting.GRAPH_MAX_CONCURRENCY, 1);
        int quota = quotaPerMinute(settings);
        int scan = scanPerMinute(settings);
        int top = oneShot ? RequestGate.oneShotTop(quota, scan) : quota;
        CamelHttpTransport http = new CamelHttpTransport(camel,
                Duration.ofSeconds(settings.integer(Setting.GRAPH_CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_RESPONSE_TIMEOUT_SECONDS)), concurrency + 1);
        RetryPolicy retry = RetryPolicy.of(settings.integer(Setting.GRAPH_MAX_ATTEMPTS),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_MAX_RETRY_AFTER_SECONDS)));
        String graph = settings.required(Setting.GRAPH_ENDPOINT);
        GraphErrors errors = new GraphErrors(scrubber);
        // The token endpoint is another service with limits of its own: its 429s do not hold back Graph requests.
        RequestGate tokenGate = new RequestGate(1, 0, waited -> { }, "The token endpoint");
        Credential credential = Credentials.open(settings,
                new RetryingSender(http, retry, errors, (method, status, elapsed) -> observer.tokenRequest(status, elapsed),
                        tokenGate),
                scrubber, Clock.systemUTC());
        RequestGate gate = new RequestGate(concurrency, quota, top, scan, meter(observer), "Graph",
                System::nanoTime);
        RetryingSender graphSender = new RetryingSender(http, retry, errors, observer::graphRequest, gate);
        GraphCaller caller = new GraphCaller(graphSender, credential);
        JsonBatchSender batches = new JsonBatchSender(caller, graph, retry, gate, batchThreads(concurrency),
                observer::batchedRequest);
        // The directory audit log is metered as Entra reports, not with the identity resources: about 5 requests per
        // 10 s per app and tenant (includes/throttling-entra-logs-reports.md). Its requests neither spend the
        // identity budget above nor wait for it (a poll for portal changes must not queue behind a scan's share);
        // they keep to 30 a minute, one at a time, and a 429 there holds back only them.
        RequestGate reportsGate = new RequestGate(1, REPORTS_PER_MINUTE, observer::throttleWait,
                "Graph's audit log");
        GraphCaller reports = new GraphCaller(new RetryingSender(http, retry, errors, observer::graphRequest,
                reportsGate), credential);
        return new GraphClient(caller, reports, graph, batches, gate, observer);
    }

    /** Graph's reports limit, about 5 requests per 10 s per app and tenant, as a minute's. */
    static final int REPORTS_PER_MINUTE = 30;

    /**
     * {@code graph.quota-per-minute}, 0 or more (0: no pacing). Its deprecated predecessor
     * {@code graph.max-requests-per-minute} still counts: when it is changed from the published 200 and
     * {@code graph.quota-per-minute} is not, it is used (and a warning says to rename it).
     */
    public static int quotaPerMinute(Settings settings) {
        int quota = atLeast(settings, Setting.GRAPH_QUOTA_PER_MINUTE, 0);
        int old = atLeast(settings, Setting.GRAPH_MAX_REQUESTS_PER_MINUTE, 0);
        int published = Integer.parseInt(Setting.GRAPH_QUOTA_PER_MINUTE.defaultValue());
        if (quota == published && old != Integer.parseInt(Setting.GRAPH_MAX_REQUESTS_PER_MINUTE.defaultValue())) {
            if (WARNED_DEPRECATED.compareAndSet(false, true)) {
                LOG.warn("Setting {} is deprecated: set {} instead (it is used now, {} a minute)",
                        Setting.GRAPH_MAX_REQUESTS_PER_MINUTE.key(), Setting.GRAPH_QUOTA_PER_MINUTE.key(), old);
            }
            return old;
        }
        return quota;
    }

    /**
     * {@code sync.scan-per-minute}: 1 or more, and no more than the quota ({@link #quotaPerMinute(Settings)}), unless
     * the quota is 0 (no pacing, so nothing to share).
     */
    public static int scanPerMinute(Settings settings) {
        int scan = atLeast(settings, Setting.SCAN_PER_MINUTE, 1);
        int quota = quotaPerMinute(settings);
        if (quota > 0 && scan > quota) {
            throw new SettingsException("setting " + Setting.SCAN_PER_MINUTE.key() + " (" + scan + ") must not be more"
                    + " than " + Setting.GRAPH_QUOTA_PER_MINUTE.key() + " (" + quota + "): the drift scan's share"
                    + " cannot be larger than the whole budget; lower " + Setting.SCAN_PER_MINUTE.key()
                    + ", or raise " + Setting.GRAPH_QUOTA_PER_MINUTE.key() + " (0: no pacing)");
        }
        return scan;
    }

    /** The gate tells the observer what it holds back, lets go and sees refused. */
    private static RequestGate.Observer meter(GraphObserver observer) {
        return new RequestGate.Observer() {
            @Override
            public void heldBack(Duration waited) {
                observer.throttleWait(waited);
            }

            @Override
            public void spent(Traffic traffic, int items) {
                observer.budgetSpent(traffic, items);
            }

            @Override
            public void refused(Traffic traffic, int items) {
                observer.budgetRefused(traffic, items);
            }
        };
    }

    private static int atLeast(Settings settings, Setting setting, int least) {
        int value = settings.integer(setting);
        if (value < least) {
            throw new SettingsException("setting " + setting.key() + " must be " + least + " or more, got " + value);
        }
        return value;
    }

    /**
     * The threads that send the batches of one round side by side: as many as may be in flight; idle ones end, so
     * a client that is not used holds none. Daemon threads: they never keep a one-off command's JVM alive.
     */
    private static ExecutorService batchThreads(int concurrency) {
        AtomicInteger count = new AtomicInteger();
        ThreadPoolExecutor pool = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(runnable, "graph-batch-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }
}
