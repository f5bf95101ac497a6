package io.userflowsync.plan;

/**
 * What a plan looked at, as its outputs say it: every managed flow, or a part of them ({@link PlanScope}).
 *
 * @param partial      only some managed flows were read and planned; the plan says nothing about the others
 * @param plannedFlows how many managed flows were read and planned
 * @param managedFlows how many flows the desired state manages
 * @param reason       why this scope ("revision 1a2b3c4 changes 1 flow since 9f8e7d6")
 */
public record PlanCoverage(boolean partial, int plannedFlows, int managedFlows, String reason) {

    /** A plan of every managed flow whose counts nobody asked for (plans built outside the planner). */
    public static final PlanCoverage FULL = new PlanCoverage(false, 0, 0, PlanScope.FULL.reason());

    /** {@code 1 of 10000 managed flows read and planned (revision ... changes 1 flow)}, for the outputs. */
    public String describe() {
        return plannedFlows + " of " + managedFlows + (managedFlows == 1 ? " managed flow" : " managed flows")
                + " read and planned (" + reason + ")";
    }
}
