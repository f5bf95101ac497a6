package io.userflowsync.report;

import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.model.Connector;
import io.userflowsync.plan.PlanChange;

import java.util.Optional;

/** An apply's results for a person: one line per change with its outcome, then the summary line. */
public final class ApplyText {
    private ApplyText() {
    }

    public static String render(ApplyReport report) {
        StringBuilder out = new StringBuilder();
        if (report.blocked()) {
            out.append("Nothing was written: the desired state has ").append(report.plan().inputErrors().size())
                    .append(" error(s); fix them and apply again.\n");
        }
        int flowWidth = report.results().stream().mapToInt(r -> r.change().flowId().length()).max().orElse(0);
        int stepWidth = report.results().stream().mapToInt(r -> r.change().step().graphName().length()).max().orElse(0);
        for (ChangeResult r : report.results()) {
            PlanChange c = r.change();
            out.append("  ").append(mark(r.outcome())).append(' ')
                    .append(pad(r.outcome().label(), 13)).append(' ')
                    .append(pad(c.kind().label(), 6)).append("  ")
                    .append(pad(c.flowId(), flowWidth)).append("  ")
                    .append(pad(c.step().graphName(), stepWidth)).append("  ")
                    .append(describe(c.from())).append(" → ").append(describe(c.to()));
            switch (r.outcome()) {
                case FAILED -> out.append(": ").append(r.error().map(e -> e.describe()).orElse("failed"));
                case NOT_EFFECTIVE -> out.append(": Graph accepted the write, but the step now calls ")
                        .append(describe(r.observed()));
                case UNVERIFIED -> out.append(": written, but reading the flow again failed")
                        .append(r.error().map(e -> " (" + e.describe() + ")").orElse(""));
                case VERIFIED -> { }
            }
            out.append('\n');
        }
        out.append("Apply: ").append(report.summary()).append(".\n");
        return out.toString();
    }

    static String describe(Optional<Connector> connector) {
        return connector.map(Connector::describe).orElse("(none)");
    }

    private static char mark(ChangeOutcome outcome) {
        return switch (outcome) {
            case VERIFIED -> '✓';
            case NOT_EFFECTIVE, UNVERIFIED -> '!';
            case FAILED -> 'x';
        };
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
