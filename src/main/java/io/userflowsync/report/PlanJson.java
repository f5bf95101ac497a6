package io.userflowsync.report;

import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorPlan;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.forensics.Attribution;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.GuardTrip;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanCoverage;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.SuppressedChange;
import io.userflowsync.plan.WriteMode;

import java.time.Instant;
import java.util.Optional;

/**
 * The plan for machines (CI gates, dashboards). Keys are written in a fixed order and absent values as JSON
 * {@code null}, so the output of two runs can be diffed. Bump {@link #FORMAT_VERSION} on any incompatible change.
 */
public final class PlanJson {
    /** 2: {@code summary.blocked} and {@code summary.inputErrors} are gone, as errors no longer block (issue 6, 11). */
    public static final int FORMAT_VERSION = 2;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private PlanJson() {
    }

    public static JsonNode render(Plan plan, SourceRevision source) {
        return render(plan, source, Attributions.NONE);
    }

    /**
     * With {@code changes[].changedBy} ({@code actor}, {@code actorType}, {@code at}, {@code activity}, or
     * {@code null}): who changed the step outside the agent, by the audit log (issue 9, item 4). An added key, so
     * {@link #FORMAT_VERSION} stays.
     */
    public static JsonNode render(Plan plan, SourceRevision source, Attributions attributions) {
        ObjectNode root = JSON.objectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.set("source", source(source));
        root.put("policy", plan.policy().settingName());
        root.set("summary", summary(plan));
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(c -> changes.add(change(c).set("changedBy", changedBy(attributions.of(c)))));
        ArrayNode suppressed = root.putArray("suppressed");
        plan.suppressed().forEach(s -> suppressed.add(suppressed(s)));
        ArrayNode errors = root.putArray("errors");
        plan.errors().forEach(e -> errors.add(error(e)));
        root.set("mode", mode(plan.mode()));
        root.set("guards", guards(plan.guards()));
        root.set("connectors", connectors(plan.connectors()));
        return root;
    }

    /**
     * Connectors as code (issue 9, item 1), an added key (so {@link #FORMAT_VERSION} stays): {@code changes} (each
     * with {@code key}, {@code action} create/update/uploadCertificate/delete, {@code id} or null for a create,
     * {@code displayName}, {@code fields} of {@code field}/{@code from}/{@code to} where a secret's {@code to} is
     * {@code "(sensitive)"}, {@code sendsSecret}, {@code location}), {@code heldBack} (a change and its
     * {@code reason}), {@code problems} ({@code key}, {@code message}) and {@code inSync}. All empty and 0 when the
     * desired state manages no connector.
     */
    static ObjectNode connectors(ConnectorPlan plan) {
        ObjectNode node = JSON.objectNode();
        ArrayNode changes = node.putArray("changes");
        plan.changes().forEach(c -> changes.add(connectorChange(c)));
        ArrayNode heldBack = node.putArray("heldBack");
        plan.heldBack().forEach(h -> heldBack.add(connectorChange(h.change()).put("reason", h.reason())));
        ArrayNode problems = node.putArray("problems");
        plan.problems().forEach(p -> problems.addObject().put("key", p.key()).put("target", p.target().noun())
                .put("message", p.message()));
        node.put("inSync", plan.inSync());
        node.put("extensionsInSync", plan.extensionsInSync());
        return node;
    }

