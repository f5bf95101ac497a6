package io.userflowsync.model;

import java.util.Optional;

/**
 * A {@code customAuthenticationExtension} of an External ID external tenant: its id, displayName and type, the
 * {@code @odata.type} without {@code #microsoft.graph.} (e.g. {@code onAttributeCollectionSubmitCustomExtension};
 * resources/customauthenticationextension.md), and what extensions as code compares. An event calls only an
 * extension of its own type ({@link Step#extensionType()}). It holds no secret: Graph authenticates to the API with
 * an Entra token for {@code resourceId}.
 *
 * @param details what Graph read back of its endpoint, authentication and client configuration
 */
public record CustomExtension(String id, String displayName, String type, Details details) {

    /**
     * @param targetUrl      {@code endpointConfiguration.targetUrl} of an {@code httpRequestEndpoint}; empty when
     *                       the endpoint is of another kind
     * @param resourceId     {@code authenticationConfiguration.resourceId} of an {@code azureAdTokenAuthentication}
     * @param timeoutMillis  {@code clientConfiguration.timeoutInMilliseconds}; empty when null
     * @param maximumRetries {@code clientConfiguration.maximumRetries}; empty when null
     */
    public record Details(Optional<String> description, Optional<String> targetUrl, Optional<String> resourceId,
                          Optional<Integer> timeoutMillis, Optional<Integer> maximumRetries) {
        public static final Details NONE = new Details(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    /** An extension whose details do not matter (bindings only). */
    public CustomExtension(String id, String displayName, String type) {
        this(id, displayName, type, Details.NONE);
    }

    /** The extension as a binding target; plans show it like a connector. */
    public Connector asTarget() {
        return new Connector(id, displayName);
    }

    /** Whether {@code step}, an event, may call this extension. */
    public boolean callableAt(Step step) {
        return step.isEvent() && step.extensionType().equals(type);
    }
}
