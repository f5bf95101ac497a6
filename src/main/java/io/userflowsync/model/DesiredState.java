package io.userflowsync.model;

import java.util.List;
import java.util.Optional;

/**
 * The validated desired state: flows sorted by id, and where it was read from.
 *
 * @param suspendedAt where the desired state says {@code suspend: true} (the first file that does, in a folder):
 *                    while it does, the agent writes nothing (issue 8, item 2)
 * @param connectors  the connectors the desired state manages itself, sorted by key (issue 9, item 1); empty when
 *                    it has no {@code connectors:} section
 * @param extensions  the custom authentication extensions it manages itself, sorted by key; empty without a
 *                    {@code customExtensions:} section
 */
public record DesiredState(List<DesiredFlow> flows, SourceRevision source, Optional<SourceLocation> suspendedAt,
                           List<ManagedConnector> connectors, List<ManagedExtension> extensions) {
    public DesiredState {
        flows = List.copyOf(flows);
        connectors = List.copyOf(connectors);
        extensions = List.copyOf(extensions);
    }

    /** A desired state that manages no custom authentication extension. */
    public DesiredState(List<DesiredFlow> flows, SourceRevision source, Optional<SourceLocation> suspendedAt,
                        List<ManagedConnector> connectors) {
        this(flows, source, suspendedAt, connectors, List.of());
    }

    /** A desired state that manages no connector. */
    public DesiredState(List<DesiredFlow> flows, SourceRevision source, Optional<SourceLocation> suspendedAt) {
        this(flows, source, suspendedAt, List.of());
    }

    /** The managed connector with this key. */
    public Optional<ManagedConnector> connector(String key) {
        return connectors.stream().filter(c -> c.key().equals(key)).findFirst();
    }

    /** The managed custom authentication extension with this key. */
    public Optional<ManagedExtension> extension(String key) {
        return extensions.stream().filter(e -> e.key().equals(key)).findFirst();
    }

    /** A desired state that does not suspend writes. */
    public DesiredState(List<DesiredFlow> flows, SourceRevision source) {
        this(flows, source, Optional.empty());
    }
}