    static ObjectNode connectorChange(ConnectorChange change) {
        ObjectNode node = JSON.objectNode();
        node.put("key", change.key());
        node.put("target", change.target().noun());
        node.put("action", switch (change.action()) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case UPLOAD_CERTIFICATE -> "uploadCertificate";
            case DELETE -> "delete";
        });
        putOptional(node, "id", change.connectorId());
        node.put("displayName", change.displayName());
        ArrayNode fields = node.putArray("fields");
        for (ConnectorChange.FieldChange field : change.fields()) {
            ObjectNode f = fields.addObject();
            f.put("field", field.field());
            putOptional(f, "from", field.from());
            f.put("to", field.to());
        }
        node.put("sendsSecret", change.sendsSecret());
        putOptional(node, "location", change.location().map(Object::toString));
        return node;
    }

    /** {@code {"mode": "report", "reason": "suspended", "description": "...", "suspendedAt": "flows.yaml:1:1"}} */
    private static ObjectNode mode(WriteMode mode) {
        ObjectNode node = JSON.objectNode();
        node.put("mode", mode.label());
        node.put("reason", mode.reason());
        node.put("description", mode.describe());
        putOptional(node, "suspendedAt", mode.suspendedAt().map(Object::toString));
        return node;
    }

    /** The limits as set, each limit the plan is over, and whether this run writes it anyway. */
    private static ObjectNode guards(GuardCheck guards) {
        ObjectNode node = JSON.objectNode();
        node.put("maxUnbinds", guards.limits().maxUnbinds().toString());
        node.put("maxChanges", guards.limits().maxChanges().toString());
        node.put("holdsBack", guards.holdsBack());
        node.put("overridden", guards.overridden());
        ArrayNode tripped = node.putArray("tripped");
        for (GuardTrip trip : guards.trips()) {
            ObjectNode t = tripped.addObject();
            t.put("setting", trip.guard().setting().key());
            t.put("count", trip.count());
            t.put("limit", trip.limit().toString());
            t.put("allowed", trip.allowed());
            t.put("message", trip.describe());
        }
        return node;
    }

    /** {@link #render} as indented JSON text, ready to write to a file or stdout. */
    public static String renderText(Plan plan, SourceRevision source) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(render(plan, source));
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; reaching here is a bug, not an input problem.
            throw new IllegalStateException("could not serialise the plan as JSON", e);
        }
    }

    static ObjectNode source(SourceRevision source) {
        ObjectNode node = JSON.objectNode();
        node.put("location", source.location());
        putOptional(node, "commit", source.commitId());
        putOptional(node, "authorTime", source.authorTime().map(Instant::toString));
        putOptional(node, "subject", source.subject());
        return node;
    }

    private static ObjectNode summary(Plan plan) {
        PlanSummary counts = PlanSummary.of(plan);
        ObjectNode node = JSON.objectNode();
        node.put("bind", counts.bind());
        node.put("rebind", counts.rebind());
        node.put("unbind", counts.unbind());
        node.put("suppressed", counts.suppressed());
        node.put("errors", counts.errors());
        node.put("managedSteps", counts.managedSteps());
        node.put("inSyncSteps", counts.inSyncSteps());
        node.put("drift", plan.hasDrift());
        node.put("connectorChanges", plan.connectors().changes().size());
        node.put("partial", plan.partial());
        if (!plan.coverage().equals(PlanCoverage.FULL)) {
            node.put("plannedFlows", plan.coverage().plannedFlows());
            node.put("managedFlows", plan.coverage().managedFlows());
            node.put("scope", plan.coverage().reason());
        }
        return node;
    }

    static ObjectNode change(PlanChange change) {
        ObjectNode node = JSON.objectNode();
        node.put("flow", change.flowId());
        node.put("step", change.step().graphName());
        node.put("action", change.kind().label());
        node.set("from", connector(change.from()));
        node.set("to", connector(change.to()));
        node.put("location", change.location().toString());
        return node;
    }

    /** {@code {"actor": "alice@contoso.com", "actorType": "user", "at": "...", "activity": "Update user flow"}} */
    public static JsonNode changedBy(Optional<Attribution> attribution) {
        if (attribution.isEmpty()) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.objectNode();
        node.put("actor", attribution.get().actor());
        node.put("actorType", attribution.get().actorType().label());
        node.put("at", attribution.get().at().toString());
        node.put("activity", attribution.get().activity());
        return node;
    }

    private static ObjectNode suppressed(SuppressedChange held) {
        ObjectNode node = change(held.change());
        node.put("reason", held.reason());
        return node;
    }

    private static ObjectNode error(PlanError error) {
        ObjectNode node = JSON.objectNode();
        node.put("flow", error.flowId());
        putOptional(node, "step", error.step().map(s -> s.graphName()));
        node.put("kind", error.kind().name());
        node.put("message", error.message());
        putOptional(node, "location", error.location().map(Object::toString));
        return node;
    }

    static JsonNode connector(Optional<Connector> connector) {
        if (connector.isEmpty()) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.objectNode();
        node.put("id", connector.get().id());
        node.put("displayName", connector.get().displayName());
        return node;
    }

    static void putOptional(ObjectNode node, String key, Optional<String> value) {
        if (value.isPresent()) {
            node.put(key, value.get());
        } else {
            node.putNull(key);
        }
    }
}
