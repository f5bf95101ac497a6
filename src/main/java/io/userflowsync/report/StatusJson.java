package io.userflowsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.graph.GraphBudget;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.plan.WriteMode;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.scan.ScanStatus;
import io.userflowsync.source.SourceStatus;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The daemon's status as JSON: the source's revisions and problem, and the recent runs, newest first. */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    /** The status of an agent that writes ({@code sync.mode=apply}). */
    public static String render(List<RunStatus.FinishedRun> runs, Optional<SourceStatus> source) {
        return render(runs, source, SyncMode.APPLY);
    }

    /**
     * @param configured {@code sync.mode}; with the newest desired state read ({@code suspend: true}) it makes the
     *                   {@code mode} shown
     */
    /**
     * Where the rolling scan stands: the last run's scope, the sweep's progress and ETA, since when every managed
     * flow has been verified (and so how old the oldest verification may be), and the flows waiting.
     */
    public static ObjectNode scan(ScanStatus scan, Instant now) {
        ObjectNode node = JSON.createObjectNode();
        node.put("lastRun", scan.lastRun());
        node.put("managedFlows", scan.managedFlows());
        node.put("sweptFlows", scan.sweptFlows());
        node.put("progress", scan.managedFlows() == 0 ? 1.0
                : Math.round(1000.0 * scan.sweptFlows() / scan.managedFlows()) / 1000.0);
        node.put("sweepStartedAt", scan.sweepStartedAt().toString());
        scan.eta().ifPresent(t -> node.put("sweepEta", t.toString()));
        scan.verifiedSince().ifPresent(t -> node.put("everyFlowVerifiedSince", t.toString()));
        node.put("oldestVerificationAgeSeconds", scan.oldestVerificationAge(now).toSeconds());
        scan.pass().ifPresent(p -> node.put("fullPass", p));
        node.put("pendingFlows", scan.pending());
        node.put("heldByGuards", scan.held());
        return node;
    }

    /**
     * What the Graph client spends of the app's quota: the quota and the scan share per minute, the ceilings now (lower
     * for a while after Graph refused requests within them), the last minute's spending, and since the daemon started
     * what it sent, what Graph refused (429) and how long requests waited; requests counted as Graph counts them,
     * each inside a {@code $batch} on its own (json-batching.md).
     */
    public static ObjectNode budget(GraphBudget budget) {
        ObjectNode node = JSON.createObjectNode();
        node.put("quotaPerMinute", budget.quotaPerMinute());
        node.put("ceilingPerMinute", budget.ceilingPerMinute());
        node.put("scanPerMinute", budget.scanPerMinute());
        node.put("scanCeilingPerMinute", budget.scanCeilingPerMinute());
        node.put("spentLastMinute", budget.spentLastMinute());
        node.put("scanSpentLastMinute", budget.scanSpentLastMinute());
        node.put("sentSinceStart", budget.spentSinceStart());
        node.put("refusedSinceStart", budget.refusedSinceStart());
        node.put("waitSecondsSinceStart", ThrottleText.exactSeconds(budget.heldBackSinceStart()));
        return node;
    }

    public static String render(List<RunStatus.FinishedRun> runs, Optional<SourceStatus> source, SyncMode configured) {
        ObjectNode root = JSON.createObjectNode();
        // The mode the agent writes in now: the setting, and what the newest desired state a run read says.
        WriteMode mode = WriteMode.of(configured, runs.stream().map(r -> r.run().desired())
                .flatMap(Optional::stream).findFirst());
        ObjectNode modeNode = root.putObject("mode");
        modeNode.put("mode", mode.label());
        modeNode.put("reason", mode.reason());
        modeNode.put("description", mode.describe());
        // The drift the newest plan found, by flow: what an alert on drift in report-only mode looks at.
        runs.stream().map(r -> r.run().plan()).flatMap(Optional::stream).findFirst().ifPresent(plan -> {
            ObjectNode drift = root.putObject("drift");
            drift.put("steps", plan.changes().size());
            // Connectors as code (issue 9, item 1): connector writes the plan found, beside the steps.
            drift.put("connectors", plan.connectors().changes().size());
            ObjectNode byFlow = drift.putObject("byFlow");
            DriftByFlow.of(plan).forEach(byFlow::put);
        });
        // Who changed the drifted steps outside the agent (issue 9, item 4), as the newest run with a plan found it.
        runs.stream().map(RunStatus.FinishedRun::run).filter(r -> r.plan().isPresent()).findFirst().ifPresent(run -> {
            if (root.get("drift") instanceof ObjectNode drift) {
                var changedBy = drift.putArray("changedBy");
                for (PlanChange change : run.requirePlan().changes()) {
                    run.attributions().of(change).ifPresent(a -> {
                        ObjectNode item = changedBy.addObject();
                        item.put("flow", change.flowId());
                        item.put("step", change.step().graphName());
                        item.setAll((ObjectNode) PlanJson.changedBy(Optional.of(a)));
                    });
                }
            }
        });
        source.ifPresent(s -> {
            ObjectNode node = root.putObject("source");
            node.put("healthy", s.healthy());
            s.newestSeen().ifPresent(r -> revision(node.putObject("newestRevision"), r));
            s.lastGood().ifPresent(r -> revision(node.putObject("lastGoodRevision"), r));
            s.problem().ifPresent(p -> {
                ObjectNode problem = node.putObject("problem");
                problem.put("reason", p.reason());
                problem.put("since", p.since().toString());
                p.problems().forEach(v -> problem.withArray("problems").add(v.toString()));
            });
        });
        var list = root.putArray("runs");
        for (RunStatus.FinishedRun finished : runs) {
            SyncRun run = finished.run();
            ObjectNode node = list.addObject();
            RunResult result = run.result();
            node.put("mode", run.mode().name().toLowerCase(Locale.ROOT));
            node.put("result", result.outcome().label());
            node.put("reason", result.reason());
            node.put("startedAt", run.startedAt().toString());
            node.put("finishedAt", finished.finishedAt().toString());
            run.desired().ifPresent(d -> revision(node.putObject("revision"), d.source()));
            run.fallback().ifPresent(f -> node.put("fallbackReason", f.reason()));
            run.plan().ifPresent(p -> {
                node.put("plan", PlanSummary.of(p).sentence());
                if (p.partial()) {
                    node.put("scope", p.coverage().describe());
                }
                node.put("writeMode", p.mode().describe());
                if (p.guards().tripped()) {
                    node.put("guards", p.guards().describe()
                            + (p.guards().overridden() ? " (overridden by --force)" : ""));
                }
            });
            run.applied().ifPresent(a -> node.put("apply", a.summary()));
            run.failure().ifPresent(f -> node.put("failure", f.stage() + ": " + f.message()));
        }
        return root.toPrettyString();
    }

    private static void revision(ObjectNode node, SourceRevision r) {
        node.put("location", r.location());
        r.commitId().ifPresent(id -> node.put("commit", id));
        r.shortId().ifPresent(id -> node.put("shortCommit", id));
        r.authorTime().ifPresent(t -> node.put("authorTime", t.toString()));
        r.subject().ifPresent(s -> node.put("subject", s));
    }
}
