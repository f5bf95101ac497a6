package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.Connector;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything the agent asks of Microsoft Graph. Operations take many flows or many changes at once, so that how they
 * are sent (one by one today, JSON batches later) stays behind this type.
 */
public final class GraphClient {
    private static final Logger LOG = LoggerFactory.getLogger(GraphClient.class);
    /** A collection that pages more than this is not a tenant we understand; stop instead of looping forever. */
    private static final int MAX_PAGES = 10_000;

    private final GraphCaller caller;
    private final String graph;

    GraphClient(GraphCaller caller, String graphEndpoint) {
        this.caller = caller;
        this.graph = ClientSecretCredential.trimSlash(graphEndpoint);
    }

    /** Every identityApiConnector of the tenant, all pages. */
    public List<Connector> listConnectors() throws GraphException {
        List<Connector> connectors = new ArrayList<>();
        forEachItem(graph + "/v1.0/identity/apiConnectors?$select=id,displayName", "listing API connectors",
                item -> connectors.add(new Connector(item.path("id").asText(), item.path("displayName").asText())));
        return connectors;
    }

    /** The ids of every user flow of the given kinds, all pages. */
    public Set<String> listUserFlowIds(Collection<UserFlowKind> kinds) throws GraphException {
        Set<String> ids = new TreeSet<>();
        for (UserFlowKind kind : new TreeSet<>(kinds)) {
            forEachItem(graph + "/" + kind.collectionPath() + "?$select=id", "listing " + kind.collectionPath(),
                    item -> ids.add(item.path("id").asText()));
        }
        return ids;
    }

    /**
     * The bindings of the given steps of each flow. A flow that cannot be read gets an error of its own; the
     * others are still read.
     */
    public Map<String, FlowRead> readBindings(Map<String, Set<Step>> stepsByFlow) {
        Map<String, FlowRead> reads = new LinkedHashMap<>();
        for (Map.Entry<String, Set<Step>> e : stepsByFlow.entrySet()) {
            FlowRead read;
            try {
                read = readFlow(e.getKey(), e.getValue());
            } catch (GraphException noAnswer) {
                read = FlowRead.failed(e.getKey(), noAnswer.error());
            }
            reads.put(e.getKey(), read);
        }
        return reads;
    }

    private FlowRead readFlow(String flowId, Set<Step> steps) throws GraphException {
        String expand = steps.stream().sorted().map(Step::graphName).collect(Collectors.joining(","));
        String url = flowUrl(flowId) + "/apiConnectorConfiguration?$expand=" + expand;
        HttpAnswer answer = caller.call("GET", url, Optional.empty());
        if (!answer.ok()) {
            return FlowRead.failed(flowId, caller.errors().from(answer));
        }
        try {
            JsonNode body = GraphCaller.JSON.readTree(answer.body());
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
     * (unbind), in order; one failing change does not stop the others. Should the service refuse DELETE on a
     * {@code $ref} (400 or 405), the rest of this call unbinds with the documented {@code PUT} and body {@code {}}.
     */
    public List<WriteOutcome> write(List<PlanChange> changes) {
        List<WriteOutcome> outcomes = new ArrayList<>();
        UnbindMethod unbind = new UnbindMethod();
        for (PlanChange change : changes) {
            Optional<io.userflowsync.model.GraphError> error;
            try {
                HttpAnswer answer = writeOne(change, unbind);
                error = answer.ok() ? Optional.empty() : Optional.of(caller.errors().from(answer));
            } catch (GraphException noAnswer) {
                error = Optional.of(noAnswer.error());
            }
            outcomes.add(new WriteOutcome(change, error));
        }
        return outcomes;
    }

    private HttpAnswer writeOne(PlanChange change, UnbindMethod unbind) throws GraphException {
        String ref = flowUrl(change.flowId()) + "/apiConnectorConfiguration/" + change.step().graphName() + "/$ref";
        if (change.kind() != ChangeKind.UNBIND) {
            return caller.call("PUT", ref, Optional.of(odataId(change)));
        }
        if (unbind.deleteRefused) {
            return caller.call("PUT", ref, Optional.of(GraphCaller.JSON.createObjectNode()));
        }
        HttpAnswer answer = caller.call("DELETE", ref, Optional.empty());
        if (answer.status() == 400 || answer.status() == 405) {
            unbind.deleteRefused = true;
            LOG.warn("Graph answered DELETE on a $ref with {}; unbinding with PUT {{}} for the rest of this run",
                    caller.errors().from(answer).describe());
            return caller.call("PUT", ref, Optional.of(GraphCaller.JSON.createObjectNode()));
        }
        return answer;
    }

    /** Whether this write call has learnt that the service refuses DELETE on a $ref. */
    private static final class UnbindMethod {
        private boolean deleteRefused;
    }

    private ObjectNode odataId(PlanChange change) {
        String connectorId = change.to().orElseThrow().id();
        String version = UserFlowKind.require(change.flowId()).apiVersion();
        return GraphCaller.JSON.createObjectNode()
                .put("@odata.id", graph + "/" + version + "/identity/apiConnectors/" + segment(connectorId));
    }

    private String flowUrl(String flowId) {
        return graph + "/" + UserFlowKind.require(flowId).collectionPath() + "/" + segment(flowId);
    }

    private static String segment(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private void forEachItem(String firstPage, String doing, Consumer<JsonNode> consumer) throws GraphException {
        Set<String> seen = new HashSet<>();
        String next = firstPage;
        for (int page = 0; next != null; page++) {
            if (page >= MAX_PAGES || !seen.add(next)) {
                throw new GraphException(doing, new io.userflowsync.model.GraphError(200, "paging_loop",
                        "@odata.nextLink does not end", Optional.empty()));
            }
            JsonNode body = caller.getJson(next, doing);
            body.path("value").forEach(consumer);
            JsonNode link = body.get("@odata.nextLink");
            next = link == null || link.isNull() ? null : link.asText();
        }
    }
}
