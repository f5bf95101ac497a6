package io.userflowsync.plan;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What the guards said about a plan: the limits it is over, and whether this run writes even so. A plan a guard
 * holds back is written not at all; like what a policy holds back, it is still shown in full.
 *
 * @param limits     the limits the plan was checked against
 * @param trips      the guards the plan is over, in {@link Guard} order
 * @param overridden {@code apply --force}: this one run writes the plan anyway
 */
public record GuardCheck(Guards limits, List<GuardTrip> trips, boolean overridden) {
    /** A plan checked against the default limits and under them. */
    public static final GuardCheck PASSED = new GuardCheck(Guards.DEFAULT, List.of(), false);

    public GuardCheck {
        trips = List.copyOf(trips);
    }

    public boolean tripped() {
        return !trips.isEmpty();
    }

    /** Whether the guards keep this plan from being written. */
    public boolean holdsBack() {
        return tripped() && !overridden;
    }

    /** {@code 12 unbinds, over sync.max-unbinds=10; 120 changes, over sync.max-changes=100} */
    public String describe() {
        return trips.stream().map(GuardTrip::describe).collect(Collectors.joining("; "));
    }

    /** The ways on, naming the settings that tripped. */
    public String howToProceed() {
        String settings = trips.stream().map(t -> t.guard().setting().key()).collect(Collectors.joining(" or "));
        return "raise " + settings + ", split the change into smaller commits, or run 'apply --force' once to write"
                + " this plan as it is";
    }
}
