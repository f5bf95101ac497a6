package io.userflowsync.model;

/** How the desired state names an {@code identityApiConnector}: by its id, or by its displayName. */
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
}
