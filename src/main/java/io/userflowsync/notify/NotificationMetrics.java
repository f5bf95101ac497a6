package io.userflowsync.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code userflow_sync_notifications_total{format, outcome}}: each notification once, by receiver format and what
 * became of it: {@code sent} (a 2xx), {@code failed} (refused, or no success within the retries), {@code dropped}
 * (pushed out of a full queue, or still waiting when the agent stopped).
 */
public final class NotificationMetrics {
    public enum Outcome {
        SENT, FAILED, DROPPED;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MeterRegistry registry;
    private final Map<NotifyFormat, Map<Outcome, Counter>> counters = new ConcurrentHashMap<>();

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the series of a format at 0, so an alert on failures sees 0 rather than no data before the first. */
    void register(NotifyFormat format) {
        counters.computeIfAbsent(format, f -> {
            Map<Outcome, Counter> byOutcome = new EnumMap<>(Outcome.class);
            for (Outcome outcome : Outcome.values()) {
                byOutcome.put(outcome, counter(f, outcome));
            }
            return byOutcome;
        });
    }

    void count(NotifyFormat format, Outcome outcome) {
        register(format);
        counters.get(format).get(outcome).increment();
    }

    private Counter counter(NotifyFormat format, Outcome outcome) {
        return Counter.builder("userflow.sync.notifications")
                .description("Notifications by receiver format and outcome (sent, failed, dropped)")
                .tag("format", format.label()).tag("outcome", outcome.label()).register(registry);
    }
}
