package io.userflowsync.report;

import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;

import java.util.SortedMap;
import java.util.TreeMap;

/** How many steps of each flow a plan would change; flows with none are left out. Sorted by flow id. */
final class DriftByFlow {
    private DriftByFlow() {
    }

    static SortedMap<String, Integer> of(Plan plan) {
        SortedMap<String, Integer> byFlow = new TreeMap<>();
        for (PlanChange change : plan.changes()) {
            byFlow.merge(change.flowId(), 1, Integer::sum);
        }
        return byFlow;
    }

}
