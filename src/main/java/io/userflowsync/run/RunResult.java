package io.userflowsync.run;

import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.WriteRefusal;
import io.userflowsync.plan.Plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The one result of a finished run, with its reason. The exit code, the metric label, the log line, {@code /status}
 * and notifications are each a mapping of it, so they cannot disagree (issue 6, item 8; Flux keeps one
 * {@code Ready} condition with a reason the same way).
 *
 * @param outcome what the run came to
 * @param reason  one line a person can act on, e.g. "2 of 4 changes failed; 1 error in the plan"
 */
public record RunResult(Outcome outcome, String reason) {

    /** From worst to best: a run is given the first outcome that applies to it. */
    public enum Outcome {
        /** No plan: the source could not be read, Graph could not be listed, or the run broke. Nothing was written. */
        FAILED,
        /** The desired state is invalid (syntax, schema, duplicates): nothing was written. */
        BLOCKED,
        /**
         * The plan is over a guard's limit ({@code sync.max-unbinds}, {@code sync.max-changes}): nothing was written
         * (a dry run: apply would write nothing). A person decides: raise the limit, split the commit, or
         * {@code apply --force} once; the daemon tries again on its next run.
         */
        HELD,
        /** A change was not written or not verified, or a flow or step could not be planned. */
        INCOMPLETE,
        /** The newest revision could not be used; the run went on from the last good one. */
        DEGRADED,
        /** A dry run found changes to make, or a report-only run did (it writes nothing). */
        DRIFT,
        /** Every change was written and verified. */
        APPLIED,
        /** Live state matches the desired state; nothing to do. */
        IN_SYNC;

        /** The label in metrics and {@code /status}: {@code in_sync}, {@code degraded}, ... */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Whether the tenant is known to match the newest desired state (moves the last-success time). */
        public boolean success() {
            return this == APPLIED || this == IN_SYNC;
        }

        /** {@code terraform plan -detailed-exitcode}: 0 success, 2 drift found by a dry run, 1 anything else. */
        public int exitCode() {
            return switch (this) {
                case IN_SYNC, APPLIED -> 0;
                case DRIFT -> 2;
                default -> 1;
            };
        }
    }

    public int exitCode() {
        return outcome.exitCode();
    }

    /** {@code degraded: the newest revision ...} */
    public String describe() {
        return outcome.label() + ": " + reason;
    }

    /** The result of a run that has ended, with a failure or with a plan. */
    public static RunResult of(SyncRun run) {
        if (run.failure().isPresent()) {
            RunFailure f = run.failure().get();
            if (!f.problems().isEmpty()) {
                return new RunResult(Outcome.BLOCKED, count(f.problems().size(), "problem")
                        + " in the desired state; nothing was written");
            }
            return new RunResult(Outcome.FAILED, f.headline() + "; nothing was written: " + f.message());
        }
        Plan plan = run.requirePlan();
        Optional<WriteRefusal> refusal = run.applied().flatMap(ApplyReport::refusal);
        Optional<String> reportOnly = refusal.filter(r -> r.kind() == WriteRefusal.Kind.REPORT_ONLY)
                .map(WriteRefusal::reason)
                .or(() -> plan.mode().reportOnly() ? Optional.of("the agent is " + plan.mode().describe())
                        : Optional.empty())
                .or(() -> run.scope().kind().onlyReads() ? Optional.of("found by a scan slice, which only reads;"
                        + " the next run writes it") : Optional.empty());
        // In an apply the applier's refusal is the fact; a dry run says what apply would do (and exits 1 as well).
        Optional<String> held = refusal.filter(r -> r.kind() == WriteRefusal.Kind.GUARD)
                .map(r -> "nothing was written: " + r.reason())
                .or(() -> run.applied().isEmpty() && reportOnly.isEmpty() && plan.guards().holdsBack()
                        && plan.hasDrift()
                        ? Optional.of("apply would write nothing: " + plan.guards().describe() + "; to proceed, "
                        + plan.guards().howToProceed())
                        : Optional.empty());
        List<String> incomplete = new ArrayList<>();
        if (run.applied().isPresent() && refusal.isEmpty()) {
            ApplyReport report = run.applied().get();
            long notDone = plan.writeCount() - report.count(ChangeOutcome.VERIFIED) - report.connectorsDone();
            if (notDone > 0) {
                incomplete.add(notDone + " of " + count(plan.writeCount(), "change")
                        + " not written or not verified");
            }
        }
        if (plan.errorCount() > 0) {
            incomplete.add(count(plan.errorCount(), "error") + " in the plan");
        }
        // The source's reason names both revisions: "revision X does not validate (...); using the last good revision Y".
        String fallback = run.fallback().map(f -> f.reason()).orElse("");
        if (held.isPresent()) {
            List<String> parts = new ArrayList<>(List.of(held.get()));
            parts.addAll(incomplete);
            if (!fallback.isEmpty()) {
                parts.add(fallback);
            }
            return new RunResult(Outcome.HELD, String.join("; ", parts));
        }
        if (!incomplete.isEmpty()) {
            String reason = String.join("; ", incomplete);
            return new RunResult(Outcome.INCOMPLETE, fallback.isEmpty() ? reason : reason + "; " + fallback);
        }
        if (!fallback.isEmpty()) {
            return new RunResult(Outcome.DEGRADED, fallback);
        }
        if (run.applied().isPresent() && refusal.isEmpty() && plan.hasDrift()) {
            String forced = plan.guards().tripped() && plan.guards().overridden()
                    ? "; over the guards' limits (" + plan.guards().describe() + "), written with --force" : "";
            return new RunResult(Outcome.APPLIED, count(plan.writeCount(), "change") + " written and verified"
                    + forced);
        }
        if (plan.hasDrift()) {
            return new RunResult(Outcome.DRIFT, count(plan.writeCount(), "change") + " to make"
                    + reportOnly.map(r -> "; not written: " + r).orElse(""));
        }
        String scope = plan.partial() ? " of " + count(plan.coverage().plannedFlows(), "flow") + " read ("
                + plan.coverage().reason() + ")" : "";
        return new RunResult(Outcome.IN_SYNC, count(plan.managedSteps(), "managed step") + scope + " in sync"
                + (plan.suppressed().isEmpty() ? "" : "; " + plan.suppressed().size() + " held back by policy"));
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
