package io.userflowsync.model;

/** An {@code identityApiConnector} as far as bindings care: its id and displayName (never its secrets). */
public record Connector(String id, String displayName) {
    /** {@code "Check partner domain" (5e1c3f0a-...)} */
    public String describe() {
        return "\"" + displayName + "\" (" + id + ")";
    }
}
