package io.userflowsync.trigger;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HttpLimitsTest {

    @Test
    void theDefaultsAreATenSecondTimeout64ConnectionsAndOneMebibyte() {
        assertThat(HttpLimits.from(Settings.resolve(Map.of(), Map.of(), new Properties())))
                .isEqualTo(new HttpLimits(Duration.ofSeconds(10), 64, 1024 * 1024));
    }

    @ParameterizedTest
    @CsvSource({"sync.http.request-timeout-seconds, 0, at least 1", "sync.http.max-connections, -3, at least 1",
            "sync.webhook.max-body-bytes, -1, at least 0", "sync.http.max-connections, many, whole number"})
    void aLimitOutOfRangeIsRefusedByName(String key, String value, String reason) {
        Settings settings = Settings.resolve(Map.of(key, value), Map.of(), new Properties());
        assertThatThrownBy(() -> HttpLimits.from(settings)).isInstanceOf(SettingsException.class)
                .hasMessageContaining(key).hasMessageContaining(reason);
    }
}
