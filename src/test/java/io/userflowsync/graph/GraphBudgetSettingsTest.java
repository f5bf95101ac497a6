package io.userflowsync.graph;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The budget's settings: {@code graph.quota-per-minute} (Graph's published 200 a minute per app, includes/
 * throttling-cpim.md), its deprecated old name, and {@code sync.scan-per-minute}, which is a share of it.
 */
class GraphBudgetSettingsTest {

    private static Settings settings(Map<String, String> overrides) {
        return Settings.resolve(overrides, Map.of(), new Properties());
    }

    @Test
    void theDefaultsAreGraphsPublishedQuotaAndAScanShareOf60() {
        assertThat(GraphConnection.quotaPerMinute(settings(Map.of()))).isEqualTo(200);
        assertThat(GraphConnection.scanPerMinute(settings(Map.of()))).isEqualTo(60);
    }

    @Test
    void theOldNameStillSetsTheQuotaUnlessTheNewOneIsSetToo() {
        assertThat(GraphConnection.quotaPerMinute(settings(Map.of("graph.quota-per-minute", "150")))).isEqualTo(150);
        assertThat(GraphConnection.quotaPerMinute(settings(Map.of("graph.max-requests-per-minute", "0"))))
                .isZero();
        assertThat(GraphConnection.quotaPerMinute(settings(Map.of("graph.max-requests-per-minute", "120",
                "graph.quota-per-minute", "150")))).isEqualTo(150);
    }

    @Test
    void aScanShareLargerThanTheQuotaIsRefusedNamingBothSettingsUnlessThereIsNoPacing() {
        assertThatThrownBy(() -> GraphConnection.scanPerMinute(settings(Map.of("graph.quota-per-minute", "50"))))
                .isInstanceOf(SettingsException.class)
                .hasMessageContaining("sync.scan-per-minute (60)")
                .hasMessageContaining("graph.quota-per-minute (50)");
        assertThat(GraphConnection.scanPerMinute(settings(Map.of("graph.quota-per-minute", "60")))).isEqualTo(60);
        assertThat(GraphConnection.scanPerMinute(settings(Map.of("graph.quota-per-minute", "0",
                "sync.scan-per-minute", "500")))).isEqualTo(500);
        assertThatThrownBy(() -> GraphConnection.scanPerMinute(settings(Map.of("sync.scan-per-minute", "0"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("sync.scan-per-minute");
        assertThatThrownBy(() -> GraphConnection.quotaPerMinute(settings(Map.of("graph.quota-per-minute", "-1"))))
                .isInstanceOf(SettingsException.class).hasMessageContaining("graph.quota-per-minute");
    }
}
