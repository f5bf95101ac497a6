package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Optional;

/**
 * How an External ID external tenant's sign-up flow ({@code externalUsersSelfServiceSignUpEventsFlow}) is read and
 * its attribute-collection events bound, under beta (microsoftgraph/microsoft-graph-docs-contrib):
 * <ul>
 *   <li>read: {@code GET /identity/authenticationEventsFlows/{id}} (authenticationeventsflow-get.md); an event is
 *       {@code null} when it calls nothing, else a handler whose {@code @odata.type} says whether it calls a custom
 *       extension ({@code onAttributeCollectionSubmitCustomExtensionHandler}); which one is its {@code customExtension}
 *       relationship (resources/onattributecollectionsubmitcustomextensionhandler.md), read when the flow's answer
 *       does not carry it inline with {@code GET .../{event}/microsoft.graph.{handler}/customExtension};</li>
 *   <li>bind and rebind: {@code PUT .../microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/{event}/
 *       microsoft.graph.{handler}/customExtension/$ref} with the extension's {@code @odata.id}, as Microsoft's External
 *       ID training documents it (Graph's changelog of February 2025 says these calls were replaced by
 *       {@code PATCH /identity/customAuthenticationExtensions/{id}}: the verifying re-read tells which one a tenant
 *       honours);</li>
 *   <li>unbind: no page documents it; {@code PATCH /identity/authenticationEventsFlows/{id}} setting the event to
 *       {@code null}, with the {@code @odata.type} authenticationeventsflow-update.md requires, and the re-read says
 *       whether it took.</li>
 * </ul>
 */
final class EventsFlowRequests {
    static final String FLOW_TYPE = "microsoft.graph.externalUsersSelfServiceSignUpEventsFlow";
    private static final String ODATA_TYPE = "@odata.type";

    private EventsFlowRequests() {
    }

    /** {@code /identity/authenticationEventsFlows/{id}}, relative to the version. */
    static String flowPath(String flowId) {
        return "/identity/" + UserFlowKind.EXTERNAL.collection() + "/" + segment(flowId);
    }

    /** {@code .../{event}/microsoft.graph.{handler}/customExtension}: the extension the event calls. */
    static String extensionPath(String flowId, Step event) {
        return flowPath(flowId) + "/" + FLOW_TYPE + "/" + event.graphName() + "/microsoft.graph." + event.handlerType()
                + "/customExtension";
    }

    /** What the flow's answer says of one event. */
    sealed interface EventState {
    }

    /** The event calls no custom extension (null, or a handler of another kind). */
    record Unbound() implements EventState {
    }

    /** The event calls this extension, read inline. */
    record Bound(Connector extension) implements EventState {
    }

    /** The event calls a custom extension the answer does not name: read its relationship. */
    record ReadRelationship() implements EventState {
    }

    static EventState eventState(JsonNode flow, Step event) {
        JsonNode handler = flow.get(event.graphName());
        if (handler == null || !handler.isObject()) {
            return new Unbound();
        }
        if (!("#microsoft.graph." + event.handlerType()).equals(handler.path(ODATA_TYPE).asText())) {
            return new Unbound();
        }
        return extension(handler.get("customExtension")).<EventState>map(Bound::new)
                .orElseGet(ReadRelationship::new);
    }

    /** An extension's JSON as a binding target; empty when it carries no id. */
    static Optional<Connector> extension(JsonNode node) {
        if (node == null || !node.isObject() || !node.hasNonNull("id")) {
            return Optional.empty();
        }
        return Optional.of(new Connector(node.get("id").asText(), node.path("displayName").asText()));
    }

    /**
     * An extension of the listing with what extensions as code compares (resources/customauthenticationextension.md:
     * {@code endpointConfiguration} an {@code httpRequestEndpoint}, {@code authenticationConfiguration} an
     * {@code azureAdTokenAuthentication}, {@code clientConfiguration} nullable numbers).
     */
    static CustomExtension listed(JsonNode item) {
        JsonNode endpoint = item.path("endpointConfiguration");
        JsonNode authentication = item.path("authenticationConfiguration");
        JsonNode client = item.path("clientConfiguration");
        return new CustomExtension(item.path("id").asText(), item.path("displayName").asText(), typeOf(item),
                new CustomExtension.Details(text(item, "description"), text(endpoint, "targetUrl"),
                        text(authentication, "resourceId"), number(client, "timeoutInMilliseconds"),
                        number(client, "maximumRetries")));
    }

    /**
     * The body of a create ({@code POST /identity/customAuthenticationExtensions},
     * identitycontainer-post-customauthenticationextensions.md) or of an update that sends {@code fields}
     * ({@code PATCH .../{id}}, customauthenticationextension-update.md, which requires {@code @odata.type}). The
     * client configuration is sent whole when either of its numbers changes.
     */
    static ObjectNode extensionBody(ManagedExtension extension, Collection<String> fields, boolean create) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put(ODATA_TYPE, "#microsoft.graph." + extension.type());
        if (create || fields.contains("displayName")) {
            body.put("displayName", extension.displayName());
        }
        if ((create || fields.contains("description")) && extension.description().isPresent()) {
            body.put("description", extension.description().get());
        }
        if (create || fields.contains("targetUrl")) {
            body.putObject("endpointConfiguration").put(ODATA_TYPE, "#microsoft.graph.httpRequestEndpoint")
                    .put("targetUrl", extension.targetUrl());
        }
        if (create || fields.contains("resourceId")) {
            body.putObject("authenticationConfiguration")
                    .put(ODATA_TYPE, "#microsoft.graph.azureAdTokenAuthentication")
                    .put("resourceId", extension.resourceId());
        }
        boolean client = extension.timeoutMillis().isPresent() || extension.maximumRetries().isPresent();
        if (client && (create || fields.contains("timeoutInMilliseconds") || fields.contains("maximumRetries"))) {
            ObjectNode configuration = body.putObject("clientConfiguration");
            extension.timeoutMillis().ifPresent(t -> configuration.put("timeoutInMilliseconds", t));
            extension.maximumRetries().ifPresent(r -> configuration.put("maximumRetries", r));
        }
        return body;
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isTextual() ? Optional.empty() : Optional.of(value.asText());
    }

    private static Optional<Integer> number(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || !value.isIntegralNumber() ? Optional.empty() : Optional.of(value.asInt());
    }

    /** The {@code @odata.type} of an extension without its namespace: {@code onAttributeCollectionSubmitCustomExtension}. */
    static String typeOf(JsonNode extension) {
        return extension.path(ODATA_TYPE).asText("").replaceFirst("^#?microsoft\\.graph\\.", "");
    }

    static String refPath(String flowId, Step event) {
        return extensionPath(flowId, event) + "/$ref";
    }

    static ObjectNode refBody(String graph, String extensionId) {
        return GraphCaller.JSON.createObjectNode().put("@odata.id", graph + "/" + UserFlowKind.EXTERNAL.apiVersion()
                + "/identity/customAuthenticationExtensions/" + segment(extensionId));
    }

    static ObjectNode unbindBody(Step event) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put(ODATA_TYPE, "#" + FLOW_TYPE);
        body.putNull(event.graphName());
        return body;
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
