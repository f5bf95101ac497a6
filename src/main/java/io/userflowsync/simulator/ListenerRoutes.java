package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.simulator.SimulatedTenant.ExtensionView;
import io.userflowsync.simulator.SimulatedTenant.ListenerOutcome;
import io.userflowsync.simulator.SimulatedTenant.ListenerView;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;

/**
 * An External ID external tenant's {@code authenticationEventListeners}: what an application calls at token issuance
 * ({@code onTokenIssuanceStartListener}) and when an email one-time passcode is sent ({@code onEmailOtpSendListener},
 * beta), as microsoftgraph/microsoft-graph-docs-contrib describes them (resources/authenticationeventlistener.md,
 * ontokenissuancestartlistener.md, beta onemailotpsendlistener.md):
 * <ul>
 *   <li>{@code GET /identity/authenticationEventListeners[/{id}]} (identitycontainer-list-authenticationeventlisteners.md,
 *       authenticationeventlistener-get.md): paged as the other collections; each listener with its
 *       {@code @odata.type}, {@code id}, {@code priority}, {@code authenticationEventsFlowId} (always {@code null}:
 *       the simulator's listeners belong to no flow), {@code conditions.applications} ({@code includeAllApplications}
 *       {@code false} and {@code includeApplications[{appId}]}) and {@code handler}: {@code null} when the listener
 *       calls nothing, else {@code {"@odata.type": "#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler"}}
 *       (or {@code onOtpSendCustomExtensionHandler}) with {@code configuration: null} and its
 *       {@code customExtension} inline ({@code @odata.type}, {@code id}, {@code displayName}). The pages do not say
 *       whether {@code customExtension}, a relationship of the handler, comes inline in a listing (the create page's
 *       201 shows it with its id): inlining it is the simulator's reading;</li>
 *   <li>{@code POST /identity/authenticationEventListeners} (api-reference/v1.0/api/identitycontainer-post-authenticationeventlisteners.md):
 *       201 with the listener as GET shows it, {@code @odata.context} and a {@code Location}; at most
 *       {@value SimulatedTenant#MAX_LISTENERS} per tenant (authenticationeventlistener.md; the error Graph answers past
 *       that is undocumented: the simulator's is 400 {@value #INVALID});</li>
 *   <li>{@code PATCH /identity/authenticationEventListeners/{id}} (authenticationeventlistener-update.md, which requires
 *       {@code @odata.type}): {@code conditions} (replaces the applications), {@code handler}, {@code priority}; 204;
 *       404 for an unknown id; 400 when the type is not the listener's (a type cannot change).
 *       {@link SimulatedTenant#ignoreListenerHandlerWrites} makes a PATCH that sets the handler answer 204 and change
 *       nothing (concepts/whats-new-overview.md, February 2025, and the update page disagree on how a handler is
 *       written);</li>
 *   <li>{@code DELETE /identity/authenticationEventListeners/{id}} (authenticationeventlistener-delete.md): 204; 404.</li>
 * </ul>
 * Reads and writes are served under v1.0 and beta alike, {@code onEmailOtpSendListener} too, though only beta
 * documents it (the simulator's lenient reading). Other methods answer 405, a path below a listener 400 (no
 * sub-resource is modelled: the listener-level {@code .../handler/.../customExtension/$ref} calls were replaced).
 * Permissions are {@link RoleCheck}'s; each accepted write is in the audit log as the calling app's
 * {@value SimulatedTenant#LISTENER_CREATED}, {@value SimulatedTenant#LISTENER_UPDATED} or
 * {@value SimulatedTenant#LISTENER_DELETED}, the listener its target (type
 * {@value SimulatedTenant#LISTENER_TARGET_TYPE}).
 *
 * <p>How a body is read. What the pages say, and the simulator keeps:
 * <ul>
 *   <li>{@code @odata.type} is required on a create and an update (both pages: "You must specify the @odata.type
 *       property"); written with its {@code #} (OData JSON format).</li>
 *   <li>{@code priority}: "Between 0 (lower priority) and 1000 (higher priority)" (onemailotpsendlistener.md);
 *       without one a listener gets {@value SimulatedTenant#DEFAULT_LISTENER_PRIORITY} ("Priority should be set to
 *       500 for onTokenIssuanceStartListeners").</li>
 *   <li>The listener types are not open ({@code "openType": false} on ontokenissuancestartlistener.md and
 *       onemailotpsendlistener.md, though the abstract authenticationeventlistener.md says {@code true}): a property
 *       the type does not have answers 400.</li>
 *   <li>The handler's type is the one the listener type's page names ({@code onTokenIssuanceStartCustomExtensionHandler},
 *       {@code onOtpSendCustomExtensionHandler}), and the extension it calls is of the matching type
 *       ({@code onTokenIssuanceStartCustomExtension}, {@code onOtpSendCustomExtension}); otherwise 400.</li>
 * </ul>
 * Where the pages are silent, the simulator's strict reading:
 * <ul>
 *   <li>On a create, {@code conditions.applications.includeApplications} (at least one {@code {"appId": GUID}}, none
 *       twice, compared in any case) and {@code handler} are required, though the create page marks
 *       {@code conditions} "Optional": a listener for no application, or one that calls nothing, is not what the
 *       agent creates. {@code includeAllApplications} may be given only as {@code false}; {@code true} answers 501
 *       (not modelled).</li>
 *   <li>The handler names its extension as {@code "customExtension": {"id": "..."}} (the create page's example; its
 *       {@code @odata.type}, if given, must be the extension's type, and nothing else may be in it) or as
 *       {@code "customExtension@odata.bind": ".../identity/customAuthenticationExtensions/{id}"}. An extension that
 *       does not exist answers 400 {@value #INVALID} "... does not exist" (not 404: the listener's URL is not what is
 *       missing). Its {@code configuration} may be given only as {@code null}.</li>
 *   <li>{@code handler: null} in a PATCH answers 400: DELETE the listener to stop calling its extension.</li>
 *   <li>{@code id} and {@code authenticationEventsFlowId} are read-only (authenticationeventlistener.md): 400.
 *       Documented properties and types the simulator does not model ({@code displayName} and {@code tags}; the other
 *       listener types: onInteractiveAuthFlowStart, onAuthenticationMethodLoadStart, onAttributeCollection,
 *       onUserCreateStart, onAttributeCollectionStart, onAttributeCollectionSubmit, onFraudProtectionLoadStart,
 *       onVerifiedIdClaimValidation; a non-null handler {@code configuration}) answer 501 {@code NotImplemented},
 *       not a silent success.</li>
 *   <li>A body is read before the id is looked up (400/501 whatever the id), then the id (404), then the type.</li>
 * </ul>
 * Instance annotations other than {@code @odata.type} (any name starting with {@code @}) are ignored.
 */
