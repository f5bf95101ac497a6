package io.userflowsync.plan;

/**
 * A guard the whole plan is over: what it counted, the limit as set and what that allows for this plan.
 *
 * @param count        what the guard counted in the plan's changes
 * @param limit        the setting's value
 * @param allowed      what the limit allows for {@code managedSteps} (the limit itself when it is a count)
 * @param managedSteps the steps the desired state manages, which a percentage is of
 */
public record GuardTrip(Guard guard, int count, Limit limit, int allowed, int managedSteps) {

    /**
     * {@code 12 unbinds, over sync.max-unbinds=10} or
     * {@code 12 unbinds, over sync.max-unbinds=30% (9 of 30 managed steps)}
     */
    public String describe() {
        String over = guard.count(count) + ", over " + guard.setting().key() + "=" + limit;
        return limit.percent() ? over + " (" + allowed + " of " + managedSteps + " managed steps)" : over;
    }
}
