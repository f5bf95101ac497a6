package io.userflowsync.report;

import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.forensics.Attribution;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanCoverage;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.SuppressedChange;

import java.util.Optional;

/**
 * The plan as a pull-request comment (GitHub-flavoured Markdown): a heading that says what would change, a table of
 * changes, then what policy held back and the errors. Every name from YAML or the tenant is escaped, so a
 * displayName with {@code |} or Markdown in it cannot break the table or inject links.
 */
public final class PlanMarkdown {
    /**
     * The characters that can start inline markup, an HTML tag or entity, or end a table cell. Not every ASCII
     * punctuation mark: escaping each dot and dash would make the raw comment hard to read for no gain.
     */
    private static final String MARKUP = "\\`*_[]<>|~&";

    private PlanMarkdown() {
    }

    public static String render(Plan plan, SourceRevision source) {
        return render(plan, source, Attributions.NONE);
    }

    /** With who changed the drifted steps outside the agent, below the changes (issue 9, item 4). */
    public static String render(Plan plan, SourceRevision source, Attributions attributions) {
        PlanSummary counts = PlanSummary.of(plan);
        StringBuilder out = new StringBuilder();
        out.append("### User flow connector plan: ")
                .append(plan.hasDrift() ? counts.changesPhrase() + connectorPhrase(plan) : "no changes").append("\n\n");
        out.append("Desired state: ").append(text(source.describe())).append("  \n");
        source.commitId().ifPresent(id -> out.append("Commit: `").append(id).append("`  \n"));
        out.append("Policy: `").append(plan.policy().settingName()).append("`  \n");
        if (plan.mode().reportOnly()) {
            out.append("Mode: **").append(text(plan.mode().describe())).append("**: nothing is written  \n");
        }
        if (plan.partial()) {
            out.append("**Partial plan**: ").append(text(plan.coverage().describe()))
                    .append("; the other flows were not read  \n");
        } else if (!plan.coverage().equals(PlanCoverage.FULL)) {
            out.append("Scope: every managed flow (").append(text(plan.coverage().reason())).append(")  \n");
        }
        out.append(counts.inSyncSteps()).append(" of ").append(counts.managedSteps())
                .append(" managed steps in sync; ").append(counts.suppressed()).append(" held back by policy; ")
                .append(counts.errors()).append(counts.errors() == 1 ? " error" : " errors").append(".\n");

        out.append(connectors(plan.connectors()));
        if (!plan.changes().isEmpty()) {
            out.append("\n| Action | Flow | Step | From | To |\n|---|---|---|---|---|\n");
            for (PlanChange change : plan.changes()) {
                out.append(row(change)).append(" |\n");
            }
            if (plan.changes().stream().anyMatch(c -> attributions.of(c).isPresent())) {
                out.append("\n#### Changed outside the agent\n\n| Flow | Step | By | At | Activity |\n")
                        .append("|---|---|---|---|---|\n");
                for (PlanChange change : plan.changes()) {
                    attributions.of(change).ifPresent(a -> out.append("| ").append(code(change.flowId()))
                            .append(" | ").append(code(change.step().graphName()))
                            .append(" | ").append(text((a.actorType() == Attribution.ActorType.APP ? "app " : "")
                                    + a.actor()))
                            .append(" | ").append(text(a.at().toString()))
                            .append(" | ").append(text(a.activity())).append(" |\n"));
                }
            }
        } else if (!plan.hasDrift() && plan.suppressed().isEmpty() && plan.errors().isEmpty()) {
            out.append("\nLive state matches the desired state.\n");
        }

        if (!plan.suppressed().isEmpty()) {
            out.append("\n#### Held back by policy\n\n| Action | Flow | Step | From | To | Reason |\n")
                    .append("|---|---|---|---|---|---|\n");
            for (SuppressedChange held : plan.suppressed()) {
                out.append(row(held.change())).append(" | ").append(text(held.reason())).append(" |\n");
            }
        }

        if (plan.guards().tripped()) {
            out.append(plan.guards().overridden()
                    ? "\n#### Over the guards' limits, written anyway (--force, this run only)\n\n"
                    : "\n#### Held back by guards: none of the changes above is written\n\n");
            plan.guards().trips().forEach(t -> out.append("- ").append(text(t.describe())).append('\n'));
            if (!plan.guards().overridden()) {
                out.append("\nTo proceed, ").append(text(plan.guards().howToProceed())).append(".\n");
            }
        }

        if (!plan.errors().isEmpty()) {
            out.append("\n#### Errors\n\n| Kind | Flow | Step | Location | Message |\n|---|---|---|---|---|\n");
            for (PlanError error : plan.errors()) {
                out.append("| ").append(error.kind().name())
                        .append(" | ").append(code(error.flowId()))
                        .append(" | ").append(error.step().map(s -> code(s.graphName())).orElse(""))
                        .append(" | ").append(error.location().map(l -> code(l.toString())).orElse(""))
                        .append(" | ").append(text(error.message()))
                        .append(" (").append(error.consequence()).append(')')
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /** {@code , 1 connector change} when connectors change (issue 9, item 1). */
    private static String connectorPhrase(Plan plan) {
        int n = plan.connectors().changes().size();
        return n == 0 ? "" : ", " + n + (n == 1 ? " connector change" : " connector changes");
    }

    /**
     * The managed connectors' changes, what was held back and what could not be planned, as tables above the binding
     * table (apply writes connectors first); a secret only ever as {@code (sensitive)}. Nothing without any.
     */
    private static String connectors(ConnectorPlan plan) {
        return connectors(plan.only(ConnectorChange.Target.CONNECTOR), "Connectors", "Connector")
                + connectors(plan.only(ConnectorChange.Target.EXTENSION), "Custom extensions", "Extension");
    }

    private static String connectors(ConnectorPlan plan, String title, String column) {
        if (plan.changes().isEmpty() && plan.heldBack().isEmpty() && plan.problems().isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\n#### " + title + "\n\n| Action | Key | " + column + " | Changes |\n")
                .append("|---|---|---|---|\n");
        plan.changes().forEach(c -> out.append(connectorRow(c, "")).append(" |\n"));
        plan.heldBack().forEach(h -> out.append(connectorRow(h.change(), "held back: "))
                .append(h.change().fields().isEmpty() ? "" : "<br>").append(text(h.reason())).append(" |\n"));
        plan.problems().forEach(p -> out.append("| error | ").append(code(p.key())).append(" | | ")
                .append(text(p.message())).append(" |\n"));
        return out.toString();
    }

    private static String connectorRow(ConnectorChange change, String prefix) {
        String action = switch (change.action()) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case UPLOAD_CERTIFICATE -> "add certificate";
            case DELETE -> "delete";
        };
        String fields = change.fields().stream().map(f -> text(f.field() + ": " + f.from().map(v -> v + " \u2192 ")
                .orElse("") + f.to())).collect(java.util.stream.Collectors.joining("<br>"));
        return "| " + prefix + action + " | " + code(change.key()) + " | \"" + text(change.displayName()) + "\""
                + change.connectorId().map(id -> " (" + code(id) + ")").orElse("") + " | " + fields;
    }

    /** A table row up to and including the To cell, without the closing bar. */
    private static String row(PlanChange change) {
        return "| " + change.kind().label() + " | " + code(change.flowId()) + " | " + code(change.step().graphName())
                + " | " + connector(change.from()) + " | " + connector(change.to());
    }

    private static String connector(Optional<Connector> connector) {
        return connector.map(c -> "\"" + text(c.displayName()) + "\" " + (c.isToBeCreated() ? text(c.id())
                : "(" + code(c.id()) + ")")).orElse("*(none)*");
    }

    /**
     * Plain text in a table cell: backslash-escapes the ASCII punctuation Markdown acts on (GFM allows escaping any
     * of it), so {@code |} cannot end a cell and {@code [x](y)} or {@code <img>} stay literal; newlines become spaces.
     */
    static String text(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (MARKUP.indexOf(c) >= 0) {
                sb.append('\\').append(c);
            } else if (c == '\n' || c == '\r' || Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(' ');
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * An inline code span (for ids and step names). Backslash escapes do not work inside code, so the fence is
     * longer than any run of backticks in the text; {@code |} still needs {@code \|} because GFM splits table cells
     * before it parses code spans.
     */
    static String code(String s) {
        String flat = s.replace('\n', ' ').replace('\r', ' ').replace("|", "\\|");
        int longestRun = 0;
        int run = 0;
        for (int i = 0; i < flat.length(); i++) {
            run = flat.charAt(i) == '`' ? run + 1 : 0;
            longestRun = Math.max(longestRun, run);
        }
        String fence = "`".repeat(longestRun + 1);
        String pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
        return fence + pad + flat + pad + fence;
    }
}
