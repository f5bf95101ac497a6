package io.userflowsync.connector;

import io.userflowsync.model.LiveConnector;

import java.util.List;
import java.util.Map;

/**
 * What the connector planner needs besides the desired state, as the live stage read it for one run (issue 9,
 * item 1): the tenant's connectors with their details, what the agent last sent (from its state directory), the state
 * of each managed connector's secret (read from its source; never the secret itself), which flows call which
 * connector, and whether {@value ConnectorPlanner#DELETE_SETTING} is on. Read only when the desired state has a
 * {@code connectors:} section or the agent has a record of connectors it managed (a deletion candidate).
 */
public record ConnectorInputs(List<LiveConnector> live, Map<String, SentRecord> sent,
                              Map<String, SecretState> secrets, ConnectorCallers callers, boolean deleteAllowed) {
    public ConnectorInputs {
        live = List.copyOf(live);
        sent = Map.copyOf(sent);
        secrets = Map.copyOf(secrets);
    }
}
