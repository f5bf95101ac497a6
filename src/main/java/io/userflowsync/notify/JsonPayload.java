package io.userflowsync.notify;

import io.userflowsync.connector.ConnectorChange;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.report.PlanJson;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code json} notification: one document per event, for any HTTP receiver (docs/notifications.md). Every key is
 * always present, {@code null} where the run has no such part (no plan: {@code changes} and {@code counts} are
 * {@code null}, never an empty list that would read as "no drift"). Nothing about the tenant itself (no tenant or
 * client id, no setting): the flows, steps and connectors the desired state names, the run's result and revision.
 * Bump {@link #FORMAT_VERSION} on any incompatible change.
 */
public final class JsonPayload {
    public static final int FORMAT_VERSION = 1;
    /** A plan of thousands of changes stays a document a receiver takes; the counts still say how many there were. */
    static final int MAX_CHANGES = 100;
    static final int MAX_PROBLEMS = 20;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private JsonPayload() {
    }

    public static ObjectNode render(RunEvent event, AgentInfo agent) {
        SyncRun run = event.run();
        RunResult result = event.result();
        ObjectNode root = JSON.objectNode();
        root.put("formatVersion", FORMAT_VERSION);
        root.put("event", event.kind().label());
        root.put("title", EventText.title(event));
        root.put("result", result.outcome().label());
        root.put("reason", result.reason());
        putOptional(root, "recoveredFrom", event.recoveredFrom());
        // With sync.tenants only (issue 9 item 3): an added key, formatVersion stays 1, and an agent of one tenant
        // sends exactly what it sent before.
        event.tenant().ifPresent(t -> root.put("tenant", t));
        root.put("mode", mode(run));
        root.set("revision", run.desired().<JsonNode>map(d -> revision(d.source())).orElse(JSON.nullNode()));
        root.set("fallback", run.fallback().<JsonNode>map(f -> {
            ObjectNode node = JSON.objectNode();
            node.put("reason", f.reason());
            putOptional(node, "failedCommit", f.failedRevision().flatMap(SourceRevision::commitId));
            return node;
        }).orElse(JSON.nullNode()));
        root.set("changes", run.plan().<JsonNode>map(p -> changes(run, p)).orElse(JSON.nullNode()));
        root.put("changesOmitted", run.plan().map(p -> Math.max(0, p.changes().size() - MAX_CHANGES)).orElse(0));
        // Connectors as code (issue 9, item 1), an added key: each planned connector write (never a secret; a
        // secret field reads "(sensitive)"), and with an apply whether it was done.
        root.set("connectorChanges", run.plan().<JsonNode>map(p -> connectorChanges(run, p)).orElse(JSON.nullNode()));
        root.set("counts", run.plan().<JsonNode>map(p -> counts(p, run.applied())).orElse(JSON.nullNode()));
        root.set("problems", problems(run));
        root.put("startedAt", run.startedAt().toString());
        root.put("finishedAt", event.finishedAt().toString());
        ObjectNode a = root.putObject("agent");
        a.put("name", agent.name());
        a.put("version", agent.version());
        a.put("instance", agent.instance());
        return root;
    }

    private static ArrayNode connectorChanges(SyncRun run, io.userflowsync.plan.Plan plan) {
        ArrayNode list = JSON.arrayNode();
        for (ConnectorChange c : plan.connectors().changes()) {
            ObjectNode node = list.addObject();
            node.put("key", c.key());
            node.put("action", c.action().name().toLowerCase(Locale.ROOT));
            node.put("displayName", c.displayName());
            putOptional(node, "id", c.connectorId());
            ArrayNode fields = node.putArray("fields");
            c.fields().forEach(f -> fields.add(f.field()));
            putOptional(node, "outcome", run.applied().flatMap(a -> a.connectorResults().stream()
                    .filter(r -> r.change().equals(c)).findFirst()).map(r -> r.done() ? "done" : "failed"));
        }
        return list;
    }

    /** {@code apply} or {@code plan}: what the run was asked to do. */
    static String mode(SyncRun run) {
        return run.mode().name().toLowerCase(Locale.ROOT);
    }

    private static ObjectNode revision(SourceRevision r) {
        ObjectNode node = JSON.objectNode();
        node.put("location", r.location());
        putOptional(node, "commit", r.commitId());
        putOptional(node, "subject", r.subject());
        return node;
    }

    private static ArrayNode changes(SyncRun run, Plan plan) {
        ArrayNode list = JSON.arrayNode();
        for (PlanChange c : plan.changes().subList(0, Math.min(plan.changes().size(), MAX_CHANGES))) {
            ObjectNode node = list.addObject();
            node.put("flow", c.flowId());
            node.put("step", c.step().graphName());
            node.put("action", c.kind().label());
            node.set("from", connector(c.from()));
            node.set("to", connector(c.to()));
            // who changed the step outside the agent (issue 9, item 4), or null: an added key, formatVersion stays 1
            node.set("changedBy", PlanJson.changedBy(run.attributions().of(c)));
            // verified, not_effective, unverified, failed: the labels of the metric and --output json
            putOptional(node, "outcome", run.applied().flatMap(a -> a.results().stream()
                    .filter(r -> r.change().equals(c)).findFirst())
                    .map(r -> r.outcome().name().toLowerCase(Locale.ROOT)));
        }
        return list;
    }

    private static ObjectNode counts(Plan plan, Optional<ApplyReport> applied) {
        ObjectNode node = JSON.objectNode();
        for (ChangeKind kind : ChangeKind.values()) {
            node.put(kind.label(), plan.changes().stream().filter(c -> c.kind() == kind).count());
        }
        node.put("suppressed", plan.suppressed().size());
        node.put("errors", plan.errors().size());
        node.put("managedSteps", plan.managedSteps());
        node.put("inSyncSteps", plan.inSyncSteps());
        if (applied.isPresent()) {
            ObjectNode a = node.putObject("apply");
            a.put("verified", applied.get().count(ChangeOutcome.VERIFIED));
            a.put("notEffective", applied.get().count(ChangeOutcome.NOT_EFFECTIVE));
            a.put("unverified", applied.get().count(ChangeOutcome.UNVERIFIED));
            a.put("failed", applied.get().count(ChangeOutcome.FAILED));
        } else {
            node.putNull("apply");
        }
        return node;
    }

    /** The desired state's problems with their places: a blocked run's, or the revision a fallback skipped. */
    private static ArrayNode problems(SyncRun run) {
        List<ValidationProblem> problems = run.failure().map(f -> f.problems())
                .or(() -> run.fallback().map(f -> f.problems())).orElse(List.of());
        ArrayNode list = JSON.arrayNode();
        for (ValidationProblem p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))) {
            ObjectNode node = list.addObject();
            node.put("file", p.location().file());
            node.put("line", p.location().line());
            node.put("column", p.location().column());
            node.put("message", p.reason());
        }
        return list;
    }

    private static JsonNode connector(Optional<Connector> connector) {
        if (connector.isEmpty()) {
            return JSON.nullNode();
        }
        ObjectNode node = JSON.objectNode();
        node.put("id", connector.get().id());
        node.put("displayName", connector.get().displayName());
        return node;
    }

    private static void putOptional(ObjectNode node, String key, Optional<String> value) {
        if (value.isPresent()) {
            node.put(key, value.get());
        } else {
            node.putNull(key);
        }
    }
}
