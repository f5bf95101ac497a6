package io.userflowsync.report;

import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorPlan;

import java.util.Optional;

/**
 * The connector part of a plan for a person (issue 9, item 1), with the symbols of the binding lines: {@code +}
 * create, {@code ~} update or certificate upload, {@code -} delete, {@code !} held back, {@code x} not planned. Each
 * changing field on a line of its own; a secret only ever as {@code (sensitive)}. Empty when the desired state
 * manages no connector and nothing is held back. {@link PlanText} prints it above the binding lines.
 */
public final class ConnectorPlanText {
    private static final String ARROW = " \u2192 ";

    private ConnectorPlanText() {
    }

    /** The connectors' block, then the custom authentication extensions' (an external tenant's), each when it has lines. */
    public static String render(ConnectorPlan plan) {
        return render(plan.only(ConnectorChange.Target.CONNECTOR), "Connectors", "connector")
                + render(plan.only(ConnectorChange.Target.EXTENSION), "Custom extensions", "extension");
    }

    private static String render(ConnectorPlan plan, String title, String noun) {
        if (plan.changes().isEmpty() && plan.heldBack().isEmpty() && plan.problems().isEmpty()) {
            return plan.inSync() == 0 ? "" : title + ": no changes (" + plan.inSync()
                    + (plan.inSync() == 1 ? " managed " + noun + ").\n" : " managed " + noun + "s).\n");
        }
        StringBuilder out = new StringBuilder(title + ":\n");
        for (ConnectorChange change : plan.changes()) {
            out.append("  ").append(symbol(change.action())).append(' ').append(line(change)).append('\n');
            for (ConnectorChange.FieldChange field : change.fields()) {
                out.append("      ").append(field.field()).append(": ");
                if (field.from().isPresent() || change.action() != ConnectorChange.Action.CREATE
                        && !field.to().endsWith(ConnectorChange.FieldChange.SENSITIVE)) {
                    out.append(Printable.oneLine(field.from().orElse("(none)"))).append(ARROW);
                }
                out.append(Printable.oneLine(field.to())).append('\n');
            }
        }
        if (!plan.heldBack().isEmpty()) {
            out.append("Held back:\n");
            plan.heldBack().forEach(h -> out.append("  ! ").append(line(h.change())).append(": ")
                    .append(Printable.oneLine(h.reason())).append('\n'));
        }
        if (!plan.problems().isEmpty()) {
            out.append("Errors (each skips the " + noun + " it names):\n");
            plan.problems().forEach(p -> out.append("  x ").append(Printable.oneLine(p.key())).append(": ")
                    .append(Printable.oneLine(p.message())).append('\n'));
        }
        long creates = count(plan, ConnectorChange.Action.CREATE);
        long deletes = count(plan, ConnectorChange.Action.DELETE);
        long updates = plan.changes().size() - creates - deletes;
        out.append(title).append(": ").append(creates).append(" to create, ").append(updates).append(" to update, ")
                .append(deletes).append(" to delete").append(plan.inSync() > 0 ? ", " + plan.inSync() + " in sync" : "")
                .append(".\n");
        return out.toString();
    }

    private static long count(ConnectorPlan plan, ConnectorChange.Action action) {
        return plan.changes().stream().filter(c -> c.action() == action).count();
    }

    private static char symbol(ConnectorChange.Action action) {
        return switch (action) {
            case CREATE -> '+';
            case UPDATE, UPLOAD_CERTIFICATE -> '~';
            case DELETE -> '-';
        };
    }

    private static String line(ConnectorChange change) {
        String action = switch (change.action()) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case UPLOAD_CERTIFICATE -> "add certificate";
            case DELETE -> "delete";
        };
        Optional<String> id = change.connectorId();
        return action + "  " + Printable.oneLine(change.key()) + "  \"" + Printable.oneLine(change.displayName())
                + "\"" + id.map(i -> " (" + Printable.oneLine(i) + ")").orElse("");
    }
}
