package io.userflowsync.report;

import io.userflowsync.forensics.Attributions;
import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanCoverage;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.SuppressedChange;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The plan for a person, in the manner of {@code terraform plan}: one aligned line per change, then what policy
 * held back, then errors, then a one-line summary. Ids are written in full so a line can be pasted into a portal
 * search or a Graph call.
 */
public final class PlanText {
    private static final String ARROW = " \u2192 ";
    private static final String NONE = "(none)";

    private PlanText() {
    }

    public static String render(Plan plan, SourceRevision source) {
        return render(plan, source, Attributions.NONE);
    }

    /**
     * With who changed each drifted step outside the agent, on a line of its own below the change (issue 9, item 4):
     * {@code     changed outside by alice@contoso.com at 2026-11-25T08:01:02Z (Update user flow)}.
     */
    public static String render(Plan plan, SourceRevision source, Attributions attributions) {
        StringBuilder out = new StringBuilder();
        out.append("Desired state: ").append(Printable.oneLine(source.describe())).append('\n');
        out.append(SourceNotice.commitLine(source));
        out.append("Policy: ").append(plan.policy().settingName()).append('\n');
        if (plan.mode().reportOnly()) {
            out.append("Mode: ").append(plan.mode().describe()).append(": nothing is written\n");
        }
        if (plan.partial()) {
            out.append("Partial plan: ").append(Printable.oneLine(plan.coverage().describe()))
                    .append("; the other flows were not read\n");
        } else if (!plan.coverage().equals(PlanCoverage.FULL)) {
            out.append("Scope: every managed flow (").append(Printable.oneLine(plan.coverage().reason())).append(")\n");
        }
        out.append('\n');
        // Connectors first, as apply writes them first (issue 9, item 1); nothing when none is managed.
        String connectors = ConnectorPlanText.render(plan.connectors());
        if (!connectors.isEmpty()) {
            out.append(connectors).append('\n');
        }

        if (plan.changes().isEmpty() && plan.suppressed().isEmpty() && plan.errors().isEmpty()) {
            boolean connectorWork = plan.connectors().hasDrift() || !plan.connectors().problems().isEmpty();
            out.append(connectorWork ? "Bindings: no changes (" : "No changes. Live state matches the desired state (")
                    .append(plan.managedSteps())
                    .append(plan.managedSteps() == 1 ? " managed step" : " managed steps").append(").\n");
            return out.toString();
        }

        Columns columns = Columns.of(plan);
        if (plan.changes().isEmpty() && plan.errors().isEmpty()) {
            // Only what a policy held back: say so first. With errors, "No changes." above them read as all clear.
            out.append("No changes.\n");
        }
        for (PlanChange change : plan.changes()) {
            out.append("  ").append(symbol(change.kind())).append(' ').append(columns.line(change)).append('\n');
            attributions.of(change).ifPresent(a -> out.append("    ").append(Printable.oneLine(a.describe()))
                    .append('\n'));
        }
        if (!plan.suppressed().isEmpty()) {
            out.append("\nHeld back by policy:\n");
            for (SuppressedChange held : plan.suppressed()) {
                out.append("  ! ").append(columns.line(held.change())).append(": ").append(held.reason())
                        .append('\n');
            }
        }
        if (!plan.errors().isEmpty()) {
            out.append("\nErrors (each skips the flow or step it names; the other changes are planned as usual):\n");
            for (PlanError error : plan.errors()) {
                out.append("  x ").append(errorLine(error)).append('\n');
            }
        }
        out.append(guards(plan));
        out.append("\nPlan: ").append(PlanSummary.of(plan).sentence()).append(".\n");
        return out.toString();
    }

    /**
     * The guards the plan is over: each with its count and limit, then the way on. Nothing when it is under them,
     * and no way on when the run writes it anyway ({@code --force}).
     */
    static String guards(Plan plan) {
        if (!plan.guards().tripped()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        if (plan.guards().overridden()) {
            out.append("\nOver the guards' limits, written anyway (--force, this run only):\n");
        } else {
            out.append("\nHeld back by guards (none of the changes above is written):\n");
        }
        plan.guards().trips().forEach(t -> out.append("  ! ").append(t.describe()).append('\n'));
        if (!plan.guards().overridden()) {
            out.append("  To proceed, ").append(plan.guards().howToProceed()).append(".\n");
        }
        return out.toString();
    }

    private static char symbol(ChangeKind kind) {
        return switch (kind) {
            case BIND -> '+';
            case REBIND -> '~';
            case UNBIND -> '-';
        };
    }

    private static String errorLine(PlanError error) {
        StringBuilder sb = new StringBuilder();
        error.location().ifPresent(l -> sb.append(Printable.oneLine(l.toString())).append("  "));
        sb.append(Printable.oneLine(error.flowId()));
        error.step().ifPresent(s -> sb.append(' ').append(s.graphName()));
        sb.append(": ").append(Printable.oneLine(error.message()));
        sb.append(" (").append(error.consequence()).append(')');
        return sb.toString();
    }

    static String describe(Optional<Connector> connector) {
        return connector.map(c -> Printable.oneLine(c.describe())).orElse(NONE);
    }

    /** Widths shared by the change lines and the held-back lines, so both blocks read as one table. */
    private record Columns(int action, int flow, int step) {
        static Columns of(Plan plan) {
            List<PlanChange> all = new ArrayList<>(plan.changes());
            plan.suppressed().forEach(s -> all.add(s.change()));
            int action = 0;
            int flow = 0;
            int step = 0;
            for (PlanChange c : all) {
                action = Math.max(action, c.kind().label().length());
                flow = Math.max(flow, Printable.oneLine(c.flowId()).length());
                step = Math.max(step, c.step().graphName().length());
            }
            return new Columns(action, flow, step);
        }

        String line(PlanChange change) {
            return Printable.pad(change.kind().label(), action) + "  "
                    + Printable.pad(Printable.oneLine(change.flowId()), flow) + "  "
                    + Printable.pad(change.step().graphName(), step) + "  "
                    + describe(change.from()) + ARROW + describe(change.to());
        }
    }
}
