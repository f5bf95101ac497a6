package io.userflowsync.model;

/**
 * A {@code customAuthenticationExtension} of an External ID external tenant as far as bindings care: its id,
 * displayName and type, the {@code @odata.type} without {@code #microsoft.graph.} (e.g.
 * {@code onAttributeCollectionSubmitCustomExtension}; resources/customauthenticationextension.md). An event calls only
 * an extension of its own type ({@link Step#extensionType()}). It holds no secret: Graph authenticates to the API with
 * an Entra token for {@code resourceId}.
 */
public record CustomExtension(String id, String displayName, String type) {

    /** The extension as a binding target; plans show it like a connector. */
    public Connector asTarget() {
        return new Connector(id, displayName);
    }

    /** Whether {@code step}, an event, may call this extension. */
    public boolean callableAt(Step step) {
        return step.isEvent() && step.extensionType().equals(type);
    }
}