final class ListenerRoutes {
    static final String LISTENERS = "authenticationEventListeners";
    static final String INVALID = ExtensionWrites.INVALID;
    private static final String NAMESPACE = ExtensionWrites.NAMESPACE;
    /** Listener types Graph documents (authenticationeventlistener.md, the create pages) that are not modelled. */
    private static final Set<String> UNMODELLED_TYPES = Set.of("onInteractiveAuthFlowStartListener",
            "onAuthenticationMethodLoadStartListener", "onAttributeCollectionListener", "onUserCreateStartListener",
            "onAttributeCollectionStartListener", "onAttributeCollectionSubmitListener",
            "onFraudProtectionLoadStartListener", "onVerifiedIdClaimValidationListener");
    private static final Set<String> PROPERTIES = Set.of("conditions", "handler", "priority");
    private static final Set<String> UNMODELLED_PROPERTIES = Set.of("displayName", "tags");
    private static final Set<String> READ_ONLY = Set.of("id", "authenticationEventsFlowId");
    private static final int MIN_PRIORITY = 0;
    private static final int MAX_PRIORITY = 1000;
    private static final String BIND = "customExtension@odata.bind";

    private final SimulatedTenant tenant;
    private final GraphDispatcher dispatcher;

    ListenerRoutes(SimulatedTenant tenant, GraphDispatcher dispatcher) {
        this.tenant = tenant;
        this.dispatcher = dispatcher;
    }

