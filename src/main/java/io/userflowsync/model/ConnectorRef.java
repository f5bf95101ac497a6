package io.userflowsync.model;

/**
 * How the desired state names an {@code identityApiConnector}: by its id, by its displayName, or by the key of a
 * connector the desired state manages itself ({@code {connector: key}}); an external tenant's event names a custom
 * authentication extension the same ways, or by the key of one the desired state manages ({@code {extension: key}}).
 */
public sealed interface ConnectorRef {

    /** Human-readable form used in plans and errors. */
    String describe();

    record ById(String id) implements ConnectorRef {
        public String describe() {
            return "id " + id;
        }
    }

    record ByDisplayName(String displayName) implements ConnectorRef {
        public String describe() {
            return "\"" + displayName + "\"";
        }
    }

    /** A connector of the desired state's {@code connectors:} section, by its key. */
    record ByKey(String key) implements ConnectorRef {
        public String describe() {
            return "connector " + key;
        }
    }

    /** A custom authentication extension of the desired state's {@code customExtensions:} section, by its key. */
    record ByExtensionKey(String key) implements ConnectorRef {
        public String describe() {
            return "extension " + key;
        }
    }
}
