package io.userflowsync.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.Locale;

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

    public NotificationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Registers the series of a format at 0, so an alert on failures sees 0 rather than no data before the first. */
    void register(NotifyFormat format) {
        for (Outcome outcome : Outcome.values()) {
            counter(format, outcome);
        }
    }

    void count(NotifyFormat format, Outcome outcome) {
        counter(format, outcome).increment();
    }

    private Counter counter(NotifyFormat format, Outcome outcome) {
        return Counter.builder("userflow.sync.notifications")
                .description("Notifications by receiver format and outcome (sent, failed, dropped)")
                .tag("format", format.label()).tag("outcome", outcome.label()).register(registry);
    }
}
