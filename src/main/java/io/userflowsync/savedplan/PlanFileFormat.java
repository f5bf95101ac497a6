package io.userflowsync.savedplan;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.GuardCheck;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanCoverage;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SuppressedChange;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.report.Printable;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The plan file's JSON (docs/export-and-saved-plans.md, Saved plans). Version {@value #VERSION}; a reader refuses any other version, so bump
 * it on any change a version-1 reader would misread.
 *
 * <p>The last key, {@code checksum}, is {@code sha256:} and the SHA-256 of every other key written compactly in the
 * file's order; a file whose content no longer matches it has been edited or damaged, and is refused. Re-indenting
 * does not change the content. This finds edits, not forgeries: anyone can compute a SHA-256. An HMAC would need a
 * key shared by the job that plans and the job that applies, and the agent has none; keep plan files where only your
 * own pipeline writes them (a CI artifact of the same workflow). Whatever a file says, {@code apply} writes only
 * where the live state is still what the file says it saw.
 *
 * <p>Nothing secret is written: the tenant id and the Graph endpoint (both public), the desired state's location
 * and revision (a Git URL never holds credentials: they are refused there), and flow and connector ids and names.
 */
public final class PlanFileFormat {
    public static final int VERSION = 1;
    private static final String CHECKSUM_PREFIX = "sha256:";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    static final String ABOUT = "A saved plan of userflow-connector-sync. Apply exactly these changes with"
            + " 'userflow-connector-sync apply FILE'; it refuses the file when the live state of any changed step is no"
            + " longer what 'from' shows, when it is for another tenant, or when anything in it was edited (checksum).";

    private PlanFileFormat() {
    }