    SimResponse listeners(RequestContext context, GraphRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> dispatcher.page(context, request, tenant.listeners(), ListenerView::id, this::listenerJson);
                case "POST" -> create(context, request);
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        if (s.size() > 3) {
            return SimResponse.segmentNotFound(context, s.get(3));
        }
        String id = s.get(2);
        return switch (method) {
            case "GET" -> tenant.listener(id).<SimResponse>map(l -> {
                ObjectNode body = dispatcher.context(request, "identity/" + LISTENERS + "/$entity");
                body.setAll(listenerJson(l));
                return SimResponse.json(200, body);
            }).orElseGet(() -> GraphDispatcher.notFound(context, id));
            case "PATCH" -> update(context, request, id);
            case "DELETE" -> tenant.deleteListener(id, context.now()) ? SimResponse.noContent()
                    : GraphDispatcher.notFound(context, id);
            default -> SimResponse.methodNotAllowed(context, method);
        };
    }

    /** A listener as the create page's 201 shows it, with the extension's type and displayName inline. */
    private ObjectNode listenerJson(ListenerView l) {
        ObjectNode json = SimResponse.JSON.objectNode();
        json.put("@odata.type", NAMESPACE + l.type());
        json.put("id", l.id());
        json.put("priority", l.priority());
        json.putNull("authenticationEventsFlowId");
        ObjectNode applications = json.putObject("conditions").putObject("applications");
        applications.put("includeAllApplications", false);
        ArrayNode included = applications.putArray("includeApplications");
        l.appIds().forEach(appId -> included.addObject().put("appId", appId));
        if (l.extensionId().isEmpty()) {
            json.putNull("handler");
            return json;
        }
        String extensionType = SimulatedTenant.LISTENER_EXTENSION_TYPES.get(l.type());
        ObjectNode handler = json.putObject("handler");
        handler.put("@odata.type", NAMESPACE + handlerType(extensionType));
        handler.putNull("configuration");
        ObjectNode extension = handler.putObject("customExtension");
        extension.put("@odata.type", NAMESPACE + extensionType);
        extension.put("id", l.extensionId().get());
        tenant.extension(l.extensionId().get()).map(ExtensionView::displayName)
                .ifPresent(name -> extension.put("displayName", name));
        return json;
    }

    /** 201 with the listener; 400/501 for a body that is refused (see the class comment), or past the limit. */
    private SimResponse create(RequestContext context, GraphRequest request) {
        ParsedWrite<Write> parsed = parse(request.body(), true);
        if (parsed.write().isEmpty()) {
            return parsed.refusal(context);
        }
        Write write = parsed.write().get();
        ListenerOutcome outcome = tenant.createListener(write.type(), write.appIds().orElseThrow(),
                write.priority().orElse(SimulatedTenant.DEFAULT_LISTENER_PRIORITY), write.extensionId().orElseThrow(),
                context.now());
        return switch (outcome.outcome()) {
            case DONE -> {
                ListenerView created = outcome.listener().orElseThrow();
                ObjectNode body = dispatcher.context(request, "identity/" + LISTENERS + "/$entity");
                body.setAll(listenerJson(created));
                yield SimResponse.json(201, body).withHeader("Location", dispatcher.baseUrl() + "/"
                        + request.version() + "/identity/" + LISTENERS + "/" + created.id());
            }
            case FULL -> SimResponse.graphError(context, 400, INVALID, "The tenant already has "
                    + SimulatedTenant.MAX_LISTENERS + " authentication event listeners, the most it can have.");
            default -> refused(context, write, outcome, "");
        };
    }

