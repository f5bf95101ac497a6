package io.userflowsync.notify;

import io.micrometer.core.instrument.MeterRegistry;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.run.RunListener;
import io.userflowsync.run.SyncRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The daemon's notifications (issue 8, item 3), a reporter like the log and the metrics: told of each finished run,
 * it decides on the run's thread, in microseconds, whether the run is news ({@link NotificationRules}), and hands
 * the news to one {@link WebhookSender} per receiver, which renders and sends it on a thread of its own. It reads
 * the run and never changes its result; nothing it does can fail or delay a run.
 */
public final class Notifier implements RunListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Notifier.class);
    /** Per receiver. One run makes at most one notification, so this is many runs' worth of a receiver's silence. */
    public static final int QUEUE_CAPACITY = 16;
    private static final int KEY_LENGTH = 16;

    private final List<WebhookSender> senders;
    /** What is news for the agent's one tenant (without sync.tenants). */
    private final News news = new News(Optional.empty());

    private Notifier(List<WebhookSender> senders) {
        this.senders = senders;
    }

    /**
     * Starts a sender per receiver. Each URL becomes a secret the shared scrubber masks wherever it might show up
     * (whole, and its path and query, where a Slack or Teams webhook keeps its key).
     */
    public static Notifier start(List<NotifyTarget> targets, SecretScrubber scrubber, MeterRegistry meters,
                                 AgentInfo agent, RetryPolicy policy, int queueCapacity) {
        NotificationMetrics metrics = new NotificationMetrics(meters);
        // HTTP/1.1: what every webhook receiver speaks; the JDK's default HTTP/2 would offer an h2c upgrade to plain
        // http:// receivers, which some proxies in front of them refuse.
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(policy.connectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
        String userAgent = agent.name() + "/" + agent.version();
        List<WebhookSender> senders = targets.stream().map(t -> {
            remember(scrubber, t.uri());
            return new WebhookSender(t, http, policy, metrics, scrubber,
                    event -> NotificationPayload.bytes(t.format(), event, agent, scrubber), userAgent, queueCapacity);
        }).toList();
        LOG.info("Notifications go to {}", targets.stream().map(NotifyTarget::describe)
                .collect(Collectors.joining(", ")));
        return new Notifier(senders);
    }

    private static void remember(SecretScrubber scrubber, URI uri) {
        scrubber.remember(uri.toString());
        String path = Optional.ofNullable(uri.getRawPath()).orElse("");
        Optional<String> query = Optional.ofNullable(uri.getRawQuery());
        scrubber.remember(path + query.map(q -> "?" + q).orElse(""));
        query.ifPresent(scrubber::remember);
        // The key on its own: a Slack URL's last path segment (24 characters), a Workflows URL's sig parameter.
        // Shorter pieces (team and channel ids, api-version=2016-06-01) are no key, and masking them would mangle text.
        for (String piece : (path + "&" + query.orElse("")).split("[/&=]")) {
            if (piece.length() >= KEY_LENGTH) {
                scrubber.remember(piece);
            }
        }
    }

    @Override
    public void finished(SyncRun run, Instant finishedAt) {
        news.finished(run, finishedAt);
    }

    /**
     * A tenant's listener (sync.tenants, issue 9 item 3): what is news is decided from that tenant's own runs (one
     * memory for all made a tenant in sync announce a recovery after another tenant's failure), and every message
     * names the tenant. The receivers and their queues are shared.
     */
    public RunListener forTenant(String tenant) {
        return new News(Optional.of(tenant));
    }

    /** Decides from one tenant's runs what is news, and sends it to every receiver. */
    private final class News implements RunListener {
        private final Optional<String> tenant;
        private NotificationRules.Memory memory = NotificationRules.Memory.initial();   // guarded by this

        News(Optional<String> tenant) {
            this.tenant = tenant;
        }

        @Override
        public void finished(SyncRun run, Instant finishedAt) {
            Optional<RunEvent> event;
            synchronized (this) {
                NotificationRules.Decision decision = NotificationRules.decide(run, finishedAt, memory);
                memory = decision.memory();
                event = decision.event().map(e -> tenant.map(e::forTenant).orElse(e));
            }
            event.ifPresent(e -> senders.forEach(s -> s.submit(e)));
        }
    }

    @Override
    public void close() {
        senders.forEach(WebhookSender::close);
    }
}
