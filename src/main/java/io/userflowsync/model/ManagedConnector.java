package io.userflowsync.model;

/**
 * An {@code identityApiConnector} that the desired state manages (its {@code connectors:} section, issue 9 item 1).
 *
 * @param key      the desired state's stable name for it; bindings may name it as {@code {connector: key}}. Graph
 *                 never sees the key: it tells the connector apart from the others even when its displayName changes
 * @param location where the key is written
 */
public record ManagedConnector(String key, String displayName, String targetUrl,
                               ConnectorAuthentication authentication, SourceLocation location) {
}
