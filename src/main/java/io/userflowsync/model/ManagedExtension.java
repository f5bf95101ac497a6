package io.userflowsync.model;

import java.util.Optional;

/**
 * A {@code customAuthenticationExtension} of an External ID external tenant that the desired state manages itself
 * (its {@code customExtensions:} section): what Graph's create call takes (beta,
 * identitycontainer-post-customauthenticationextensions.md in microsoftgraph/microsoft-graph-docs-contrib). It holds
 * no secret: Graph calls {@code targetUrl} with an Entra token for {@code resourceId}
 * (resources/azureadtokenauthentication.md).
 *
 * @param key            the desired state's stable name for it; an event names it as {@code {extension: key}}
 * @param event          the event it serves ({@link Step#isEvent()}): its type is that event's
 *                       {@link Step#extensionType()}, which Graph never changes on an existing extension
 * @param description    absent: not managed (left as the tenant has it)
 * @param timeoutMillis  {@code clientConfiguration.timeoutInMilliseconds}, 200 to 2000; absent: not managed
 * @param maximumRetries {@code clientConfiguration.maximumRetries}, 0 or 1; absent: not managed
 *                       (resources/customextensionclientconfiguration.md)
 * @param location       where the key is written
 */
public record ManagedExtension(String key, Step event, String displayName, Optional<String> description,
                               String targetUrl, String resourceId, Optional<Integer> timeoutMillis,
                               Optional<Integer> maximumRetries, SourceLocation location) {
    public static final int MIN_TIMEOUT_MILLIS = 200;
    public static final int MAX_TIMEOUT_MILLIS = 2000;
    public static final int MAX_RETRIES = 1;

    public ManagedExtension {
        if (!event.isEvent()) {
            throw new IllegalArgumentException(event + " is not an event");
        }
    }

    /** Graph's type of it, e.g. {@code onAttributeCollectionSubmitCustomExtension}. */
    public String type() {
        return event.extensionType();
    }
}
