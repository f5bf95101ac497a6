package io.userflowsync.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.connector.ConnectorApplier;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;
import io.userflowsync.source.SourceOutcome;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What {@code --output json} prints: exactly one JSON document per command, whatever happened (human text goes to
 * stderr). For {@code plan} and {@code apply} it is the plan document of {@link PlanJson} (its format version) with
 * the run's result added; keys are always present, {@code null} where a run has no such part (a run that stopped
 * before planning has {@code "changes": null}, never an empty list that would read as "no drift").
 */
public final class RunJson {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final List<String> PLAN_KEYS = List.of("source", "policy", "summary", "changes", "suppressed",
            "errors", "mode", "guards", "connectors");

    private RunJson() {
    }

    /** {@code plan} and {@code apply}: the plan, the apply results, the fallback, the problems and the result. */
    public static String run(String command, SyncRun run) {
        ObjectNode root;
        if (run.plan().isPresent()) {
            root = (ObjectNode) PlanJson.render(run.requirePlan(), run.requireDesired().source(),
                    run.attributions());
        } else {
            root = JSON.objectNode();
            root.put("formatVersion", PlanJson.FORMAT_VERSION);
            PLAN_KEYS.forEach(root::putNull);
            run.desired().ifPresent(d -> root.set("source", PlanJson.source(d.source())));
        }
        RunResult result = run.result();
        root.put("command", command);
        root.put("result", result.outcome().label());
        root.put("reason", result.reason());
        root.put("exitCode", result.exitCode());
        root.set("sourceFallback", run.fallback().<JsonNode>map(RunJson::fallback).orElse(JSON.nullNode()));
        root.set("apply", run.applied().<JsonNode>map(RunJson::apply).orElse(JSON.nullNode()));
        // Requests as Graph counts them against its quota, each inside a $batch on its own (json-batching.md).
        root.putObject("graph").put("throttleWaitSeconds", ThrottleText.exactSeconds(run.graphThrottleWait()))
                .put("requestsSent", run.graphBudget().spentThisRun())
                .put("requestsRefused", run.graphBudget().refusedThisRun());
        root.set("problems", problems(run.failure().map(f -> f.problems()).orElse(List.of())));
        return text(root);
    }

    /** {@code validate}: valid or not, what was read, and every problem with its place. */
    public static String validation(Optional<DesiredState> valid, Optional<SourceRevision> source, String reason,
                                    List<ValidationProblem> problems, int exitCode) {
        ObjectNode root = JSON.objectNode();
        root.put("formatVersion", PlanJson.FORMAT_VERSION);
        root.put("command", "validate");
        root.put("result", valid.isPresent() ? "valid" : "invalid");
        root.put("reason", reason);
        root.put("exitCode", exitCode);
        root.set("source", source.map(s -> (JsonNode) PlanJson.source(s)).orElse(JSON.nullNode()));
        if (valid.isPresent()) {
            root.put("userFlows", valid.get().flows().size());
            root.put("managedSteps", valid.get().flows().stream().mapToLong(f -> f.steps().size()).sum());
        } else {
            root.putNull("userFlows");
            root.putNull("managedSteps");
        }
        root.set("problems", problems(problems));
        return text(root);
    }

    private static ObjectNode fallback(SourceOutcome.Fallback f) {
        ObjectNode node = JSON.objectNode();
        node.put("reason", f.reason());
        PlanJson.putOptional(node, "failedCommit", f.failedRevision().flatMap(SourceRevision::commitId));
        node.set("problems", problems(f.problems()));
        return node;
    }

    private static ObjectNode apply(ApplyReport report) {
        ObjectNode node = JSON.objectNode();
        ObjectNode summary = node.putObject("summary");
        summary.put("applied", report.applied());
        for (ChangeOutcome outcome : ChangeOutcome.values()) {
            summary.put(camel(outcome), report.count(outcome));
        }
        summary.put("skipped", report.skipped());
        // Why nothing was written (report-only, or a guard), or null when the apply wrote.
        PlanJson.putOptional(node, "refused", report.refusal().map(r -> r.reason()));
        ArrayNode results = node.putArray("results");
        for (ChangeResult r : report.results()) {
            ObjectNode item = PlanJson.change(r.change());
            item.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT));
            item.set("observed", PlanJson.connector(r.observed()));
            PlanJson.putOptional(item, "error", r.error().map(e -> e.describe()));
            results.add(item);
        }
        // Connector writes, made before the binding writes (issue 9, item 1); an added key.
        ArrayNode connectors = node.putArray("connectorResults");
        for (ConnectorApplier.Result r : report.connectorResults()) {
            ObjectNode item = PlanJson.connectorChange(r.change());
            item.put("outcome", r.done() ? "done" : "failed");
            PlanJson.putOptional(item, "createdId", r.createdId());
            PlanJson.putOptional(item, "error", r.error().map(e -> e.describe()).or(r::problem));
            connectors.add(item);
        }
        return node;
    }

    /** {@code NOT_EFFECTIVE} → {@code notEffective}, the style of the plan document's keys. */
    private static String camel(ChangeOutcome outcome) {
        String[] words = outcome.name().toLowerCase(Locale.ROOT).split("_");
        StringBuilder sb = new StringBuilder(words[0]);
        for (int i = 1; i < words.length; i++) {
            sb.append(Character.toUpperCase(words[i].charAt(0))).append(words[i].substring(1));
        }
        return sb.toString();
    }

    private static ArrayNode problems(List<ValidationProblem> problems) {
        ArrayNode list = JSON.arrayNode();
        for (ValidationProblem p : problems) {
            ObjectNode node = list.addObject();
            node.put("file", p.location().file());
            node.put("line", p.location().line());
            node.put("column", p.location().column());
            node.put("message", p.reason());
        }
        return list;
    }

    private static String text(JsonNode root) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not serialise the run as JSON", e);
        }
    }
}
