package io.userflowsync.connector;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.model.ManagedConnector;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the agent's connector state lives and where secrets come from (issue 9, item 1). The fingerprint key and
 * {@code connectors-sent.json} are kept in the agent's state directory, the one that holds the last good revision
 * ({@code sync.git.work-dir}), so that whatever separates that per agent (or per tenant) separates these too; a
 * {@code file:} secret is read relative to the agent's working directory, not the repository (the issue: "relative
 * to the agent, not to the repo"), and an {@code env:} secret from the agent's environment.
 *
 * @param stateDir      the agent's state directory
 * @param workingDir    what {@code file:} references are relative to
 * @param environment   what {@code env:} references read
 * @param deleteAllowed {@value ConnectorPlanner#DELETE_SETTING}
 * @param scrubber      the agent's one scrubber: every connector secret read is masked in Graph's answers from then on
 */
public record ConnectorsAsCode(Path stateDir, Path workingDir, Map<String, String> environment,
                               boolean deleteAllowed, SecretScrubber scrubber) {
    public ConnectorsAsCode {
        environment = Map.copyOf(environment);
    }

    public SentRecords records() {
        return new SentRecords(stateDir);
    }

    /** The id each managed custom authentication extension's key became ({@value SentRecords#EXTENSIONS_FILE}). */
    public SentRecords extensionRecords() {
        return new SentRecords(stateDir, SentRecords.EXTENSIONS_FILE);
    }

    /** The key is created on first use (32 random bytes, readable by the agent's user only). */
    public SecretSources secrets() {
        return new SecretSources(environment, workingDir, Fingerprints.in(stateDir), scrubber::remember);
    }

    /** Each managed connector's secret as the planner compares it: a fingerprint or a thumbprint, never the value. */
    public Map<String, SecretState> secretStates(List<ManagedConnector> connectors) {
        Map<String, SecretState> states = new TreeMap<>();
        if (connectors.isEmpty()) {
            return states;
        }
        SecretSources sources = secrets();
        connectors.forEach(c -> states.put(c.key(), sources.state(c)));
        return states;
    }

    public ConnectorApplier applier(GraphClient graph) {
        return new ConnectorApplier(graph, this::secrets, records(), extensionRecords());
    }
}
