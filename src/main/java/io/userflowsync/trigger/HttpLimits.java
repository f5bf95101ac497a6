package io.userflowsync.trigger;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;

import java.time.Duration;

/**
 * What the daemon's HTTP servers (webhook and status on {@code sync.http.port}; metrics and health on
 * {@code sync.management.port}) allow one client: each server applies them on its own.
 *
 * @param requestTimeout  a connection must deliver a complete request (headers and body) this soon after it opens
 *                        or after its previous answer, and nothing may stay silent longer; otherwise it is closed
 * @param maxConnections  open connections per server; past it, the oldest connection without a request being
 *                        answered is dropped to make room (or, when every one is busy, the new one is refused)
 * @param maxBodyBytes    the largest request body any endpoint accepts (413 beyond)
 */
public record HttpLimits(Duration requestTimeout, int maxConnections, long maxBodyBytes) {
    public HttpLimits {
        if (requestTimeout.isNegative() || requestTimeout.isZero() || maxConnections < 1 || maxBodyBytes < 0) {
            throw new IllegalArgumentException("HTTP limits must be positive");
        }
    }

    public static HttpLimits from(Settings settings) {
        return new HttpLimits(Duration.ofSeconds(atLeast(settings, Setting.HTTP_REQUEST_TIMEOUT_SECONDS, 1)),
                atLeast(settings, Setting.HTTP_MAX_CONNECTIONS, 1), atLeast(settings, Setting.WEBHOOK_MAX_BODY_BYTES, 0));
    }

    private static int atLeast(Settings settings, Setting setting, int min) {
        int value = settings.integer(setting);
        if (value < min) {
            throw new SettingsException("setting " + setting.key() + " must be at least " + min + ", got " + value);
        }
        return value;
    }
}
