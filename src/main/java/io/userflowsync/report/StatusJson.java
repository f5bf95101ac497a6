package io.userflowsync.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.source.SourceStatus;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The daemon's status as JSON: the source's revisions and problem, and the recent runs, newest first. */
public final class StatusJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StatusJson() {
    }

    public static String render(List<RunStatus.FinishedRun> runs, Optional<SourceStatus> source) {
        ObjectNode root = JSON.createObjectNode();
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
            node.put("mode", run.mode().name().toLowerCase(Locale.ROOT));
            node.put("startedAt", run.startedAt().toString());
            node.put("finishedAt", finished.finishedAt().toString());
            run.desired().ifPresent(d -> revision(node.putObject("revision"), d.source()));
            run.fallback().ifPresent(f -> node.put("fallbackReason", f.reason()));
            run.plan().ifPresent(p -> node.put("plan", PlanSummary.of(p).sentence()));
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