    /** 204; see the class comment for the order of the checks. */
    private SimResponse update(RequestContext context, GraphRequest request, String id) {
        ParsedWrite<Write> parsed = parse(request.body(), false);
        if (parsed.write().isEmpty()) {
            return parsed.refusal(context);
        }
        Write write = parsed.write().get();
        ListenerOutcome outcome = tenant.updateListener(id, write.type(), write.appIds(), write.priority(),
                write.extensionId(), context.now());
        return switch (outcome.outcome()) {
            case DONE, IGNORED -> SimResponse.noContent();
            default -> refused(context, write, outcome, id);
        };
    }

    private SimResponse refused(RequestContext context, Write write, ListenerOutcome outcome, String id) {
        String extensionType = SimulatedTenant.LISTENER_EXTENSION_TYPES.get(write.type());
        return switch (outcome.outcome()) {
            case NO_SUCH_LISTENER -> GraphDispatcher.notFound(context, id);
            case WRONG_TYPE -> SimResponse.graphError(context, 400, INVALID, "The '@odata.type' " + NAMESPACE
                    + write.type() + " is not the type of authentication event listener '" + id + "' (" + NAMESPACE
                    + tenant.listener(id).map(ListenerView::type).orElse("?") + "); the type cannot change.");
            case NO_SUCH_EXTENSION -> SimResponse.graphError(context, 400, INVALID, "The custom authentication "
                    + "extension '" + write.extensionId().orElseThrow() + "' that handler.customExtension names "
                    + "does not exist.");
            case WRONG_EXTENSION_TYPE -> SimResponse.graphError(context, 400, INVALID, "The custom authentication "
                    + "extension '" + write.extensionId().orElseThrow() + "' is a " + NAMESPACE
                    + tenant.extension(write.extensionId().get()).map(ExtensionView::type).orElse("?") + ", not the "
                    + NAMESPACE + extensionType + " that a " + NAMESPACE + handlerType(extensionType) + " calls.");
            default -> throw new IllegalStateException("not a refusal: " + outcome.outcome());
        };
    }

    // ---- reading a body ----

    /**
     * What a create or update sets: {@code type} without {@code #microsoft.graph.}; the others empty when not in the
     * body ({@code extensionId}: the handler's extension, a handler being given).
     */
    record Write(String type, Optional<List<String>> appIds, OptionalInt priority, Optional<String> extensionId) {
    }

