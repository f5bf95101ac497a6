package io.userflowsync.plan;

import io.userflowsync.config.Setting;

import java.util.ArrayList;
import java.util.List;

/**
 * The guards' limits, as set. Unlike a policy rule, which looks at one change at a time, a guard looks at the whole
 * plan at once: a plan over any limit is written not at all, not even the changes under it, since which part of a
 * broken commit is safe is not for the agent to guess.
 */
public record Guards(Limit maxUnbinds, Limit maxChanges) {
    /** The settings' defaults: 10 unbinds and 100 changes. */
    public static final Guards DEFAULT = new Guards(
            Limit.parse(Setting.MAX_UNBINDS.key(), Setting.MAX_UNBINDS.defaultValue()),
            Limit.parse(Setting.MAX_CHANGES.key(), Setting.MAX_CHANGES.defaultValue()));

    public Limit limit(Guard guard) {
        return switch (guard) {
            case MAX_UNBINDS -> maxUnbinds;
            case MAX_CHANGES -> maxChanges;
        };
    }

    /**
     * Pure: the guards {@code changes} (what a plan would write; what a policy held back is not counted) is over.
     *
     * @param overridden whether this run writes even so ({@code apply --force}; never the daemon)
     */
    public GuardCheck check(List<PlanChange> changes, int managedSteps, boolean overridden) {
        return check(changes, 0, managedSteps, overridden);
    }

    /**
     * @param connectorWrites the plan's connector writes (issue 9, item 1): each counts as a change, so a commit
     *                        that rewrites every connector is held back like one that rebinds every step
     */
    public GuardCheck check(List<PlanChange> changes, int connectorWrites, int managedSteps, boolean overridden) {
        List<GuardTrip> trips = new ArrayList<>();
        for (Guard guard : Guard.values()) {
            Limit limit = limit(guard);
            int count = guard.countIn(changes) + (guard == Guard.MAX_CHANGES ? connectorWrites : 0);
            int allowed = limit.allowed(managedSteps);
            if (count > allowed) {
                trips.add(new GuardTrip(guard, count, limit, allowed, managedSteps));
            }
        }
        return new GuardCheck(this, trips, overridden);
    }
}
