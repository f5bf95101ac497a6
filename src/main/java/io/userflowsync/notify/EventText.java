package io.userflowsync.notify;

import io.userflowsync.apply.ChangeResult;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.run.SyncRun;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The words the chat formats (Slack, Teams) share, so both say the same thing about a run. */
final class EventText {
    /** Chat messages list this many changes, then "and N more": Slack caps a section at 3,000 characters, Teams a message at 28 KB. */
    static final int CHAT_CHANGES = 10;
    static final int CHAT_PROBLEMS = 5;

    private EventText() {
    }

    /** {@code New drift: 3 changes to make}, {@code Recovered (was failed): in sync} */
    static String title(RunEvent event) {
        return event.tenant().map(t -> "[" + t + "] ").orElse("") + switch (event.kind()) {
            case DRIFT -> "New drift: " + changes(event.run()) + " to make";
            case APPLIED -> "Applied " + changes(event.run());
            case FAILURE -> "Sync " + words(event.result().outcome().label());
            case FALLBACK -> "Using the last good revision";
            case RECOVERED -> "Recovered (was " + words(event.recoveredFrom().orElse("failing")) + "): "
                    + now(event);
        };
    }

    /** What the recovering run came to, in a few words. */
    private static String now(RunEvent event) {
        return switch (event.result().outcome()) {
            case APPLIED -> "applied " + changes(event.run());
            case DRIFT -> changes(event.run()) + " to make";
            default -> words(event.result().outcome().label());
        };
    }

    private static String words(String label) {
        return label.replace('_', ' ');
    }

    private static String changes(SyncRun run) {
        int n = run.plan().map(p -> p.writeCount()).orElse(0);
        return n + (n == 1 ? " change" : " changes");
    }

    /** {@code https://git.example/idp.git @ 3f2a9c1d0e4b "Bind partner check"}, or none before the source was read. */
    static Optional<String> revision(SyncRun run) {
        return run.desired().map(d -> revision(d.source()));
    }

    static String revision(SourceRevision r) {
        StringBuilder sb = new StringBuilder(r.location());
        r.shortId().ifPresent(id -> sb.append(" @ ").append(id));
        r.subject().ifPresent(s -> sb.append(" \"").append(s).append('"'));
        return sb.toString();
    }

    /**
     * One line per change, at most {@link #CHAT_CHANGES}, then {@code ... and N more}: {@code bind
     * B2X_1_partner_signup postFederationSignup: (none) → "Check partner domain" [verified]}.
     */
    static List<String> changeLines(SyncRun run) {
        List<String> lines = new ArrayList<>();
        List<PlanChange> changes = run.plan().map(p -> p.changes()).orElse(List.of());
        // Connector changes first, as apply makes them first (issue 9, item 1); a secret is never in them.
        run.plan().ifPresent(p -> p.connectors().changes().forEach(c -> lines.add(c.action().name()
                .toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " connector " + c.key() + " \""
                + c.displayName() + "\"")));
        for (int i = 0; i < Math.min(changes.size(), CHAT_CHANGES); i++) {
            PlanChange c = changes.get(i);
            String outcome = outcome(run, c).map(o -> " [" + o + "]").orElse("");
            lines.add(c.kind().label() + " " + c.flowId() + " " + c.step().graphName() + ": " + connector(c.from())
                    + " → " + connector(c.to()) + outcome
                    + run.attributions().of(c).map(at -> "; " + at.describe()).orElse(""));
        }
        if (changes.size() > CHAT_CHANGES) {
            lines.add("... and " + (changes.size() - CHAT_CHANGES) + " more");
        }
        return lines;
    }

    /**
     * The desired state's problems with their places, at most {@link #CHAT_PROBLEMS}: a blocked run's, or those of the
     * revision a fallback skipped, so the channel sees what to fix.
     */
    static List<String> problemLines(SyncRun run) {
        List<ValidationProblem> problems = run.failure().map(f -> f.problems())
                .or(() -> run.fallback().map(f -> f.problems())).orElse(List.of());
        List<String> lines = new ArrayList<>();
        problems.stream().limit(CHAT_PROBLEMS).forEach(p -> lines.add(p.toString()));
        if (problems.size() > CHAT_PROBLEMS) {
            lines.add("... and " + (problems.size() - CHAT_PROBLEMS) + " more");
        }
        return lines;
    }

    /** What became of a change the run wrote: {@code verified}, {@code not effective}, ...; none in a dry run. */
    static Optional<String> outcome(SyncRun run, PlanChange change) {
        return run.applied().flatMap(a -> a.results().stream().filter(r -> r.change().equals(change)).findFirst())
                .map(ChangeResult::outcome).map(o -> o.label());
    }

    private static String connector(Optional<Connector> c) {
        return c.map(x -> "\"" + x.displayName() + "\"").orElse("(none)");
    }

    /** {@code userflow-connector-sync 0.1.0 on pod-7f9c · mode apply · finished 2026-11-25T08:00:00Z} */
    static String footer(RunEvent event, AgentInfo agent) {
        return agent.name() + " " + agent.version() + " on " + agent.instance() + " · mode "
                + JsonPayload.mode(event.run()) + " · finished " + event.finishedAt();
    }
}
