package io.userflowsync.report;

import io.userflowsync.connector.ConnectorApplier;
import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.plan.PlanChange;


/** An apply's results for a person: one line per change with its outcome, then the summary line. */
public final class ApplyText {
    private ApplyText() {
    }

    public static String render(ApplyReport report) {
        StringBuilder out = new StringBuilder();
        // Connector writes first, as they were made (issue 9, item 1); a secret is never in them.
        for (ConnectorApplier.Result r : report.connectorResults()) {
            ConnectorChange c = r.change();
            out.append("  ").append(r.done() ? '✓' : 'x').append(' ')
                    .append(Printable.pad(r.done() ? "done" : "failed", 13)).append(' ')
                    .append(Printable.pad(switch (c.action()) {
                        case CREATE -> "create";
                        case UPDATE -> "update";
                        case UPLOAD_CERTIFICATE -> "add certificate";
                        case DELETE -> "delete";
                    }, 6)).append("  ").append(c.target().noun()).append(' ').append(Printable.oneLine(c.key()))
                    .append("  \"")
                    .append(Printable.oneLine(c.displayName())).append('"')
                    .append(r.createdId().or(c::connectorId).map(id -> " (" + Printable.oneLine(id) + ")").orElse(""));
            r.error().ifPresent(e -> out.append(": ").append(Printable.oneLine(e.describe())));
            r.problem().ifPresent(p -> out.append(": ").append(Printable.oneLine(p)));
            out.append('\n');
        }
        int flowWidth = report.results().stream().mapToInt(r -> r.change().flowId().length()).max().orElse(0);
        int stepWidth = report.results().stream().mapToInt(r -> r.change().step().graphName().length()).max().orElse(0);
        for (ChangeResult r : report.results()) {
            PlanChange c = r.change();
            out.append("  ").append(mark(r.outcome())).append(' ')
                    .append(Printable.pad(r.outcome().label(), 13)).append(' ')
                    .append(Printable.pad(c.kind().label(), 6)).append("  ")
                    .append(Printable.pad(c.flowId(), flowWidth)).append("  ")
                    .append(Printable.pad(c.step().graphName(), stepWidth)).append("  ")
                    .append(PlanText.describe(c.from())).append(" → ").append(PlanText.describe(c.to()));
            switch (r.outcome()) {
                case FAILED -> out.append(": ").append(r.error().map(e -> Printable.oneLine(e.describe())).orElse("failed"));
                case NOT_EFFECTIVE -> out.append(": Graph accepted the write, but the step now calls ")
                        .append(PlanText.describe(r.observed()));
                case UNVERIFIED -> out.append(": written, but reading the flow again failed")
                        .append(r.error().map(e -> " (" + Printable.oneLine(e.describe()) + ")").orElse(""));
                case VERIFIED -> { }
            }
            out.append('\n');
        }
        report.refusal().ifPresent(r -> out.append("Nothing was written: ").append(r.reason()).append(".\n"));
        out.append("Apply: ").append(report.summary()).append(".\n");
        return out.toString();
    }

    private static char mark(ChangeOutcome outcome) {
        return switch (outcome) {
            case VERIFIED -> '✓';
            case NOT_EFFECTIVE, UNVERIFIED -> '!';
            case FAILED -> 'x';
        };
    }
}
