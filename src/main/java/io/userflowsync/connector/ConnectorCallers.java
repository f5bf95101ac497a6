package io.userflowsync.connector;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which flow steps call each connector, as read from the tenant. A connector is deleted only when no flow calls it
 * (issue 9, item 1), and only a read of every flow can say that: {@code complete} is false when some flow was not
 * read, and then no deletion is planned.
 *
 * @param byConnectorId lower-case connector id → {@code B2X_1_x postAttributeCollection} entries
 */
public record ConnectorCallers(Map<String, List<String>> byConnectorId, boolean complete) {
    public ConnectorCallers {
        byConnectorId = Map.copyOf(byConnectorId);
    }

    public List<String> of(String connectorId) {
        return Optional.ofNullable(byConnectorId.get(Ids.key(connectorId))).orElse(List.of());
    }
}
