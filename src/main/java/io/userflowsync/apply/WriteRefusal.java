package io.userflowsync.apply;

import io.userflowsync.config.Setting;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.SyncMode;

import java.util.Optional;

/**
 * Why the applier wrote none of a plan's changes. The applier is the one place every write passes (schedule,
 * webhook, CLI {@code apply}), so report-only and the guards are enforced there and nowhere else: external-dns
 * users found providers that ignored {@code --dry-run} because each caller was trusted to check it (issue 8).
 *
 * @param kind   what held the plan back
 * @param reason one line: what, and how to proceed
 */
public record WriteRefusal(Kind kind, String reason) {

    public enum Kind {
        /** {@code sync.mode=report} or {@code suspend: true}: the agent writes nothing, whatever the plan. */
        REPORT_ONLY,
        /** The plan is over {@code sync.max-unbinds} or {@code sync.max-changes}, and this run does not override it. */
        GUARD
    }

    /**
     * Pure: whether {@code plan} must not be written, given the agent's own {@code sync.mode}. The setting is checked
     * here as well as in the plan, so a plan made under other rules cannot slip a write through. Report-only wins
     * over a guard: {@code --force} overrides the guards, never report-only.
     */
    public static Optional<WriteRefusal> of(Plan plan, SyncMode configured) {
        if (!plan.hasDrift()) {
            return Optional.empty();
        }
        if (plan.mode().reportOnly()) {
            return Optional.of(new WriteRefusal(Kind.REPORT_ONLY, "the agent is " + plan.mode().describe()));
        }
        if (configured == SyncMode.REPORT) {
            return Optional.of(new WriteRefusal(Kind.REPORT_ONLY,
                    "the agent is report-only (" + Setting.MODE.key() + "=report)"));
        }
        if (plan.guards().holdsBack()) {
            return Optional.of(new WriteRefusal(Kind.GUARD, plan.guards().describe() + "; to proceed, "
                    + plan.guards().howToProceed()));
        }
        return Optional.empty();
    }
}