    static ParsedWrite<Write> parse(byte[] body, boolean create) {
        Optional<JsonNode> json = JsonBodies.object(body);
        if (json.isEmpty()) {
            return ParsedWrite.invalid("Invalid JSON. A JSON object with an authenticationEventListener was expected.");
        }
        JsonNode node = json.get();
        JsonNode typeNode = node.get("@odata.type");
        if (typeNode == null || !typeNode.isTextual()) {
            return ParsedWrite.invalid("The property '@odata.type' is required: one of "
                    + new TreeSet<>(SimulatedTenant.LISTENER_EXTENSION_TYPES.keySet()).stream()
                    .map(t -> NAMESPACE + t).toList() + ".");
        }
        String written = typeNode.asText();
        String type = written.startsWith(NAMESPACE) ? written.substring(NAMESPACE.length()) : "";
        if (UNMODELLED_TYPES.contains(type)) {
            return ParsedWrite.notModelled("The Graph simulator does not model authentication event listeners of type '"
                    + written + "'.");
        }
        if (!SimulatedTenant.LISTENER_EXTENSION_TYPES.containsKey(type)) {
            return ParsedWrite.invalid("'" + written + "' is not a type derived from "
                    + "microsoft.graph.authenticationEventListener that can be written here.");
        }
        String qualified = "microsoft.graph." + type;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("@") || PROPERTIES.contains(name)) {
                continue;
            }
            if (UNMODELLED_PROPERTIES.contains(name)) {
                return ParsedWrite.notModelled("The Graph simulator does not model '" + name + "' of type '" + qualified
                        + "'.");
            }
            if (READ_ONLY.contains(name)) {
                return ParsedWrite.invalid("The property '" + name + "' of type '" + qualified + "' is read-only.");
            }
            return ParsedWrite.invalid("Invalid property '" + name + "' on type '" + qualified + "'.");
        }
        if (create) {
            for (String required : new String[]{"conditions", "handler"}) {
                if (!node.has(required)) {
                    return ParsedWrite.invalid("The property '" + required + "' is required to create a " + qualified
                            + ".");
                }
            }
        }
        OptionalInt priority = OptionalInt.empty();
        if (node.has("priority")) {
            JsonNode p = node.get("priority");
            if (!p.isIntegralNumber() || !p.canConvertToInt() || p.asInt() < MIN_PRIORITY || p.asInt() > MAX_PRIORITY) {
                return ParsedWrite.invalid("priority must be an integer from " + MIN_PRIORITY + " to " + MAX_PRIORITY
                        + ", not " + p + ".");
            }
            priority = OptionalInt.of(p.asInt());
        }
        Optional<List<String>> appIds = Optional.empty();
        if (node.has("conditions")) {
            List<String> apps = new ArrayList<>();
            ParsedWrite<Write> refusal = conditions(node.get("conditions"), apps);
            if (refusal != null) {
                return refusal;
            }
            appIds = Optional.of(List.copyOf(apps));
        }
        Optional<String> extensionId = Optional.empty();
        if (node.has("handler")) {
            JsonNode handler = node.get("handler");
            if (handler.isNull()) {
                return ParsedWrite.invalid("handler cannot be null" + (create ? "." : "; to stop calling the extension, "
                        + "DELETE the listener."));
            }
            String extensionType = SimulatedTenant.LISTENER_EXTENSION_TYPES.get(type);
            String handlerType = NAMESPACE + handlerType(extensionType);
            if (!handler.isObject()) {
                return ParsedWrite.invalid("handler must be an object of type " + handlerType + ".");
            }
            if (!handlerType.equals(handler.path("@odata.type").asText(""))) {
                return ParsedWrite.invalid("The handler of a " + qualified + " must have '@odata.type': '" + handlerType
                        + "', not " + (handler.has("@odata.type") ? "'" + handler.get("@odata.type").asText() + "'"
                        : "none") + ".");
            }
            String unknown = null;
            for (Iterator<String> names = handler.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("configuration") && !handler.get(name).isNull()) {
                    return ParsedWrite.notModelled("The Graph simulator does not model the 'configuration' of type '"
                            + handlerType.substring(1) + "'.");
                }
                if (!name.equals("@odata.type") && !name.equals("configuration") && !name.equals("customExtension")
                        && !name.equals(BIND) && unknown == null) {
                    unknown = name;
                }
            }
            if (unknown != null) {
                return ParsedWrite.invalid("Invalid property '" + unknown + "' on type '" + handlerType.substring(1) + "'.");
            }
            Named named = handlerExtension(handler, extensionType);
            if (named.id().isEmpty()) {
                return ParsedWrite.invalid(named.problem());
            }
            extensionId = named.id();
        }
        return ParsedWrite.ok(new Write(type, appIds, priority, extensionId));
    }

    /** Reads {@code conditions} into {@code apps}; null when it is fine, else the refusal. */
    private static ParsedWrite<Write> conditions(JsonNode conditions, List<String> apps) {
        String problem = conditionsProblem(conditions, apps);
        if (problem == null) {
            return null;
        }
        return problem.equals(ALL_APPLICATIONS) ? ParsedWrite.notModelled(problem) : ParsedWrite.invalid(problem);
    }

    private static final String ALL_APPLICATIONS = "The Graph simulator does not model a listener for all "
            + "applications (includeAllApplications: true).";

    /** Null when {@code conditions} is fine (its appIds then in {@code apps}), else why not. */
    private static String conditionsProblem(JsonNode conditions, List<String> apps) {
        if (!conditions.isObject()) {
            return "conditions must be an object of type microsoft.graph.authenticationConditions.";
        }
        for (Iterator<String> names = conditions.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("@") && !name.equals("applications")) {
                return "Invalid property '" + name + "' on type 'microsoft.graph.authenticationConditions'.";
            }
        }
        JsonNode applications = conditions.get("applications");
        if (applications == null || !applications.isObject()) {
            return "conditions.applications is required: an object with includeApplications.";
        }
        for (Iterator<String> names = applications.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("@") && !name.equals("includeApplications") && !name.equals("includeAllApplications")) {
                return "Invalid property '" + name
                        + "' on type 'microsoft.graph.authenticationConditionsApplications'.";
            }
        }
        JsonNode all = applications.get("includeAllApplications");
        if (all != null && !all.isNull()) {
            if (!all.isBoolean()) {
                return "conditions.applications.includeAllApplications must be a boolean.";
            }
            if (all.asBoolean()) {
                return ALL_APPLICATIONS;
            }
        }
        JsonNode included = applications.get("includeApplications");
        if (included == null || !included.isArray() || included.isEmpty()) {
            return "conditions.applications.includeApplications must be a non-empty array of {\"appId\": \"<GUID>\"}.";
        }
        for (JsonNode application : included) {
            if (!application.isObject()) {
                return "Each of conditions.applications.includeApplications must be an object with an appId.";
            }
            for (Iterator<String> names = application.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.startsWith("@") && !name.equals("appId")) {
                    return "Invalid property '" + name
                            + "' on type 'microsoft.graph.authenticationConditionApplication'.";
                }
            }
            JsonNode appId = application.get("appId");
            if (appId == null || !appId.isTextual() || !UserFlowKind.EXTERNAL_ID.matcher(appId.asText()).matches()) {
                return "Each of conditions.applications.includeApplications needs an appId, a GUID"
                        + (appId == null ? "" : ", not " + appId) + ".";
            }
            String key = appId.asText().toLowerCase(Locale.ROOT);
            if (apps.contains(key)) {
                return "The appId '" + appId.asText() + "' is included twice.";
            }
            apps.add(key);
        }
        return null;
    }

    /** The id of the extension a handler names, or (empty) why it names none. */
    private record Named(Optional<String> id, String problem) {
        static Named of(String id) {
            return new Named(Optional.of(id), "");
        }

        static Named refused(String problem) {
            return new Named(Optional.empty(), problem);
        }
    }

    private static Named handlerExtension(JsonNode handler, String extensionType) {
        JsonNode inline = handler.get("customExtension");
        JsonNode bind = handler.get(BIND);
        if ((inline == null) == (bind == null)) {
            return Named.refused("The handler must name its extension once: \"customExtension\": {\"id\": \"...\"}"
                    + " or \"" + BIND + "\": \".../identity/customAuthenticationExtensions/{id}\".");
        }
        if (bind != null) {
            Optional<String> id = bind.isTextual() ? EventsFlowRoutes.extensionIdOf(bind.asText()) : Optional.empty();
            return id.map(Named::of).orElseGet(() -> Named.refused("Invalid object identifier " + bind + " in '"
                    + BIND + "'. Expected a URL ending in /identity/customAuthenticationExtensions/{id}."));
        }
        if (!inline.isObject()) {
            return Named.refused("handler.customExtension must be an object with the extension's id.");
        }
        for (Iterator<String> names = inline.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("@odata.type") && !name.equals("id")) {
                return Named.refused("handler.customExtension names an existing extension by its id alone; the "
                        + "simulator does not create or change an extension through a listener ('" + name + "').");
            }
        }
        JsonNode type = inline.get("@odata.type");
        if (type != null && !(NAMESPACE + extensionType).equals(type.asText())) {
            return Named.refused("handler.customExtension must be a " + NAMESPACE + extensionType + ", not "
                    + type + ".");
        }
        JsonNode id = inline.get("id");
        if (id == null || !id.isTextual() || id.asText().isBlank()) {
            return Named.refused("handler.customExtension.id is required: the id of the extension to call.");
        }
        return Named.of(id.asText());
    }

    /** {@code onTokenIssuanceStartCustomExtension} → {@code onTokenIssuanceStartCustomExtensionHandler}. */
    private static String handlerType(String extensionType) {
        return extensionType + "Handler";
    }
}
