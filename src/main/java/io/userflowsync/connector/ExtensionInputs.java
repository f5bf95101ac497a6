package io.userflowsync.connector;

import io.userflowsync.model.GraphError;

import java.util.Map;
import java.util.Optional;

/**
 * What the extension planner needs besides the desired state and the listed extensions, read only when the desired
 * state has a {@code customExtensions:} section: the extension id the agent recorded for each key, and why the
 * listing failed, if it did.
 */
public record ExtensionInputs(Map<String, String> recordedIds, Optional<GraphError> listingFailed) {
    public ExtensionInputs {
        recordedIds = Map.copyOf(recordedIds);
    }
}
