package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.forensics.Attribution;
import io.userflowsync.forensics.AuditEntry;
import io.userflowsync.forensics.AuditRead;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything the agent asks of Microsoft Graph. Operations take many flows or many changes at once, so that how they
 * travel stays behind this type: the per-flow reads, the writes and the verifying re-reads go as JSON batches of up
 * to 20 (concepts/json-batching.md), several batches in flight at once ({@link JsonBatchSender}); the listings page
 * one request at a time, as each page names the next. Every request spends the app's quota per minute as a budget
 * ({@link RequestGate}: Graph's 200 a minute per app, 300 per tenant, includes/throttling-cpim.md), each run's as
 * the {@link Traffic} it began with.
 */
public final class GraphClient {
    private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);
    /** A collection that pages more than this is not a tenant we understand; stop instead of looping forever. */
    private static final int MAX_PAGES = 10_000;

    private final GraphCaller caller;
    private final String graph;
    private final JsonBatchSender batches;
    private final RequestGate gate;
    private final GraphObserver observer;
    private final GraphCaller reports;
    /** Learnt once: the service answers DELETE on a $ref with 400 or 405, so unbinds use the documented PUT {}. */
    private final AtomicBoolean deleteRefused = new AtomicBoolean();

    /** @param reports for the directory audit log, which Graph meters apart from the identity resources */
    GraphClient(GraphCaller caller, GraphCaller reports, String graphEndpoint, JsonBatchSender batches,
                RequestGate gate, GraphObserver observer) {
        this.reports = reports;
        this.observer = observer;
        this.caller = caller;
        this.graph = ClientSecretCredential.trimSlash(graphEndpoint);
        this.batches = batches;
        this.gate = gate;
    }

    /** The batch sender, for tests of the batch format itself (dependsOn chains, which the writes do not use). */
    JsonBatchSender batches() {
        return batches;
    }

    /** As {@link #beginRun(Traffic)} with {@link Traffic#PRIORITY}: a pushed change, a CLI run. */
    public void beginRun() {
        beginRun(Traffic.PRIORITY);
    }

    /**
     * A run starts, and its requests are {@code traffic} until the next run begins: {@link Traffic#SCAN} ones are
     * held to {@code sync.scan-per-minute} within the ceiling, {@link Traffic#PRIORITY} ones only to the ceiling.
     * Runs of one client are serialized, so one class at a time is enough. The run's throttling wait
     * ({@link #throttleWait()}), spending and refusals ({@link #budget()}) count from zero, and its first 429 is
     * logged.
     */
    public void beginRun(Traffic traffic) {
        gate.beginRun(java.util.Objects.requireNonNull(traffic, "traffic"));
    }

    /**
     * How many {@link Traffic#SCAN} requests (batch items one by one) could go right now without waiting for the
     * budget or a {@code Retry-After}: the rolling scanner fires a slice only when it fits, so that a pushed change
     * never queues behind a scan that waits. 0 during a Retry-After pause; {@link Integer#MAX_VALUE} when
     * {@code graph.quota-per-minute} is 0 (no pacing).
     */
    public int scanRoom() {
        return gate.scanRoom();
    }

    /** What this client spends of the app's quota, now: for {@code /status}, the metrics and the run's summary. */
    public GraphBudget budget() {
        return gate.budget();
    }

    /**
     * Makes sure there is an access token (the cached one, or a new one from the token endpoint), so that a
     * credential problem fails the run as a whole before requests go out side by side, instead of failing whichever
     * of them happened to ask for the token first.
     */
    public void signIn() throws GraphException {
        caller.signIn();
    }

    /**
     * What the access token says about the app (its tenant, client and granted application permissions), read from
     * its payload, or empty when it is not a JWT. The token itself never leaves this package (doctor, issue 9 item 6).
     */
    public java.util.Optional<TokenClaims> tokenClaims() throws GraphException {
        return caller.tokenClaims();
    }

    /**
     * How long this run's requests were held back by throttling so far: Graph's {@code Retry-After} pauses and the
     * client's own budget ({@code graph.quota-per-minute}, {@code sync.scan-per-minute}), as wall time (waits that
     * overlap count once).
     */
    public Duration throttleWait() {
        return gate.heldBackThisRun();
    }

    /** Every identityApiConnector of the tenant, all pages. */
    public List<Connector> listConnectors() throws GraphException {
        List<Connector> connectors = new ArrayList<>();
        forEachItem(graph + "/v1.0/identity/apiConnectors?$select=id,displayName", "listing API connectors",
                item -> connectors.add(new Connector(item.path("id").asText(), item.path("displayName").asText())));
        return connectors;
    }

    /**
     * Every identityApiConnector with what Graph reads back of its authentication (issue 9, item 1): the username of
     * basicAuthentication (the password reads {@code "******"}), the certificateList of
     * clientCertificateAuthentication (resources/identityapiconnector.md, resources/pkcs12certificateinformation.md).
     */
    public List<LiveConnector> listConnectorDetails() throws GraphException {
        List<LiveConnector> connectors = new ArrayList<>();
        forEachItem(graph + "/v1.0/identity/apiConnectors?$select=id,displayName,targetUrl,authenticationConfiguration",
                "listing API connectors", item -> connectors.add(liveConnector(item)));
        return connectors;
    }

    private static LiveConnector liveConnector(JsonNode item) {
        JsonNode configuration = item.path("authenticationConfiguration");
        String type = configuration.path("@odata.type").asText("");
        LiveConnector.Authentication authentication;
        if (type.equals("#microsoft.graph.basicAuthentication")) {
            authentication = new LiveConnector.Basic(configuration.path("username").asText(""));
        } else if (type.equals("#microsoft.graph.clientCertificateAuthentication")) {
            List<LiveConnector.CertificateInfo> certificates = new ArrayList<>();
            configuration.path("certificateList").forEach(c -> certificates.add(new LiveConnector.CertificateInfo(
                    c.path("thumbprint").asText(""), instant(c.get("notBefore")), instant(c.get("notAfter")),
                    c.path("isActive").asBoolean(false))));
            authentication = new LiveConnector.Certificates(certificates);
        } else {
            authentication = new LiveConnector.Other(type);
        }
        return new LiveConnector(item.path("id").asText(), item.path("displayName").asText(),
                item.path("targetUrl").asText(""), authentication);
    }

    /** The uploadClientCertificate example gives epoch seconds; an ISO 8601 string is read too. */
    private static Instant instant(JsonNode value) {
        if (value == null || value.isNull()) {
            return Instant.EPOCH;
        }
        if (value.isNumber()) {
            return Instant.ofEpochSecond(value.asLong());
        }
        try {
            return Instant.parse(value.asText());
        } catch (java.time.format.DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    /**
     * {@code POST /identity/apiConnectors} (identityapiconnector-create.md, 201 with the connector): the new id, or
     * Graph's error. The body carries a secret: it is sent and never logged or kept.
     */
    public ConnectorWriteAnswer createConnector(ObjectNode body) throws GraphException {
        HttpAnswer answer = caller.call("POST", graph + "/v1.0/identity/apiConnectors", Optional.of(body));
        if (!answer.ok()) {
            return new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().from(answer)));
        }
        try {
            String id = GraphCaller.JSON.readTree(answer.body()).path("id").asText("");
            return id.isEmpty()
                    ? new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().unusable(answer,
                    "invalid_answer", "the created connector has no id")))
                    : new ConnectorWriteAnswer(Optional.of(id), Optional.empty());
        } catch (java.io.IOException e) {
            return new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().unusable(answer,
                    "invalid_json", "the answer is not JSON")));
        }
    }

    /** {@code PATCH /identity/apiConnectors/{id}} (identityapiconnector-update.md, 204). */
    public Optional<GraphError> updateConnector(String id, ObjectNode body) throws GraphException {
        return errorOf(caller.call("PATCH", connectorUrl(id), Optional.of(body)));
    }

    /** {@code POST .../uploadClientCertificate} (identityapiconnector-uploadclientcertificate.md, 200). */
    public Optional<GraphError> uploadClientCertificate(String id, ObjectNode body) throws GraphException {
        return errorOf(caller.call("POST", connectorUrl(id) + "/uploadClientCertificate", Optional.of(body)));
    }

    /** {@code DELETE /identity/apiConnectors/{id}} (identityapiconnector-delete.md, 204). */
    public Optional<GraphError> deleteConnector(String id) throws GraphException {
        return errorOf(caller.call("DELETE", connectorUrl(id), Optional.empty()));
    }

    /**
     * {@code POST /identity/customAuthenticationExtensions/{id}/validateAuthenticationConfiguration}
     * (customauthenticationextension-validateauthenticationconfiguration.md, beta, 200 with {@code errors} and
     * {@code warnings}): the problems Graph sees in how it would authenticate to the extension's API, such as a
     * missing {@code CustomAuthenticationExtensions.Receive.Payload} consent; empty when there are none. Changes
     * nothing.
     */
    public List<String> validateExtension(String id) throws GraphException {
        String url = graph + "/" + UserFlowKind.EXTERNAL.apiVersion() + "/identity/customAuthenticationExtensions/"
                + segment(id) + "/validateAuthenticationConfiguration";
        HttpAnswer answer = caller.call("POST", url, Optional.of(GraphCaller.JSON.createObjectNode()));
        if (!answer.ok()) {
            throw new GraphException("validating extension " + id, caller.errors().from(answer));
        }
        try {
            List<String> problems = new ArrayList<>();
            JsonNode body = GraphCaller.JSON.readTree(answer.body());
            body.path("errors").forEach(e -> problems.add(e.path("code").asText("error") + ": "
                    + e.path("message").asText("")));
            return problems;
        } catch (java.io.IOException e) {
            throw new GraphException("validating extension " + id, caller.errors().unusable(answer, "invalid_json",
                    "the answer is not JSON"));
        }
    }

    /** What a connector write was answered: the created id for a create, or Graph's error. */
    /**
     * {@code POST /identity/customAuthenticationExtensions} (beta, identitycontainer-post-customauthenticationextensions.md,
     * 201 with the extension; {@code CustomAuthenticationExtension.ReadWrite.All}).
     */
    public ConnectorWriteAnswer createExtension(ManagedExtension extension) throws GraphException {
        HttpAnswer answer = caller.call("POST", extensionUrl(""),
                Optional.of(EventsFlowRequests.extensionBody(extension, List.of(), true)));
        if (!answer.ok()) {
            return new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().from(answer)));
        }
        try {
            String id = GraphCaller.JSON.readTree(answer.body()).path("id").asText("");
            return id.isEmpty()
                    ? new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().unusable(answer,
                    "invalid_answer", "the created extension has no id")))
                    : new ConnectorWriteAnswer(Optional.of(id), Optional.empty());
        } catch (java.io.IOException e) {
            return new ConnectorWriteAnswer(Optional.empty(), Optional.of(caller.errors().unusable(answer,
                    "invalid_json", "the answer is not JSON")));
        }
    }

    /** {@code PATCH /identity/customAuthenticationExtensions/{id}} (beta, customauthenticationextension-update.md, 204). */
    public Optional<GraphError> updateExtension(String id, ManagedExtension extension, Collection<String> fields)
            throws GraphException {
        return errorOf(caller.call("PATCH", extensionUrl("/" + segment(id)),
                Optional.of(EventsFlowRequests.extensionBody(extension, fields, false))));
    }

    private String extensionUrl(String rest) {
        return graph + "/" + UserFlowKind.EXTERNAL.apiVersion() + "/identity/customAuthenticationExtensions" + rest;
    }

    public record ConnectorWriteAnswer(Optional<String> createdId, Optional<GraphError> error) {
    }

    private String connectorUrl(String id) {
        return graph + "/v1.0/identity/apiConnectors/" + segment(id);
    }

    private Optional<GraphError> errorOf(HttpAnswer answer) {
        return answer.ok() ? Optional.empty() : Optional.of(caller.errors().from(answer));
    }

    /**
     * Directory audit entries that match {@code filter}, newest first, {@code pageSize} to a page and at most
     * {@code maxPages} pages ({@code GET /v1.0/auditLogs/directoryAudits}, directoryaudit-list.md: {@code $filter},
     * {@code $top}, paged by {@code @odata.nextLink}). Graph meters this API with the Entra reports, five requests
     * per 10 s per app and tenant (includes/throttling-entra-logs-reports.md), hence the cap. Permission
     * {@code AuditLog.Read.All}; without it Graph answers 403, thrown as a GraphException with that status.
     */
    public AuditRead readDirectoryAudits(String filter, int pageSize, int maxPages) throws GraphException {
        List<AuditEntry> entries = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        String next = graph + "/v1.0/auditLogs/directoryAudits?$filter=" + segment(filter) + "&$top=" + pageSize;
        int pages = 0;
        while (next != null && pages < maxPages && seen.add(next)) {
            JsonNode body = reports.getJson(next, "reading the directory audit log");
            pages++;
            body.path("value").forEach(item -> auditEntry(item).ifPresent(entries::add));
            JsonNode link = body.get("@odata.nextLink");
            next = link == null || link.isNull() ? null : link.asText();
        }
        return new AuditRead(entries, pages, next != null);
    }

    /** An entry without a parsable {@code activityDateTime} cannot be placed in time and is left out. */
    private static Optional<AuditEntry> auditEntry(JsonNode item) {
        Instant at;
        try {
            at = Instant.parse(item.path("activityDateTime").asText(""));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
        JsonNode user = item.path("initiatedBy").path("user");
        JsonNode app = item.path("initiatedBy").path("app");
        Optional<AuditEntry.Initiator> by = Optional.empty();
        if (user.isObject()) {
            by = firstText(user, "userPrincipalName", "displayName", "id")
                    .map(name -> new AuditEntry.Initiator(Attribution.ActorType.USER, name, ""));
        }
        if (by.isEmpty() && app.isObject()) {
            String appId = app.path("appId").asText("");
            by = firstText(app, "displayName", "appId")
                    .map(name -> new AuditEntry.Initiator(Attribution.ActorType.APP, name, appId));
        }
        List<AuditEntry.Target> targets = new ArrayList<>();
        item.path("targetResources").forEach(t -> targets.add(new AuditEntry.Target(t.path("id").asText(""),
                t.path("displayName").asText(""), t.path("type").asText(""))));
        return Optional.of(new AuditEntry(item.path("id").asText(""), at, item.path("activityDisplayName").asText(""),
                by, targets));
    }

    private static Optional<String> firstText(JsonNode node, String... fields) {
        for (String field : fields) {
            JsonNode value = node.get(field);
            if (value != null && value.isTextual() && !value.asText().isBlank()) {
                return Optional.of(value.asText());
            }
        }
        return Optional.empty();
    }

    /**
     * Every customAuthenticationExtension of an external tenant, all pages (customauthenticationextension-list.md,
     * beta, {@code CustomAuthenticationExtension.Read.All}); its type is its {@code @odata.type}.
     */
    public List<CustomExtension> listExtensions() throws GraphException {
        List<CustomExtension> extensions = new ArrayList<>();
        forEachItem(graph + "/" + UserFlowKind.EXTERNAL.apiVersion() + "/identity/customAuthenticationExtensions",
                "listing custom authentication extensions", item -> extensions.add(EventsFlowRequests.listed(item)));
        return extensions;
    }

    /** The ids of every user flow of the given kinds, all pages. */
    public Set<String> listUserFlowIds(Collection<UserFlowKind> kinds) throws GraphException {
        Set<String> ids = new TreeSet<>();
        for (UserFlowKind kind : new TreeSet<>(kinds)) {
            if (kind.isApplication()) {
                // Applications are not listed as such: those a listener of a modelled event includes.
                for (ListenerRequests.Listener l : listListeners()) {
                    if (Step.ON_TOKEN_ISSUANCE_START.listenerType().equals(l.type())
                            || Step.ON_OTP_SEND.listenerType().equals(l.type())) {
                        l.appIds().forEach(app -> ids.add(UserFlowKind.applicationId(app)));
                    }
                }
                continue;
            }
            forEachItem(graph + "/" + kind.collectionPath() + "?$select=id", "listing " + kind.collectionPath(),
                    item -> ids.add(item.path("id").asText()));
        }
        return ids;
    }

    /**
     * The bindings of the given steps of each flow, in batches. A flow that cannot be read gets an error of its own
     * (its answer's, or its batch's when the batch failed as a whole); the others are still read.
     */
    public Map<String, FlowRead> readBindings(Map<String, Set<Step>> stepsByFlow) {
        try {
            observer.readingFlows(stepsByFlow.size());
        } catch (RuntimeException e) {
            LOG.debug("observing the reads failed", e);
        }
        Map<String, Set<Step>> applications = new LinkedHashMap<>();
        stepsByFlow.forEach((id, steps) -> {
            if (UserFlowKind.require(id).isApplication()) {
                applications.put(id, steps);
            }
        });
        Map<String, FlowRead> applicationReads = applications.isEmpty() ? Map.of() : readApplications(applications);
        List<BatchRequest> requests = new ArrayList<>();
        List<String> flowIds = new ArrayList<>(stepsByFlow.keySet());
        flowIds.removeAll(applications.keySet());
        for (int i = 0; i < flowIds.size(); i++) {
            String flowId = flowIds.get(i);
            if (UserFlowKind.require(flowId).callsExtensions()) {
                requests.add(BatchRequest.of(Integer.toString(i), "GET", versionOf(flowId),
                        EventsFlowRequests.flowPath(flowId), Optional.empty()));
                continue;
            }
            String expand = stepsByFlow.get(flowId).stream().sorted().map(Step::graphName)
                    .collect(Collectors.joining(","));
            requests.add(BatchRequest.of(Integer.toString(i), "GET", versionOf(flowId),
                    flowPath(flowId) + "/apiConnectorConfiguration?$expand=" + expand, Optional.empty()));
        }
        Map<String, BatchResult> results = batches.send(requests);
        Map<String, FlowRead> reads = new HashMap<>();
        Map<String, JsonNode> eventsFlows = new LinkedHashMap<>();
        for (int i = 0; i < flowIds.size(); i++) {
            String flowId = flowIds.get(i);
            BatchResult result = results.get(Integer.toString(i));
            if (!(result instanceof BatchResult.Answered a)) {
                reads.put(flowId, FlowRead.failed(flowId, ((BatchResult.Failed) result).error()));
            } else if (!UserFlowKind.require(flowId).callsExtensions()) {
                reads.put(flowId, readFlow(flowId, stepsByFlow.get(flowId), a.answer()));
            } else {
                jsonObject(a.answer()).ifPresentOrElse(body -> eventsFlows.put(flowId, body),
                        () -> reads.put(flowId, FlowRead.failed(flowId, eventsFlowError(a.answer()))));
            }
        }
        reads.putAll(readEvents(eventsFlows, stepsByFlow));
        reads.putAll(applicationReads);
        Map<String, FlowRead> ordered = new LinkedHashMap<>();
        stepsByFlow.keySet().forEach(id -> ordered.put(id, reads.get(id)));
        return ordered;
    }

    /** Every listener of the tenant, all pages (beta: the only version with {@code onEmailOtpSendListener}). */
    private List<ListenerRequests.Listener> listListeners() throws GraphException {
        List<ListenerRequests.Listener> listeners = new ArrayList<>();
        forEachItem(graph + "/" + UserFlowKind.APPLICATION.apiVersion() + ListenerRequests.COLLECTION,
                "listing authentication event listeners", item -> listeners.add(ListenerRequests.listed(item)));
        return listeners;
    }

    /** Applications' events from one listing of the listeners; a failed listing fails each application's read. */
    private Map<String, FlowRead> readApplications(Map<String, Set<Step>> applications) {
        try {
            return ListenerRequests.reads(listListeners(), applications);
        } catch (GraphException e) {
            Map<String, FlowRead> failed = new LinkedHashMap<>();
            applications.keySet().forEach(id -> failed.put(id, FlowRead.failed(id, e.error())));
            return failed;
        }
    }

    private static Optional<JsonNode> jsonObject(HttpAnswer answer) {
        if (!answer.ok()) {
            return Optional.empty();
        }
        try {
            JsonNode body = GraphCaller.JSON.readTree(answer.body());
            return body != null && body.isObject() ? Optional.of(body) : Optional.empty();
        } catch (java.io.IOException e) {
            return Optional.empty();
        }
    }

    private GraphError eventsFlowError(HttpAnswer answer) {
        return answer.ok() ? caller.errors().unusable(answer, "invalid_json", "the authenticationEventsFlow answer is "
                + "not a JSON object") : caller.errors().from(answer);
    }

    /**
     * An external flow's events from its answer; an event whose handler calls a custom extension the answer does not
     * name is read through its {@code customExtension} relationship, in a second round of batches. A 404 there means
     * the handler names no extension, so the event calls nothing; any other failure fails the flow's read.
     */
    private Map<String, FlowRead> readEvents(Map<String, JsonNode> eventsFlows, Map<String, Set<Step>> stepsByFlow) {
        Map<String, Map<Step, Connector>> bindings = new LinkedHashMap<>();
        List<BatchRequest> relationships = new ArrayList<>();
        Map<String, Map.Entry<String, Step>> asked = new HashMap<>();
        eventsFlows.forEach((flowId, body) -> {
            Map<Step, Connector> bound = new EnumMap<>(Step.class);
            bindings.put(flowId, bound);
            for (Step event : new TreeSet<>(stepsByFlow.get(flowId))) {
                EventsFlowRequests.EventState state = EventsFlowRequests.eventState(body, event);
                if (state instanceof EventsFlowRequests.Bound b) {
                    bound.put(event, b.extension());
                } else if (state instanceof EventsFlowRequests.ReadRelationship) {
                    String id = Integer.toString(relationships.size());
                    relationships.add(BatchRequest.of(id, "GET", versionOf(flowId),
                            EventsFlowRequests.extensionPath(flowId, event), Optional.empty()));
                    asked.put(id, Map.entry(flowId, event));
                }
            }
        });
        Map<String, GraphError> failed = new HashMap<>();
        Map<String, BatchResult> results = relationships.isEmpty() ? Map.of() : batches.send(relationships);
        asked.forEach((id, flowEvent) -> {
            String flowId = flowEvent.getKey();
            BatchResult result = results.get(id);
            if (result instanceof BatchResult.Failed f) {
                failed.putIfAbsent(flowId, f.error());
                return;
            }
            HttpAnswer answer = ((BatchResult.Answered) result).answer();
            Optional<Connector> extension = jsonObject(answer).flatMap(EventsFlowRequests::extension);
            if (extension.isPresent()) {
                bindings.get(flowId).put(flowEvent.getValue(), extension.get());
            } else if (answer.status() != 404) {
                failed.putIfAbsent(flowId, eventsFlowError(answer));
            }
        });
        Map<String, FlowRead> reads = new LinkedHashMap<>();
        bindings.forEach((flowId, bound) -> reads.put(flowId, failed.containsKey(flowId)
                ? FlowRead.failed(flowId, failed.get(flowId)) : FlowRead.read(new LiveFlow(flowId, bound))));
        return reads;
    }

    private FlowRead readFlow(String flowId, Set<Step> steps, HttpAnswer answer) {
        if (!answer.ok()) {
            return FlowRead.failed(flowId, caller.errors().from(answer));
        }
        try {
            JsonNode body = GraphCaller.JSON.readTree(answer.body());
            if (body == null || !body.isObject()) {
                throw new java.io.IOException("not a JSON object");
            }
            Map<Step, Connector> bindings = new EnumMap<>(Step.class);
            for (Step step : steps) {
                JsonNode bound = body.get(step.graphName());
                if (bound != null && bound.isObject() && bound.hasNonNull("id")) {
                    bindings.put(step, new Connector(bound.get("id").asText(), bound.path("displayName").asText()));
                }
            }
            return FlowRead.read(new LiveFlow(flowId, bindings));
        } catch (java.io.IOException e) {
            return FlowRead.failed(flowId, caller.errors().unusable(answer, "invalid_json",
                    "the apiConnectorConfiguration answer is not JSON"));
        }
    }

    /**
     * Writes each change with {@code PUT .../{step}/$ref} (bind, rebind) or {@code DELETE .../{step}/$ref}
     * (unbind), in batches; one failing change does not stop the others. Should the service refuse DELETE on a
     * {@code $ref} (400 or 405), that change is written again with the documented {@code PUT} and body {@code {}}
     * (in a round of its own, after the batch that learnt it), and every later unbind of this client uses
     * {@code PUT {}} at once. The DELETEs sent in the same wave as the first refused one were already on their way:
     * each gets its {@code PUT {}} too.
     *
     * <p>Two writes to the same flow never race: they go in successive waves (the first change of every flow, then
     * the second, ...), each wave sent and answered before the next. Chaining them with {@code dependsOn} instead
     * would make a batch partly sequential, and Graph wants a batch "either fully sequential or fully parallel"
     * (json-batching.md), so each flow's chain would need a batch of its own; and a failed write would turn the
     * flow's later writes into 424s instead of letting each change succeed or fail on its own, as it does here.
     * A flow has at most three steps, so there are at most three waves (and a {@code PUT {}} round after a refused
     * DELETE).
     */
    public List<WriteOutcome> write(List<PlanChange> changes) {
        List<List<Integer>> waves = new ArrayList<>();
        Map<String, Integer> writesToFlow = new HashMap<>();
        Map<Integer, Optional<GraphError>> errors = new HashMap<>();
        List<Integer> toApplications = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            if (UserFlowKind.require(changes.get(i).flowId()).isApplication()) {
                toApplications.add(i);
            }
        }
        if (!toApplications.isEmpty()) {
            errors.putAll(writeListeners(changes, toApplications));
        }
        for (int i = 0; i < changes.size(); i++) {
            if (errors.containsKey(i)) {
                continue;
            }
            int wave = writesToFlow.merge(changes.get(i).flowId(), 1, Integer::sum) - 1;
            while (waves.size() <= wave) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(i);
        }
        for (List<Integer> wave : waves) {
            List<BatchRequest> requests = new ArrayList<>();
            for (int i : wave) {
                requests.add(writeRequest(i, changes.get(i), deleteRefused.get()));
            }
            Map<String, BatchResult> results = batches.send(requests);
            List<BatchRequest> emptyPuts = new ArrayList<>();
            for (BatchRequest sent : requests) {
                BatchResult result = results.get(sent.id());
                if (sent.method().equals("DELETE") && result instanceof BatchResult.Answered a
                        && (a.answer().status() == 400 || a.answer().status() == 405)) {
                    if (deleteRefused.compareAndSet(false, true)) {
                        LOG.warn("Graph answered DELETE on a $ref with {}; unbinding with PUT {{}} from now on",
                                caller.errors().from(a.answer()).describe());
                    }
                    emptyPuts.add(removeWithPut(sent));
                    continue;
                }
                errors.put(Integer.valueOf(sent.id()), errorOf(result));
            }
            if (!emptyPuts.isEmpty()) {
                Map<String, BatchResult> retried = batches.send(emptyPuts);
                emptyPuts.forEach(r -> errors.put(Integer.valueOf(r.id()), errorOf(retried.get(r.id()))));
            }
        }
        List<WriteOutcome> outcomes = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            outcomes.add(new WriteOutcome(changes.get(i), errors.get(i)));
        }
        return outcomes;
    }

    /**
     * Applications' events, written to their listeners ({@link ListenerRequests}): the listeners are listed again
     * first, so a write goes to the listener as it is now, and then every write in one round of batches (each
     * application's two events have listeners of their own, so no two writes meet). An unbind whose listener is
     * already gone is done; a write that would change a listener other applications share is refused unsent.
     */
    private Map<Integer, Optional<GraphError>> writeListeners(List<PlanChange> changes, List<Integer> indices) {
        Map<Integer, Optional<GraphError>> errors = new HashMap<>();
        List<ListenerRequests.Listener> listeners;
        try {
            listeners = listListeners();
        } catch (GraphException e) {
            indices.forEach(i -> errors.put(i, Optional.of(e.error())));
            return errors;
        }
        List<BatchRequest> requests = new ArrayList<>();
        String version = UserFlowKind.APPLICATION.apiVersion();
        for (int i : indices) {
            PlanChange change = changes.get(i);
            String appId = UserFlowKind.appIdOf(change.flowId());
            List<ListenerRequests.Listener> serving = ListenerRequests.serving(listeners, appId, change.step());
            if (serving.size() > 1) {
                errors.put(i, Optional.of(ListenerRequests.error(ListenerRequests.AMBIGUOUS, "not written: "
                        + serving.size() + " " + change.step().listenerType() + "s include this application")));
                continue;
            }
            Optional<ListenerRequests.Listener> current = serving.stream().findFirst();
            Optional<GraphError> shared = current.flatMap(l -> ListenerRequests.sharedBy(l, appId));
            if (shared.isPresent()) {
                errors.put(i, shared);
                continue;
            }
            String id = Integer.toString(i);
            if (change.kind() == ChangeKind.UNBIND) {
                if (current.isEmpty()) {
                    errors.put(i, Optional.empty());
                    continue;
                }
                requests.add(BatchRequest.of(id, "DELETE", version,
                        ListenerRequests.listenerPath(segment(current.get().id())), Optional.empty()));
            } else if (current.isEmpty()) {
                requests.add(BatchRequest.of(id, "POST", version, ListenerRequests.COLLECTION,
                        Optional.of(ListenerRequests.createBody(change.step(), appId, change.to().orElseThrow().id()))));
            } else {
                requests.add(BatchRequest.of(id, "PATCH", version,
                        ListenerRequests.listenerPath(segment(current.get().id())),
                        Optional.of(ListenerRequests.handlerPatch(change.step(), change.to().orElseThrow().id()))));
            }
        }
        Map<String, BatchResult> results = requests.isEmpty() ? Map.of() : batches.send(requests);
        requests.forEach(r -> errors.put(Integer.valueOf(r.id()), errorOf(results.get(r.id()))));
        return errors;
    }

    private BatchRequest writeRequest(int index, PlanChange change, boolean deleteRefused) {
        if (change.step().isEvent()) {
            return eventWrite(Integer.toString(index), change);
        }
        String ref = flowPath(change.flowId()) + "/apiConnectorConfiguration/" + change.step().graphName() + "/$ref";
        String id = Integer.toString(index);
        String version = versionOf(change.flowId());
        if (change.kind() != ChangeKind.UNBIND) {
            return BatchRequest.of(id, "PUT", version, ref, Optional.of(odataId(change)));
        }
        BatchRequest delete = BatchRequest.of(id, "DELETE", version, ref, Optional.empty());
        return deleteRefused ? removeWithPut(delete) : delete;
    }

    /** An external flow's event: {@code PUT .../customExtension/$ref}, or {@code PATCH} the event to null. */
    private BatchRequest eventWrite(String id, PlanChange change) {
        String version = versionOf(change.flowId());
        if (change.kind() == ChangeKind.UNBIND) {
            return BatchRequest.of(id, "PATCH", version, EventsFlowRequests.flowPath(change.flowId()),
                    Optional.of(EventsFlowRequests.unbindBody(change.step())));
        }
        return BatchRequest.of(id, "PUT", version, EventsFlowRequests.refPath(change.flowId(), change.step()),
                Optional.of(EventsFlowRequests.refBody(graph, change.to().orElseThrow().id())));
    }

    /** The documented way to remove a reference: {@code PUT .../$ref} with the body {@code {}}. */
    private static BatchRequest removeWithPut(BatchRequest delete) {
        return BatchRequest.of(delete.id(), "PUT", delete.version(), delete.url(),
                Optional.of(GraphCaller.JSON.createObjectNode()));
    }

    private Optional<GraphError> errorOf(BatchResult result) {
        if (result instanceof BatchResult.Answered a) {
            return a.answer().ok() ? Optional.empty() : Optional.of(caller.errors().from(a.answer()));
        }
        return Optional.of(((BatchResult.Failed) result).error());
    }

    private ObjectNode odataId(PlanChange change) {
        String connectorId = change.to().orElseThrow().id();
        String version = UserFlowKind.require(change.flowId()).apiVersion();
        return GraphCaller.JSON.createObjectNode()
                .put("@odata.id", graph + "/" + version + "/identity/apiConnectors/" + segment(connectorId));
    }

    /** Relative to the version, as inside a batch: {@code /identity/b2xUserFlows/B2X_1_a}. */
    private static String flowPath(String flowId) {
        return "/identity/" + UserFlowKind.require(flowId).collection() + "/" + segment(flowId);
    }

    /** B2C flows live under beta only, B2X under v1.0; a batch goes to one version, so they never share one. */
    private static String versionOf(String flowId) {
        return UserFlowKind.require(flowId).apiVersion();
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void forEachItem(String firstPage, String doing, Consumer<JsonNode> consumer) throws GraphException {
        Set<String> seen = new HashSet<>();
        String next = firstPage;
        for (int page = 0; next != null; page++) {
            if (page >= MAX_PAGES || !seen.add(next)) {
                throw new GraphException(doing, new GraphError(200, "paging_loop",
                        "@odata.nextLink does not end", Optional.empty()));
            }
            JsonNode body = caller.getJson(next, doing);
            body.path("value").forEach(consumer);
            JsonNode link = body.get("@odata.nextLink");
            next = link == null || link.isNull() ? null : link.asText();
        }
    }
}
