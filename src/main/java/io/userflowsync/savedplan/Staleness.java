package io.userflowsync.savedplan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.LiveState;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Plan;
import io.userflowsync.report.Printable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Pure: what a saved plan saw that the live tenant no longer shows. A saved plan is applied only while this is empty
 * (issue 9 item 5: what a pull request's reviewers saw is what is applied, or nothing is).
 *
 * <p>For each change the plan holds: the step must still call the connector the plan saw ({@code from}, compared by
 * id as Graph identifies connectors), its flow must still be there and readable, and the connector it binds
 * ({@code to}) must still exist under the displayName the plan showed. Only the planned steps count: a step the
 * plan found in sync, or held back, is not written, so its drift since is left to the next plan.
 */
public final class Staleness {
    private static final String NONE = "(none)";

    private Staleness() {
    }

    /** Everything {@code saved} relied on that {@code live} contradicts, in the plan's order; empty when fresh. */
    public static List<LiveChange> since(Plan saved, LiveState live) {
        Map<String, Connector> connectors = new HashMap<>();
        live.connectors().forEach(c -> connectors.put(key(c.id()), c));
        List<LiveChange> found = new ArrayList<>();
        Set<String> flowsReported = new HashSet<>();
        for (PlanChange change : saved.changes()) {
            LiveFlow flow = live.flows().get(change.flowId());
            if (flow == null) {
                if (flowsReported.add(change.flowId())) {
                    found.add(new LiveChange(change.flowId(), Optional.empty(), "the flow", whyUnread(change, live)));
                }
                continue;
            }
            Optional<Connector> now = flow.binding(change.step());
            if (!sameBinding(change.from(), now)) {
                found.add(new LiveChange(change.flowId(), Optional.of(change.step()), describe(change.from()),
                        describe(now)));
            }
            if (change.to().isPresent()) {
                Connector target = change.to().get();
                Connector current = connectors.get(key(target.id()));
                String saw = "the target " + describe(Optional.of(target));
                if (current == null) {
                    found.add(new LiveChange(change.flowId(), Optional.of(change.step()), saw,
                            "the tenant has no connector with this id"));
                } else if (!current.displayName().equals(target.displayName())) {
                    found.add(new LiveChange(change.flowId(), Optional.of(change.step()), saw,
                            "it is named \"" + Printable.oneLine(current.displayName()) + "\""));
                }
            }
        }
        return found;
    }

    /**
     * Whether every step the plan changes already calls what the plan would leave it calling: the plan was applied
     * before (a job run twice), or someone made its changes by hand. Still stale, but worth saying so.
     */
    public static boolean alreadyAsPlanned(Plan saved, LiveState live) {
        return !saved.changes().isEmpty() && saved.changes().stream().allMatch(change -> {
            LiveFlow flow = live.flows().get(change.flowId());
            return flow != null && sameBinding(change.to(), flow.binding(change.step()));
        });
    }

    private static String whyUnread(PlanChange change, LiveState live) {
        Optional<String> error = Optional.ofNullable(live.readErrors().get(change.flowId()))
                .map(e -> " (" + Printable.oneLine(e.describe()) + ")");
        if (!live.existingFlows().contains(change.flowId())) {
            return "the tenant does not list it" + error.orElse("");
        }
        return error.map(e -> "its bindings could not be read" + e).orElse("its bindings were not read");
    }

    private static boolean sameBinding(Optional<Connector> saw, Optional<Connector> now) {
        if (saw.isEmpty() || now.isEmpty()) {
            return saw.isEmpty() && now.isEmpty();
        }
        return key(saw.get().id()).equals(key(now.get().id()));
    }

    // Connector ids are GUIDs; Graph does not promise their case, and the planner compares them the same way.
    private static String key(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }

    static String describe(Optional<Connector> connector) {
        return connector.map(c -> Printable.oneLine(c.describe())).orElse(NONE);
    }
}
