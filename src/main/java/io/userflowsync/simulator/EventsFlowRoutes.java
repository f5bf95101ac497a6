package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.simulator.SimulatedTenant.ExtensionView;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An External ID external tenant's sign-up flows and the custom authentication extensions their events call, as
 * Graph's pages describe them (microsoftgraph/microsoft-graph-docs-contrib, beta):
 * <ul>
 *   <li>{@code GET /identity/authenticationEventsFlows[/{id}]} (authenticationeventsflow-list.md, -get.md): each
 *       flow an {@code externalUsersSelfServiceSignUpEventsFlow}; {@code onAttributeCollectionStart} and
 *       {@code onAttributeCollectionSubmit} are {@code null} when unbound, else a handler
 *       ({@code onAttributeCollectionSubmitCustomExtensionHandler}) whose {@code customExtension} is a relationship,
 *       so not in the flow's answer (resources/onattributecollectionsubmitcustomextensionhandler.md);</li>
 *   <li>{@code GET .../microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/{event}/microsoft.graph.{handler}/customExtension}:
 *       the extension, 404 when the event calls none;</li>
 *   <li>{@code PUT .../customExtension/$ref} with {@code @odata.id} (Microsoft's External ID training): 204, 400
 *       for a body without a reference or an extension of another event's type, 404 for an unknown flow or
 *       extension; {@link SimulatedTenant#ignoreExtensionRefWrites} makes it answer 204 and bind nothing (Graph's
 *       changelog of February 2025 says these calls were replaced). {@code DELETE} there answers 405: no page
 *       documents unbinding;</li>
 *   <li>{@code PATCH /identity/authenticationEventsFlows/{id}} (authenticationeventsflow-update.md, which requires
 *       {@code @odata.type}): displayName and description, and an event set to {@code null} unbinds it (the
 *       simulator's reading: the page does not say); a handler object in the body answers 400 (not modelled);</li>
 *   <li>{@code GET /identity/customAuthenticationExtensions[/{id}]} and
 *       {@code POST .../{id}/validateAuthenticationConfiguration} (customauthenticationextension-*.md);</li>
 *   <li>{@code POST /identity/customAuthenticationExtensions} (identitycontainer-post-customauthenticationextensions.md):
 *       201 with the extension as GET shows it, {@code @odata.context} and a {@code Location}; at most
 *       {@value SimulatedTenant#MAX_CUSTOM_EXTENSIONS} per tenant (customauthenticationextension.md; the error Graph
 *       answers past that is undocumented: the simulator's is 400 {@code invalidRequest});</li>
 *   <li>{@code PATCH /identity/customAuthenticationExtensions/{id}} (customauthenticationextension-update.md, which
 *       requires {@code @odata.type}): 204; 404 for an unknown id; 400 when the type is not the extension's (a type
 *       cannot change). Bodies are read by {@link ExtensionWrites}, which says what is refused.</li>
 * </ul>
 * Writes go to beta only. Permissions are {@link RoleCheck}'s; writes are in the audit log as the user flows' are.
 */
final class EventsFlowRoutes {
    static final String FLOWS = "authenticationEventsFlows";
    static final String EXTENSIONS = "customAuthenticationExtensions";
    static final String FLOW_CAST = "microsoft.graph.externalUsersSelfServiceSignUpEventsFlow";
    private static final String FLOW_TYPE = "#" + FLOW_CAST;
    private static final Pattern EXTENSION_REFERENCE =
            Pattern.compile("^(?:.*/)?identity/customAuthenticationExtensions/([^/]+)$");

    private final SimulatedTenant tenant;
    private final GraphDispatcher dispatcher;

    EventsFlowRoutes(SimulatedTenant tenant, GraphDispatcher dispatcher) {
        this.tenant = tenant;
        this.dispatcher = dispatcher;
    }

    SimResponse flows(RequestContext context, GraphRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2) {
            return "GET".equals(method)
                    ? dispatcher.page(context, request, tenant.flowIds(UserFlowKind.EXTERNAL), id -> id,
                    id -> flowJson(id, request))
                    : "POST".equals(method) ? SimResponse.graphError(context, 501, "NotImplemented",
                    "The Graph simulator does not implement creating sign-up flows.")
                    : SimResponse.methodNotAllowed(context, method);
        }
        String flowId = s.get(2).toLowerCase(Locale.ROOT);
        if (s.size() == 3) {
            return switch (method) {
                case "GET" -> tenant.externalFlowName(flowId).<SimResponse>map(name -> {
                    ObjectNode body = dispatcher.context(request, "identity/" + FLOWS + "/$entity");
                    body.setAll(flowJson(flowId, request));
                    return SimResponse.json(200, body);
                }).orElseGet(() -> GraphDispatcher.notFound(context, flowId));
                case "PATCH" -> servesWrites(request) ? patch(context, request, flowId) : betaOnly(context);
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        // .../microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/{event}/microsoft.graph.{handler}/customExtension[/$ref]
        if (!FLOW_CAST.equals(s.get(3)) || s.size() < 5) {
            return SimResponse.segmentNotFound(context, s.get(3));
        }
        Optional<Step> event = Step.fromGraphName(s.get(4)).filter(Step::isFlowEvent);
        if (event.isEmpty()) {
            return SimResponse.segmentNotFound(context, s.get(4));
        }
        if (s.size() < 7 || !("microsoft.graph." + event.get().handlerType()).equals(s.get(5))
                || !"customExtension".equals(s.get(6)) || s.size() > 8
                || s.size() == 8 && !"$ref".equals(s.get(7))) {
            return s.size() >= 6 && s.get(5).startsWith("microsoft.graph.") && s.size() >= 7
                    ? GraphDispatcher.notFound(context, flowId) // a cast the handler is not: nothing there
                    : SimResponse.segmentNotFound(context, s.get(s.size() - 1));
        }
        if (s.size() == 7) {
            return "GET".equals(method) ? boundExtension(context, request, flowId, event.get())
                    : SimResponse.methodNotAllowed(context, method);
        }
        return switch (method) {
            case "PUT" -> servesWrites(request) ? putRef(context, request, flowId, event.get()) : betaOnly(context);
            case "DELETE" -> SimResponse.methodNotAllowed(context, method);
            default -> SimResponse.methodNotAllowed(context, method);
        };
    }

    SimResponse extensions(RequestContext context, GraphRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> dispatcher.page(context, request, tenant.extensions(), ExtensionView::id,
                        this::extensionJson);
                case "POST" -> servesWrites(request) ? createExtension(context, request) : extensionsBetaOnly(context);
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        Optional<ExtensionView> extension = tenant.extension(s.get(2));
        if (s.size() == 3) {
            if ("PATCH".equals(method)) {
                return servesWrites(request) ? updateExtension(context, request, s.get(2))
                        : extensionsBetaOnly(context);
            }
            if (!"GET".equals(method)) {
                return SimResponse.methodNotAllowed(context, method);
            }
            return extension.<SimResponse>map(e -> {
                ObjectNode body = dispatcher.context(request, "identity/" + EXTENSIONS + "/$entity");
                body.setAll(extensionJson(e));
                return SimResponse.json(200, body);
            }).orElseGet(() -> GraphDispatcher.notFound(context, s.get(2)));
        }
        if (s.size() == 4 && "validateAuthenticationConfiguration".equals(s.get(3))) {
            if (!"POST".equals(method)) {
                return SimResponse.methodNotAllowed(context, method);
            }
            return extension.map(e -> SimResponse.json(200, validation(e)))
                    .orElseGet(() -> GraphDispatcher.notFound(context, s.get(2)));
        }
        return SimResponse.segmentNotFound(context, s.get(s.size() - 1));
    }

    private ObjectNode flowJson(String flowId, GraphRequest request) {
        ObjectNode flow = SimResponse.JSON.objectNode();
        flow.put("@odata.type", FLOW_TYPE);
        flow.put("id", flowId);
        flow.put("displayName", tenant.externalFlowName(flowId).orElse(""));
        flow.putNull("description");
        flow.put("priority", 500);
        flow.putObject("conditions").putObject("applications").putArray("includeApplications");
        flow.putObject("onInteractiveAuthFlowStart").put("@odata.type",
                "#microsoft.graph.onInteractiveAuthFlowStartExternalUsersSelfServiceSignUp").put("isSignUpAllowed", true);
        flow.putObject("onAuthenticationMethodLoadStart").put("@odata.type",
                "#microsoft.graph.onAuthenticationMethodLoadStartExternalUsersSelfServiceSignUp");
        flow.putObject("onAttributeCollection").put("@odata.type",
                "#microsoft.graph.onAttributeCollectionExternalUsersSelfServiceSignUp");
        Map<Step, ExtensionView> bound = tenant.boundExtensions(flowId).orElse(Map.of());
        for (Step event : UserFlowKind.EXTERNAL.steps()) {
            if (bound.containsKey(event)) {
                ObjectNode handler = flow.putObject(event.graphName());
                handler.put("@odata.type", "#microsoft.graph." + event.handlerType());
                handler.putNull("configuration");
            } else {
                flow.putNull(event.graphName());
            }
        }
        flow.putObject("onUserCreateStart").put("@odata.type",
                "#microsoft.graph.onUserCreateStartExternalUsersSelfServiceSignUp").put("userTypeToCreate", "member");
        return flow;
    }

    /**
     * An extension as the create page's examples show it. {@code clientConfiguration} is always an object, its numbers
     * {@code null} when unset (the page's example shows both {@code "clientConfiguration": null} and an object; the
     * simulator picks the object, so a client reads the members the same way). {@code behaviorOnError} (a property of
     * the beta resource) is not modelled and always {@code null}, as in the page's first example.
     */
    private ObjectNode extensionJson(ExtensionView e) {
        ObjectNode json = SimResponse.JSON.objectNode();
        json.put("@odata.type", ExtensionWrites.NAMESPACE + e.type());
        json.put("id", e.id());
        json.put("displayName", e.displayName());
        json.put("description", e.description());
        json.putObject("endpointConfiguration").put("@odata.type", ExtensionWrites.HTTP_ENDPOINT)
                .put("targetUrl", e.targetUrl());
        json.putObject("authenticationConfiguration").put("@odata.type", ExtensionWrites.AZURE_AD_TOKEN)
                .put("resourceId", e.resourceId());
        json.putObject("clientConfiguration").put("timeoutInMilliseconds", e.timeoutInMilliseconds())
                .put("maximumRetries", e.maximumRetries());
        json.putNull("behaviorOnError");
        return json;
    }

    /** 201 with the extension; 400/501 for a body {@link ExtensionWrites} refuses, or past the tenant's limit. */
    private SimResponse createExtension(RequestContext context, GraphRequest request) {
        ParsedWrite<ExtensionWrites.ExtensionWrite> parsed = ExtensionWrites.parse(request.body(), true);
        if (parsed.write().isEmpty()) {
            return parsed.refusal(context);
        }
        return tenant.createExtension(parsed.write().get(), context.now()).<SimResponse>map(created -> {
            ObjectNode body = dispatcher.context(request, "identity/" + EXTENSIONS + "/$entity");
            body.setAll(extensionJson(created));
            return SimResponse.json(201, body).withHeader("Location", dispatcher.baseUrl() + "/" + request.version()
                    + "/identity/" + EXTENSIONS + "/" + created.id());
        }).orElseGet(() -> SimResponse.graphError(context, 400, ExtensionWrites.INVALID, "The tenant already has "
                + SimulatedTenant.MAX_CUSTOM_EXTENSIONS + " custom authentication extensions, the most it can have."));
    }

    /**
     * 204. The body is read first (400/501 for what {@link ExtensionWrites} refuses, whatever the id), then the id
     * (404), then the type (400: it must be the extension's own).
     */
    private SimResponse updateExtension(RequestContext context, GraphRequest request, String id) {
        ParsedWrite<ExtensionWrites.ExtensionWrite> parsed = ExtensionWrites.parse(request.body(), false);
        if (parsed.write().isEmpty()) {
            return parsed.refusal(context);
        }
        return switch (tenant.updateExtension(id, parsed.write().get(), context.now())) {
            case DONE -> SimResponse.noContent();
            case NO_SUCH_EXTENSION -> GraphDispatcher.notFound(context, id);
            case WRONG_TYPE -> SimResponse.graphError(context, 400, ExtensionWrites.INVALID, "The '@odata.type' "
                    + ExtensionWrites.NAMESPACE + parsed.write().get().type() + " is not the type of custom "
                    + "authentication extension '" + id + "' (" + ExtensionWrites.NAMESPACE
                    + tenant.extension(id).map(ExtensionView::type).orElse("?") + "); the type cannot change.");
        };
    }

    /** resources/authenticationconfigurationvalidation.md: errors and warnings, each a code and a message. */
    private static ObjectNode validation(ExtensionView e) {
        ObjectNode json = SimResponse.JSON.objectNode();
        json.put("resourceId", e.resourceId());
        var errors = json.putArray("errors");
        if (e.consentMissing()) {
            errors.addObject().put("code", "ServicePrincipalPermissionMissing").put("message", "The service "
                    + "principal of '" + e.resourceId() + "' has not been granted the application permission "
                    + "CustomAuthenticationExtensions.Receive.Payload with admin consent.");
        }
        json.putArray("warnings");
        return json;
    }

    private SimResponse boundExtension(RequestContext context, GraphRequest request, String flowId, Step event) {
        Optional<Map<Step, ExtensionView>> bound = tenant.boundExtensions(flowId);
        if (bound.isEmpty()) {
            return GraphDispatcher.notFound(context, flowId);
        }
        ExtensionView extension = bound.get().get(event);
        if (extension == null) {
            return SimResponse.graphError(context, 404, "ResourceNotFound", "Event '" + event.graphName()
                    + "' of authentication events flow '" + flowId + "' calls no custom extension.");
        }
        ObjectNode body = dispatcher.context(request, "identity/" + EXTENSIONS + "/$entity");
        body.setAll(extensionJson(extension));
        return SimResponse.json(200, body);
    }

    private SimResponse putRef(RequestContext context, GraphRequest request, String flowId, Step event) {
        Optional<JsonNode> body = JsonBodies.object(request.body());
        JsonNode reference = body.map(b -> b.get("@odata.id")).orElse(null);
        if (reference == null || !reference.isTextual()) {
            return SimResponse.badRequest(context, "The request body must contain '@odata.id' with the URL of a "
                    + "customAuthenticationExtension.");
        }
        Optional<String> extensionId = extensionIdOf(reference.asText());
        if (extensionId.isEmpty()) {
            return SimResponse.badRequest(context, "Invalid object identifier '" + reference.asText() + "'. "
                    + "Expected a URL ending in /identity/customAuthenticationExtensions/{id}.");
        }
        return written(context, flowId, event, extensionId, true);
    }

    private SimResponse patch(RequestContext context, GraphRequest request, String flowId) {
        Optional<JsonNode> parsed = JsonBodies.object(request.body());
        if (parsed.isEmpty()) {
            return SimResponse.badRequest(context, "Invalid JSON. A JSON object was expected.");
        }
        JsonNode body = parsed.get();
        if (!FLOW_TYPE.equals(body.path("@odata.type").asText())) {
            return SimResponse.badRequest(context, "The property '@odata.type' is required and must be '"
                    + FLOW_TYPE + "'.");
        }
        if (tenant.externalFlowName(flowId).isEmpty()) {
            return GraphDispatcher.notFound(context, flowId);
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            Optional<Step> event = Step.fromGraphName(name).filter(Step::isFlowEvent);
            if (event.isPresent() && !body.get(name).isNull()) {
                return SimResponse.badRequest(context, "The simulator sets '" + name + "' only to null; bind an "
                        + "extension with PUT .../customExtension/$ref.");
            }
            if (event.isEmpty() && !List.of("@odata.type", "displayName", "description").contains(name)) {
                return SimResponse.badRequest(context, "Could not find a property named '" + name + "' on type '"
                        + FLOW_CAST + "'.");
            }
        }
        for (Step event : UserFlowKind.EXTERNAL.steps()) {
            if (body.has(event.graphName())) {
                SimResponse answer = written(context, flowId, event, Optional.empty(), false);
                if (answer.status() != 204) {
                    return answer;
                }
            }
        }
        return SimResponse.noContent();
    }

    private SimResponse written(RequestContext context, String flowId, Step event, Optional<String> extensionId,
                                boolean viaRef) {
        return switch (tenant.writeEvent(flowId, event, extensionId, context.now(), viaRef)) {
            case DONE, IGNORED -> SimResponse.noContent();
            case NO_SUCH_FLOW -> GraphDispatcher.notFound(context, flowId);
            case NO_SUCH_EXTENSION -> GraphDispatcher.notFound(context, extensionId.orElseThrow());
            case WRONG_TYPE -> SimResponse.badRequest(context, "The custom extension '" + extensionId.orElseThrow()
                    + "' is not a " + event.extensionType() + ", which a " + event.handlerType() + " requires.");
        };
    }

    /** Writes are served under beta only, where binding is documented. */
    private static boolean servesWrites(GraphRequest request) {
        return "beta".equals(request.version());
    }

    private static SimResponse extensionsBetaOnly(RequestContext context) {
        return SimResponse.badRequest(context, "Writing custom authentication extensions is served under beta only "
                + "in this simulator.");
    }

    private static SimResponse betaOnly(RequestContext context) {
        return SimResponse.badRequest(context, "Writing authentication events flows is served under beta only in "
                + "this simulator.");
    }

    /** Any host, as the real service accepts: only the path, which must name an extension, matters. */
    static Optional<String> extensionIdOf(String reference) {
        try {
            String path = new URI(reference).getPath();
            Matcher matcher = path == null ? null : EXTENSION_REFERENCE.matcher(path);
            return matcher != null && matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }
}
