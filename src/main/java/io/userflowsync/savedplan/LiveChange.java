package io.userflowsync.savedplan;

import io.userflowsync.model.Step;

import java.util.Optional;

/**
 * Something a saved plan relied on that is no longer so in the live tenant: a step's binding, a flow, or the
 * connector a change binds.
 *
 * @param flowId the flow
 * @param step   the step, or empty when the whole flow is concerned (it is gone, or could not be read)
 * @param saw    what the plan saw, e.g. {@code "Legacy CRM hook" (e05f...)} or {@code (none)}
 * @param now    what the tenant shows now
 */
public record LiveChange(String flowId, Optional<Step> step, String saw, String now) {

    /** {@code B2X_1_customers postFederationSignup: saw "Legacy CRM hook" (e05f...), now (none)} */
    public String describe() {
        return flowId + step.map(s -> " " + s.graphName()).orElse("") + ": saw " + saw + ", now " + now;
    }
}