    /** The file's text: indented JSON ending in a newline, its checksum last. */
    public static String write(PlanFile file) {
        ObjectNode root = JSON.objectNode();
        root.put("planFileVersion", VERSION);
        root.put("about", ABOUT);
        root.put("createdAt", file.createdAt().toString());
        root.put("createdBy", file.createdBy());
        ObjectNode target = root.putObject("target");
        target.put("tenantId", file.target().tenantId());
        target.put("graphEndpoint", file.target().graphEndpoint());
        root.set("source", source(file.source()));
        Plan plan = file.plan();
        root.put("policy", plan.policy().settingName());
        ObjectNode summary = root.putObject("summary");
        for (ChangeKind kind : ChangeKind.values()) {
            summary.put(kind.label(), plan.changes().stream().filter(c -> c.kind() == kind).count());
        }
        summary.put("suppressed", plan.suppressed().size());
        summary.put("errors", plan.errors().size());
        summary.put("managedSteps", plan.managedSteps());
        summary.put("inSyncSteps", plan.inSyncSteps());
        if (plan.partial()) {
            // Written so that apply FILE can refuse it: a partial plan says nothing about the flows it did not read.
            ObjectNode coverage = root.putObject("partial");
            coverage.put("plannedFlows", plan.coverage().plannedFlows());
            coverage.put("managedFlows", plan.coverage().managedFlows());
            coverage.put("reason", plan.coverage().reason());
        }
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(c -> changes.add(change(c)));
        ArrayNode suppressed = root.putArray("suppressed");
        plan.suppressed().forEach(s -> suppressed.add(change(s.change()).put("reason", s.reason())));
        ArrayNode errors = root.putArray("errors");
        plan.errors().forEach(e -> errors.add(error(e)));
        root.put("checksum", checksum(root));
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; reaching here is a bug, not an input problem.
            throw new IllegalStateException("could not serialise the plan file", e);
        }
    }

    /**
     * Reads a plan file's text. Checked in this order, so each refusal names the first thing wrong: JSON, a plan file
     * of this version, its checksum, then every key it must have.
     */
    public static PlanFile read(String text) throws PlanFileException {
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            String why = Printable.oneLine(Optional.ofNullable(e.getOriginalMessage()).orElse("unreadable").lines()
                    .findFirst().orElse("unreadable").strip());
            throw new PlanFileException("not a plan file: it is not valid JSON ("
                    + (why.length() > 120 ? why.substring(0, 120) + "..." : why)
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr()) + ")");
        }
        if (root == null || !root.isObject() || !root.has("planFileVersion")) {
            throw new PlanFileException("not a plan file of userflow-connector-sync (it has no planFileVersion);"
                    + " make one with 'plan --out FILE'");
        }
        JsonNode version = root.get("planFileVersion");
        if (!version.isInt() || version.intValue() != VERSION) {
            throw new PlanFileException("plan file version " + version + " is not one this agent reads (it reads "
                    + VERSION + "); plan again with the agent that applies");
        }
        ObjectNode content = ((ObjectNode) root).deepCopy();
        JsonNode saved = content.remove("checksum");
        if (saved == null || !saved.isTextual()) {
            throw new PlanFileException("the plan file has no checksum, so an edit could not be told; plan again");
        }
        if (!MessageDigest.isEqual(saved.textValue().getBytes(StandardCharsets.UTF_8),
                checksum(content).getBytes(StandardCharsets.UTF_8))) {
            throw new PlanFileException("the plan file was edited or damaged after it was written (its checksum does"
                    + " not match its content); plan again");
        }
        try {
            return parse(content);
        } catch (RuntimeException e) {
            // The checksum matched, so the agent wrote this (or someone recomputed the checksum): say what is wrong.
            throw new PlanFileException("the plan file is malformed: " + e.getMessage());
        }
    }

    private static PlanFile parse(JsonNode root) {
        PlanTarget target = new PlanTarget(text(root.path("target"), "graphEndpoint"),
                text(root.path("target"), "tenantId"));
        Policy policy = Policy.parse(text(root, "policy"));
        List<PlanChange> changes = list(root, "changes", PlanFileFormat::change);
        List<SuppressedChange> suppressed = list(root, "suppressed",
                n -> new SuppressedChange(change(n), text(n, "reason")));
        List<PlanError> errors = list(root, "errors", PlanFileFormat::error);
        JsonNode summary = root.path("summary");
        JsonNode partial = root.path("partial");
        PlanCoverage coverage = partial.isObject()
                ? new PlanCoverage(true, number(partial, "plannedFlows"), number(partial, "managedFlows"),
                        text(partial, "reason"))
                : PlanCoverage.FULL;
        Plan plan = new Plan(policy, changes, suppressed, errors, number(summary, "managedSteps"),
                number(summary, "inSyncSteps"), WriteMode.APPLY, GuardCheck.PASSED, ConnectorPlan.NONE, coverage);
        Instant createdAt;
        try {
            createdAt = Instant.parse(text(root, "createdAt"));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("createdAt is not a time: " + root.path("createdAt"));
        }
        return new PlanFile(createdAt, text(root, "createdBy"), target, source(root.path("source")), plan);
    }

    private static ObjectNode source(SourceRevision source) {
        ObjectNode node = JSON.objectNode();
        node.put("location", source.location());
        putOptional(node, "commit", source.commitId());
        putOptional(node, "authorTime", source.authorTime().map(Instant::toString));
        putOptional(node, "subject", source.subject());
        return node;
    }

    private static SourceRevision source(JsonNode node) {
        return new SourceRevision(text(node, "location"), optionalText(node, "commit"),
                optionalText(node, "authorTime").map(Instant::parse), optionalText(node, "subject"));
    }

    private static ObjectNode change(PlanChange change) {
        ObjectNode node = JSON.objectNode();
        node.put("flow", change.flowId());
        node.put("step", change.step().graphName());
        node.put("action", change.kind().label());
        // What the plan saw on this step: apply refuses when the step no longer calls this.
        node.set("from", connector(change.from()));
        node.set("to", connector(change.to()));
        node.set("location", location(change.location()));
        return node;
    }

    private static PlanChange change(JsonNode node) {
        String flow = text(node, "flow");
        if (!UserFlowKind.isFlowId(flow)) {
            throw new IllegalArgumentException("'" + flow + "' is not a user flow id");
        }
        Step step = step(text(node, "step"));
        ChangeKind kind = kind(text(node, "action"));
        Optional<Connector> from = connector(node, "from");
        Optional<Connector> to = connector(node, "to");
        boolean consistent = switch (kind) {
            case BIND -> from.isEmpty() && to.isPresent();
            case REBIND -> from.isPresent() && to.isPresent();
            case UNBIND -> from.isPresent() && to.isEmpty();
        };
        if (!consistent) {
            throw new IllegalArgumentException(flow + " " + step.graphName() + ": action '" + kind.label()
                    + "' does not fit from " + node.path("from") + " and to " + node.path("to"));
        }
        return new PlanChange(flow, step, kind, from, to, location(node.path("location")));
    }

    private static ObjectNode error(PlanError error) {
        ObjectNode node = JSON.objectNode();
        node.put("flow", error.flowId());
        putOptional(node, "step", error.step().map(Step::graphName));
        node.put("kind", error.kind().name());
        node.put("message", error.message());
        if (error.location().isPresent()) {
            node.set("location", location(error.location().get()));
        } else {
            node.putNull("location");
        }
        return node;
    }

    private static PlanError error(JsonNode node) {
        String kind = text(node, "kind");
        PlanError.Kind parsed;
        try {
            parsed = PlanError.Kind.valueOf(kind);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown error kind '" + kind + "'");
        }
        JsonNode location = node.path("location");
        return new PlanError(text(node, "flow"), optionalText(node, "step").map(PlanFileFormat::step), parsed,
                text(node, "message"), location.isObject() ? Optional.of(location(location)) : Optional.empty());
    }

    private static JsonNode connector(Optional<Connector> connector) {
        if (connector.isEmpty()) {
            return JSON.nullNode();
        }
        return JSON.objectNode().put("id", connector.get().id()).put("displayName", connector.get().displayName());
    }

    private static Optional<Connector> connector(JsonNode parent, String key) {
        JsonNode node = parent.get(key);
        if (node == null) {
            throw new IllegalArgumentException("a change has no '" + key + "'");
        }
        if (node.isNull()) {
            return Optional.empty();
        }
        String id = text(node, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a connector has a blank id");
        }
        return Optional.of(new Connector(id, text(node, "displayName")));
    }

    private static ObjectNode location(SourceLocation location) {
        return JSON.objectNode().put("file", location.file()).put("line", location.line())
                .put("column", location.column());
    }

    private static SourceLocation location(JsonNode node) {
        return new SourceLocation(text(node, "file"), number(node, "line"), number(node, "column"));
    }

    private static Step step(String name) {
        return Step.fromGraphName(name).orElseThrow(() -> new IllegalArgumentException("unknown step '" + name + "'"));
    }

    private static ChangeKind kind(String label) {
        for (ChangeKind kind : ChangeKind.values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown action '" + label + "'");
    }

    private static <T> List<T> list(JsonNode root, String key, Function<JsonNode, T> item) {
        JsonNode array = root.get(key);
        if (array == null || !array.isArray()) {
            throw new IllegalArgumentException("'" + key + "' is not a list");
        }
        List<T> items = new ArrayList<>();
        array.forEach(n -> items.add(item.apply(n)));
        return items;
    }

    private static String text(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' is missing or not text");
        }
        return value.textValue();
    }

    private static Optional<String> optionalText(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException("'" + key + "' is not text");
        }
        return Optional.of(value.textValue());
    }

    private static int number(JsonNode node, String key) {
        JsonNode value = node.get(key);
        if (value == null || !value.isInt() || value.intValue() < 0) {
            throw new IllegalArgumentException("'" + key + "' is missing or not a whole number");
        }
        return value.intValue();
    }

    private static void putOptional(ObjectNode node, String key, Optional<String> value) {
        if (value.isPresent()) {
            node.put(key, value.get());
        } else {
            node.putNull(key);
        }
    }

    /** {@code sha256:} and the hex SHA-256 of the document (without its checksum) as compact JSON in its order. */
    private static String checksum(ObjectNode withoutChecksum) {
        try {
            byte[] canonical = MAPPER.writeValueAsBytes(withoutChecksum);
            return CHECKSUM_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical))
                    .toLowerCase(Locale.ROOT);
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("could not compute the plan file's checksum", e);
        }
    }
}
