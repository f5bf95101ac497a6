package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.simulator.SimulatedTenant.ConnectorView;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Answers one Graph request against the tenant: user flows, their {@code apiConnectorConfiguration} and its
 * {@code $ref}s, and API connectors; an external tenant's sign-up flows and custom authentication extensions
 * ({@link EventsFlowRoutes}) and authentication event listeners ({@link ListenerRoutes}). Authentication, fault
 * injection and {@code $batch} happen before this.
 *
 * <p>Choices where the Graph reference is silent (documented here and in docs/simulator.md):
 * <ul>
 *   <li>An unknown flow or connector id answers 404 {@code ResourceNotFound}, "Resource '{id}' does not exist or one
 *       of its queried reference-property objects are not present." (the directory's wording).</li>
 *   <li>An unknown path segment, a beta-only collection or step under v1.0, or an unknown step answers 400
 *       {@code BadRequest} "Resource not found for the segment '{segment}'." (OData's wording); an unknown name in
 *       {@code $expand} answers 400 "Could not find a property named '{name}' on type
 *       'microsoft.graph.userFlowApiConnectorConfiguration'.". URL problems are reported before a missing flow.</li>
 *   <li>A method the resource does not have answers 405 {@code MethodNotAllowed}; so does {@code DELETE .../$ref}
 *       when the tenant refuses it. Operations Graph has but the simulator does not implement (creating, updating,
 *       deleting flows) answer 501 {@code NotImplemented}.</li>
 *   <li>Connectors are created (201), updated (204), given a certificate (uploadClientCertificate, 200) and deleted
 *       (204) as the identityapiconnector-*.md pages say (bodies read by {@link ConnectorWrites}); secrets never read
 *       back: {@code "password": "******"}, certificates as SHA-1 thumbprints (issue 9, item 1).</li>
 *   <li>{@code GET .../{step}} and {@code GET .../{step}/$ref} of an unbound step answer 404
 *       {@code ResourceNotFound}.</li>
 *   <li>{@code $skiptoken} is opaque (the last id of the previous page, base64url), so paging is stable while the
 *       tenant changes.</li>
 * </ul>
 */
final class GraphDispatcher {

    static final Set<String> VERSIONS = Set.of("v1.0", "beta");
    private static final int MAX_TOP = 999;
    private static final String CONFIGURATION = "apiConnectorConfiguration";
    private static final String CONFIGURATION_TYPE = "microsoft.graph.userFlowApiConnectorConfiguration";
    private static final Pattern CONNECTOR_REFERENCE = Pattern.compile("^(?:.*/)?identity/apiConnectors/([^/]+)$");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern AND = Pattern.compile("\\s+and\\s+");
    private static final Pattern EQ_CLAUSE = Pattern.compile("(loggedByService|activityDisplayName) eq '((?:[^']|'')*)'");
    private static final Pattern GE_CLAUSE = Pattern.compile("activityDateTime ge (\\S+)");

    private final SimulatedTenant tenant;
    private final String baseUrl;

    private final EventsFlowRoutes events;
    private final ListenerRoutes listeners;

    GraphDispatcher(SimulatedTenant tenant, String baseUrl) {
        this.tenant = tenant;
        this.baseUrl = baseUrl;
        this.events = new EventsFlowRoutes(tenant, this);
        this.listeners = new ListenerRoutes(tenant, this);
    }

    /** The simulator's base URL, e.g. {@code https://127.0.0.1:8443}: for {@code Location} headers. */
    String baseUrl() {
        return baseUrl;
    }

    SimResponse dispatch(RequestContext context, GraphRequest request) {
        List<String> s = request.segments();
        if (s.size() == 2 && "auditLogs".equals(s.get(0)) && "directoryAudits".equals(s.get(1))) {
            return "GET".equals(request.method()) ? directoryAudits(context, request)
                    : SimResponse.methodNotAllowed(context, request.method());
        }
        if (s.isEmpty() || !"identity".equals(s.get(0))) {
            return SimResponse.segmentNotFound(context, s.isEmpty() ? "" : s.get(0));
        }
        if (s.size() == 1) {
            return SimResponse.segmentNotFound(context, "identity");
        }
        if ("apiConnectors".equals(s.get(1))) {
            return connectors(context, request);
        }
        if (EventsFlowRoutes.FLOWS.equals(s.get(1))) {
            return events.flows(context, request);
        }
        if (EventsFlowRoutes.EXTENSIONS.equals(s.get(1))) {
            return events.extensions(context, request);
        }
        if (ListenerRoutes.LISTENERS.equals(s.get(1))) {
            return listeners.listeners(context, request);
        }
        Optional<UserFlowKind> kind = UserFlowKind.ofCollection(s.get(1)).filter(k -> k.servedIn(request.version()));
        if (kind.isEmpty()) {
            return SimResponse.segmentNotFound(context, s.get(1));
        }
        return flows(context, request, kind.get());
    }

    // ---- user flows ----

    private SimResponse flows(RequestContext context, GraphRequest request, UserFlowKind kind) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> page(context, request, tenant.flowIds(kind), id -> id, this::flowJson);
                case "POST" -> notImplemented(context, "creating user flows");
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        String flowId = s.get(2);
        if (s.size() == 3) {
            return switch (method) {
                case "GET" -> flow(kind, flowId).<SimResponse>map(id -> {
                    ObjectNode body = context(request, "identity/" + kind.collection() + "/$entity");
                    body.setAll(flowJson(id));
                    return SimResponse.json(200, body);
                }).orElseGet(() -> notFound(context, flowId));
                case "PATCH", "DELETE" -> notImplemented(context, "changing or deleting user flows");
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        if (!CONFIGURATION.equals(s.get(3))) {
            return SimResponse.segmentNotFound(context, s.get(3));
        }
        if (s.size() == 4) {
            return "GET".equals(method) ? configuration(context, request, kind, flowId)
                    : SimResponse.methodNotAllowed(context, method);
        }
        Optional<Step> step = Step.fromGraphName(s.get(4)).filter(st -> stepExistsIn(st, request.version()));
        if (step.isEmpty()) {
            return SimResponse.segmentNotFound(context, s.get(4));
        }
        if (s.size() == 5) {
            return "GET".equals(method) ? boundConnector(context, request, kind, flowId, step.get(), false)
                    : SimResponse.methodNotAllowed(context, method);
        }
        if (s.size() > 6 || !"$ref".equals(s.get(5))) {
            return SimResponse.segmentNotFound(context, s.get(5));
        }
        return switch (method) {
            case "GET" -> boundConnector(context, request, kind, flowId, step.get(), true);
            case "PUT" -> putRef(context, request, kind, flowId, step.get());
            case "DELETE" -> deleteRef(context, kind, flowId, step.get());
            default -> SimResponse.methodNotAllowed(context, method);
        };
    }

    private SimResponse configuration(RequestContext context, GraphRequest request, UserFlowKind kind, String flowId) {
        String configurationPath = "identity/" + kind.collection() + "('" + flowId + "')/" + CONFIGURATION;
        List<Step> expanded = new ArrayList<>();
        for (String name : expandList(request)) {
            if ("*".equals(name)) {
                Arrays.stream(Step.values()).filter(st -> stepExistsIn(st, request.version())).forEach(expanded::add);
                continue;
            }
            Optional<Step> step = Step.fromGraphName(name).filter(st -> stepExistsIn(st, request.version()));
            if (step.isEmpty()) {
                return SimResponse.badRequest(context, "Could not find a property named '" + name + "' on type '"
                        + CONFIGURATION_TYPE + "'.");
            }
            expanded.add(step.get());
        }
        Optional<Map<Step, ConnectorView>> bound = flow(kind, flowId).flatMap(tenant::boundConnectors);
        if (bound.isEmpty()) {
            return notFound(context, flowId);
        }
        List<Step> steps = new LinkedHashSet<>(expanded).stream().sorted().toList();
        String expansion = steps.isEmpty() ? ""
                : "(" + String.join(",", steps.stream().map(st -> st.graphName() + "()").toList()) + ")";
        ObjectNode body = context(request, configurationPath + expansion + "/$entity");
        for (Step step : steps) {
            ConnectorView connector = bound.get().get(step);
            if (connector == null) {
                body.putNull(step.graphName());
            } else {
                body.put(step.graphName() + "@odata.context",
                        metadata(request, configurationPath + "/" + step.graphName() + "/$entity"));
                body.set(step.graphName(), connectorJson(connector, context.now()));
            }
        }
        return SimResponse.json(200, body);
    }

    private SimResponse boundConnector(RequestContext context, GraphRequest request, UserFlowKind kind, String flowId,
                                       Step step, boolean reference) {
        Optional<Map<Step, ConnectorView>> bound = flow(kind, flowId).flatMap(tenant::boundConnectors);
        if (bound.isEmpty()) {
            return notFound(context, flowId);
        }
        ConnectorView connector = bound.get().get(step);
        if (connector == null) {
            return SimResponse.graphError(context, 404, "ResourceNotFound",
                    "No API connector is bound to step '" + step.graphName() + "' of user flow '" + flowId + "'.");
        }
        if (reference) {
            ObjectNode body = SimResponse.JSON.objectNode();
            body.put("@odata.context", metadata(request, "$ref"));
            body.put("@odata.id", baseUrl + "/" + request.version() + "/identity/apiConnectors/" + connector.id());
            return SimResponse.json(200, body);
        }
        ObjectNode body = context(request, "identity/apiConnectors/$entity");
        body.setAll(connectorJson(connector, context.now()));
        return SimResponse.json(200, body);
    }

    private SimResponse putRef(RequestContext context, GraphRequest request, UserFlowKind kind, String flowId,
                               Step step) {
        if (request.body().length == 0) {
            return SimResponse.badRequest(context, "Empty Payload. JSON content expected.");
        }
        JsonNode body;
        try {
            body = MAPPER.readTree(new String(request.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            body = null;
        }
        if (body == null || !body.isObject()) {
            return SimResponse.badRequest(context, "Invalid JSON. A JSON object with '@odata.id' (or {} to remove"
                    + " the reference) was expected.");
        }
        Optional<String> connectorId = Optional.empty();
        if (!body.isEmpty()) { // {} is the documented way to remove the binding
            JsonNode reference = body.get("@odata.id");
            if (reference == null || !reference.isTextual()) {
                return SimResponse.badRequest(context, "The request body must contain '@odata.id' with the URL of"
                        + " an identityApiConnector, or be {} to remove the reference.");
            }
            connectorId = connectorIdOf(reference.asText());
            if (connectorId.isEmpty()) {
                return SimResponse.badRequest(context, "Invalid object identifier '" + reference.asText() + "'."
                        + " Expected a URL ending in /identity/apiConnectors/{id}.");
            }
        }
        return refWritten(context, kind, flowId, step, connectorId);
    }

    private SimResponse deleteRef(RequestContext context, UserFlowKind kind, String flowId, Step step) {
        if (tenant.refusesDeleteRef()) {
            return SimResponse.methodNotAllowed(context, "DELETE");
        }
        return refWritten(context, kind, flowId, step, Optional.empty());
    }

    private SimResponse refWritten(RequestContext context, UserFlowKind kind, String flowId, Step step,
                                   Optional<String> connectorId) {
        if (flow(kind, flowId).isEmpty()) {
            return notFound(context, flowId);
        }
        return switch (tenant.writeRef(flowId, step, connectorId, Optional.of(context.now()))) {
            case DONE, IGNORED -> SimResponse.noContent();
            case NO_SUCH_FLOW -> notFound(context, flowId);
            case NO_SUCH_CONNECTOR -> SimResponse.badRequest(context, "The identityApiConnector '"
                    + connectorId.orElseThrow() + "' referenced by '@odata.id' does not exist.");
        };
    }

    // ---- the directory audit log ----

    /**
     * {@code GET /auditLogs/directoryAudits} (directoryaudit-list.md): newest first, {@code $top} and
     * {@code @odata.nextLink} paging, and of {@code $filter} only the forms the agent sends, each clause joined by
     * {@code and}: {@code loggedByService eq '...'}, {@code activityDisplayName eq '...'},
     * {@code activityDateTime ge <ISO 8601>}. Any other filter answers 400, as Graph does for a filter it does not
     * support. Without {@code AuditLog.Read.All} the answer is 403 {@code Authorization_RequestDenied}. An entry
     * shows only once the tenant's audit delay has passed since its activityDateTime
     * ({@link SimulatedTenant#auditDelay}).
     */
    private SimResponse directoryAudits(RequestContext context, GraphRequest request) {
        if (!tenant.auditLogReadGranted()) {
            return SimResponse.graphError(context, 403, "Authorization_RequestDenied",
                    "Insufficient privileges to complete the operation.");
        }
        List<Predicate<AuditRecord>> clauses = new ArrayList<>();
        String filter = request.query().getOrDefault("$filter", "").trim();
        if (!filter.isEmpty()) {
            for (String clause : AND.split(filter)) {
                Matcher eq = EQ_CLAUSE.matcher(clause.trim());
                Matcher ge = GE_CLAUSE.matcher(clause.trim());
                if (eq.matches()) {
                    String value = eq.group(2).replace("''", "'");
                    clauses.add("loggedByService".equals(eq.group(1)) ? r -> r.loggedByService().equals(value)
                            : r -> r.activity().equals(value));
                } else if (ge.matches()) {
                    Instant since;
                    try {
                        since = Instant.parse(ge.group(1));
                    } catch (DateTimeParseException e) {
                        return SimResponse.badRequest(context, "Invalid filter clause: '" + clause.trim() + "'.");
                    }
                    clauses.add(r -> !r.at().isBefore(since));
                } else {
                    return SimResponse.badRequest(context, "Invalid filter clause: '" + clause.trim() + "'.");
                }
            }
        }
        OptionalInt pageSize = top(request);
        if (pageSize.isEmpty()) {
            return SimResponse.badRequest(context, "Invalid page size specified: '" + request.query().get("$top")
                    + "'. Must be between 1 and " + MAX_TOP + " inclusive.");
        }
        int top = pageSize.getAsInt();
        List<AuditRecord> matching = tenant.visibleAuditLog(context.now()).stream().filter(r -> clauses.stream().allMatch(c -> c.test(r)))
                .toList();
        int start = 0;
        String skipToken = request.query().get("$skiptoken");
        if (skipToken != null) {
            long after;
            try {
                after = Long.parseLong(new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return SimResponse.badRequest(context, "Invalid $skiptoken '" + skipToken + "'.");
            }
            start = matching.size();
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).sequence() == after) {
                    start = i + 1;
                    break;
                }
            }
        }
        List<AuditRecord> page = matching.subList(start, Math.min(matching.size(), start + top));
        ObjectNode body = context(request, "auditLogs/directoryAudits");
        ArrayNode value = body.putArray("value");
        page.forEach(r -> value.add(auditJson(r)));
        if (start + page.size() < matching.size()) {
            String token = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Long.toString(page.get(page.size() - 1).sequence()).getBytes(StandardCharsets.UTF_8));
            StringBuilder next = new StringBuilder(baseUrl + "/" + request.version() + "/auditLogs/directoryAudits?");
            if (!filter.isEmpty()) {
                next.append("$filter=").append(encode(filter)).append('&');
            }
            if (request.query().containsKey("$top")) {
                next.append("$top=").append(top).append('&');
            }
            body.put("@odata.nextLink", next.append("$skiptoken=").append(token).toString());
        }
        return SimResponse.json(200, body);
    }

    /**
     * A directoryAudit as directoryaudit.md shapes it. What B2C writes as the target of a user-flow change is not
     * documented; the simulator names the flow (its id as both id and displayName, type {@code Policy}, as B2C calls
     * user flows policies); a custom authentication extension by its id and displayName, type {@code Policy} too
     * (customauthenticationextension.md: "a maximum of 100 custom extension policies"); an authentication event
     * listener by its id as both, type {@value SimulatedTenant#LISTENER_TARGET_TYPE} (the simulator's reading).
     */
    private static ObjectNode auditJson(AuditRecord r) {
        ObjectNode json = SimResponse.JSON.objectNode();
        json.put("id", r.id());
        json.put("category", r.category());
        json.put("correlationId", java.util.UUID.nameUUIDFromBytes(r.id().getBytes(StandardCharsets.UTF_8)).toString());
        json.put("result", r.result());
        json.put("resultReason", "");
        json.put("activityDisplayName", r.activity());
        json.put("activityDateTime", r.at().toString());
        json.put("loggedByService", r.loggedByService());
        json.put("operationType", operationType(r.activity()));
        ObjectNode initiatedBy = json.putObject("initiatedBy");
        AuditActor actor = r.actor();
        if (actor.isUser()) {
            ObjectNode user = initiatedBy.putObject("user");
            user.put("id", actor.id());
            user.putNull("displayName");
            user.put("userPrincipalName", actor.name());
            user.putNull("ipAddress");
            initiatedBy.putNull("app");
        } else {
            initiatedBy.putNull("user");
            ObjectNode app = initiatedBy.putObject("app");
            app.put("appId", actor.appId());
            app.put("displayName", actor.name());
            app.put("servicePrincipalId", actor.id());
            app.putNull("servicePrincipalName");
        }
        ObjectNode target = json.putArray("targetResources").addObject();
        target.put("id", r.targetId());
        target.put("displayName", r.targetName());
        target.put("type", r.targetType());
        target.putArray("modifiedProperties");
        json.putArray("additionalDetails");
        return json;
    }

    /**
     * directoryaudit.md's {@code operationType} ("Add", "Update", "Delete", ...): the first word of the simulator's
     * activity names ("Add API connector", "Delete API connector"); "Update" for the rest.
     */
    private static String operationType(String activity) {
        return activity.startsWith("Add ") ? "Add" : activity.startsWith("Delete ") ? "Delete" : "Update";
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    // ---- API connectors ----

    private SimResponse connectors(RequestContext context, GraphRequest request) {
        List<String> s = request.segments();
        String method = request.method();
        if (s.size() == 2) {
            return switch (method) {
                case "GET" -> page(context, request, tenant.connectors(), ConnectorView::id, c -> connectorJson(c, context.now()));
                case "POST" -> createConnector(context, request);
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        String id = s.get(2);
        if (s.size() == 3) {
            return switch (method) {
                case "GET" -> tenant.connector(id).<SimResponse>map(c -> {
                    ObjectNode body = context(request, "identity/apiConnectors/$entity");
                    body.setAll(connectorJson(c, context.now()));
                    return SimResponse.json(200, body);
                }).orElseGet(() -> notFound(context, id));
                case "PATCH" -> updateConnector(context, request, id);
                case "DELETE" -> tenant.deleteConnector(id)
                        ? audited(SimResponse.noContent(), id, "Delete API connector", context)
                        : notFound(context, id);
                default -> SimResponse.methodNotAllowed(context, method);
            };
        }
        if (s.size() == 4 && "uploadClientCertificate".equals(s.get(3))) {
            return "POST".equals(method) ? uploadClientCertificate(context, request, id)
                    : SimResponse.methodNotAllowed(context, method);
        }
        return SimResponse.segmentNotFound(context, s.get(3));
    }

    /** api-reference/v1.0/api/identityapiconnector-create.md: 201 with the connector, its secrets masked. */
    private SimResponse createConnector(RequestContext context, GraphRequest request) {
        return ConnectorWrites.parse(request.body(), true).fold(
                problem -> SimResponse.badRequest(context, problem),
                write -> {
                    ConnectorView created = tenant.createConnector(write.displayName().orElseThrow(),
                            write.targetUrl().orElseThrow(), write.authentication().orElseThrow());
                    ObjectNode body = context(request, "identity/apiConnectors/$entity");
                    body.setAll(connectorJson(created, context.now()));
                    return audited(SimResponse.json(201, body)
                            .withHeader("Location", baseUrl + "/" + request.version() + "/identity/apiConnectors/"
                                    + created.id()), created.id(), "Add API connector", context);
                });
    }

    /** api-reference/v1.0/api/identityapiconnector-update.md: 204, no body. */
    private SimResponse updateConnector(RequestContext context, GraphRequest request, String id) {
        if (tenant.connector(id).isEmpty()) {
            return notFound(context, id);
        }
        return ConnectorWrites.parse(request.body(), false).fold(
                problem -> SimResponse.badRequest(context, problem),
                write -> tenant.updateConnector(id, write.displayName(), write.targetUrl(), write.authentication())
                        .<SimResponse>map(updated -> audited(SimResponse.noContent(), id, "Update API connector",
                                context))
                        .orElseGet(() -> notFound(context, id)));
    }

    /**
     * api-reference/v1.0/api/identityapiconnector-uploadclientcertificate.md: 200 with the connector, whose
     * authenticationConfiguration is then {@code clientCertificateAuthentication}.
     */
    private SimResponse uploadClientCertificate(RequestContext context, GraphRequest request, String id) {
        if (tenant.connector(id).isEmpty()) {
            return notFound(context, id);
        }
        return ConnectorWrites.certificateUpload(request.body()).fold(
                problem -> SimResponse.badRequest(context, problem),
                certificate -> tenant.addCertificate(id, certificate).<SimResponse>map(updated -> {
                    ObjectNode body = context(request, "identity/apiConnectors/$entity");
                    body.setAll(connectorJson(updated, context.now()));
                    return audited(SimResponse.json(200, body), id, "Update API connector", context);
                }).orElseGet(() -> notFound(context, id)));
    }

    /** A connector write that was done, recorded in the directory audit log (forensics reads it). */
    private SimResponse audited(SimResponse response, String connectorId, String activity, RequestContext context) {
        tenant.recordConnectorAudit(connectorId, activity, context.now());
        return response;
    }

    // ---- shapes ----

    private ObjectNode flowJson(String flowId) {
        ObjectNode flow = SimResponse.JSON.objectNode();
        flow.put("id", flowId);
        flow.put("userFlowType", "signUpOrSignIn");
        flow.put("userFlowTypeVersion", 1);
        return flow;
    }

    /**
     * The password is never returned, exactly like Graph ({@code "******"}); certificates read back as their public
     * information only, times in epoch seconds as in the uploadClientCertificate example. The active certificate is
     * the one uploaded last among those valid at {@code now} (resources/pkcs12certificateinformation.md: the one
     * the connector uses).
     */
    private ObjectNode connectorJson(ConnectorView connector, Instant now) {
        ObjectNode json = SimResponse.JSON.objectNode();
        json.put("id", connector.id());
        json.put("displayName", connector.displayName());
        json.put("targetUrl", connector.targetUrl());
        ObjectNode authentication = json.putObject("authenticationConfiguration");
        if (connector.certificates().isEmpty()) {
            authentication.put("@odata.type", "#microsoft.graph.basicAuthentication");
            authentication.put("username", connector.username());
            authentication.put("password", "******");
            return json;
        }
        authentication.put("@odata.type", "#microsoft.graph.clientCertificateAuthentication");
        ArrayNode list = authentication.putArray("certificateList");
        int active = -1;
        for (int i = 0; i < connector.certificates().size(); i++) {
            SimulatedTenant.CertificateView c = connector.certificates().get(i);
            if (!now.isBefore(c.notBefore()) && now.isBefore(c.notAfter())) {
                active = i;
            }
        }
        for (int i = 0; i < connector.certificates().size(); i++) {
            SimulatedTenant.CertificateView c = connector.certificates().get(i);
            list.addObject().put("thumbprint", c.thumbprint())
                    .put("notAfter", c.notAfter().getEpochSecond())
                    .put("notBefore", c.notBefore().getEpochSecond())
                    .put("isActive", i == active);
        }
        return json;
    }

    /** The page size {@code $top} asks for (the tenant's own without it); empty when it is not 1 to MAX_TOP. */
    private OptionalInt top(GraphRequest request) {
        String topOption = request.query().get("$top");
        if (topOption == null) {
            return OptionalInt.of(tenant.pageSize());
        }
        try {
            int top = Integer.parseInt(topOption);
            return top >= 1 && top <= MAX_TOP ? OptionalInt.of(top) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    <T> SimResponse page(RequestContext context, GraphRequest request, List<T> sorted,
                                 Function<T, String> idOf, Function<T, ObjectNode> render) {
        OptionalInt pageSize = top(request);
        if (pageSize.isEmpty()) {
            return SimResponse.badRequest(context, "Invalid page size specified: '" + request.query().get("$top")
                    + "'. Must be between 1 and " + MAX_TOP + " inclusive.");
        }
        int top = pageSize.getAsInt();
        Optional<String> after = Optional.empty();
        String skipToken = request.query().get("$skiptoken");
        if (skipToken != null) {
            try {
                after = Optional.of(new String(Base64.getUrlDecoder().decode(skipToken), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return SimResponse.badRequest(context, "Invalid $skiptoken '" + skipToken + "'.");
            }
        }
        String last = after.orElse(null);
        List<T> remaining = sorted.stream().filter(item -> last == null || idOf.apply(item).compareTo(last) > 0)
                .toList();
        List<T> page = remaining.subList(0, Math.min(top, remaining.size()));
        String collectionPath = String.join("/", request.segments());
        ObjectNode body = context(request, collectionPath);
        ArrayNode value = body.putArray("value");
        page.forEach(item -> value.add(render.apply(item)));
        if (remaining.size() > page.size()) {
            String token = Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(idOf.apply(page.get(page.size() - 1)).getBytes(StandardCharsets.UTF_8));
            body.put("@odata.nextLink", baseUrl + "/" + request.version() + "/" + collectionPath + "?"
                    + (request.query().containsKey("$top") ? "$top=" + top + "&" : "") + "$skiptoken=" + token);
        }
        return SimResponse.json(200, body);
    }

    ObjectNode context(GraphRequest request, String fragment) {
        ObjectNode body = SimResponse.JSON.objectNode();
        body.put("@odata.context", metadata(request, fragment));
        return body;
    }

    String metadata(GraphRequest request, String fragment) {
        return baseUrl + "/" + request.version() + "/$metadata#" + fragment;
    }

    // ---- helpers ----

    private Optional<String> flow(UserFlowKind kind, String flowId) {
        return UserFlowKind.of(flowId).filter(k -> k == kind && tenant.hasFlow(flowId)).map(k -> flowId);
    }

    /** A step of {@code userFlowApiConnectorConfiguration} in this version; events belong to another type. */
    private static boolean stepExistsIn(Step step, String version) {
        return !step.isEvent() && (step != Step.PRE_TOKEN_ISSUANCE || "beta".equals(version));
    }

    private static List<String> expandList(GraphRequest request) {
        String expand = request.query().getOrDefault("$expand", "");
        List<String> names = new ArrayList<>();
        for (String item : expand.split(",")) {
            String name = item.trim();
            int options = name.indexOf('(');
            if (options >= 0) {
                name = name.substring(0, options).trim(); // nested options such as ($select=id) do not matter here
            }
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Any host, as the real service accepts: only the path, which must name a connector, matters. */
    private static Optional<String> connectorIdOf(String reference) {
        String path;
        try {
            URI uri = new URI(reference);
            path = uri.getPath();
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        Matcher matcher = CONNECTOR_REFERENCE.matcher(path);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static SimResponse notFound(RequestContext context, String id) {
        return SimResponse.graphError(context, 404, "ResourceNotFound", "Resource '" + id
                + "' does not exist or one of its queried reference-property objects are not present.");
    }

    private static SimResponse notImplemented(RequestContext context, String what) {
        return SimResponse.graphError(context, 501, "NotImplemented",
                "The Graph simulator does not implement " + what + ".");
    }
}
