package io.userflowsync.graph;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds the Graph client from settings: where Graph and the authority are, which app, how patient to be. */
public final class GraphConnection {
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
     * @param oneShot a one-off command ({@code plan}, {@code apply}): it paces at {@code graph.max-requests-per-minute}
     *                less {@code sync.scan-per-minute}, leaving a daemon that scans with the same app registration
     *                its scan share, so that the two together stay within the app's quota (200 a minute per app
     *                per tenant, includes/throttling-cpim.md) and neither is answered 429
     */
    public static GraphClient open(CamelContext camel, Settings settings, SecretScrubber scrubber,
                                   GraphObserver observer, boolean oneShot) {
        // Before the transport makes its first endpoint: the https component's connection pool takes it then.
        settings.optional(Setting.GRAPH_CA_FILE).ifPresent(ca -> ExtraTrust.apply(camel, Path.of(ca)));
        int concurrency = atLeast(settings, Setting.GRAPH_MAX_CONCURRENCY, 1);
        int quota = atLeast(settings, Setting.GRAPH_MAX_REQUESTS_PER_MINUTE, 0);
        int perMinute = oneShot && quota > 0
                ? Math.max(1, quota - atLeast(settings, Setting.SCAN_PER_MINUTE, 1)) : quota;
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
        RequestGate gate = new RequestGate(concurrency, perMinute, observer::throttleWait, "Graph");
        RetryingSender graphSender = new RetryingSender(http, retry, errors, observer::graphRequest, gate);
        GraphCaller caller = new GraphCaller(graphSender, credential);
        JsonBatchSender batches = new JsonBatchSender(caller, graph, retry, gate, batchThreads(concurrency),
                observer::batchedRequest);
        return new GraphClient(caller, graph, batches, gate);
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
