package io.userflowsync.model;

/** An {@code identityApiConnector} as far as bindings care: its id and displayName (never its secrets). */
public record Connector(String id, String displayName) {
    /**
     * The id a binding plan carries for a managed connector the same apply creates first (issue 9, item 1): Graph
     * assigns the id on create, so the applier puts the created id in its place before it writes the binding.
     */
    public static final String TO_BE_CREATED = "(to be created)";

    /** A managed connector this run creates; bindings that name it are written after its create. */
    public static Connector toBeCreated(String displayName) {
        return new Connector(TO_BE_CREATED, displayName);
    }

    public boolean isToBeCreated() {
        return TO_BE_CREATED.equals(id);
    }

    /** {@code "Check partner domain" (5e1c3f0a-...)} */
    public String describe() {
        return "\"" + displayName + "\" " + (isToBeCreated() ? id : "(" + id + ")");
    }
}
