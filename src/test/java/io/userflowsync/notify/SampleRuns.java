package io.userflowsync.notify;

import io.userflowsync.apply.ApplyReport;
import io.userflowsync.apply.ChangeOutcome;
import io.userflowsync.apply.ChangeResult;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.Connector;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.SyncRun;
import io.userflowsync.source.SourceOutcome;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;

/** Finished runs built by hand, one per result, so the notification tests do not depend on the pipeline's rules. */
final class SampleRuns {
    static final Instant STARTED = Instant.parse("2026-11-25T08:00:00Z");
    static final Instant FINISHED = Instant.parse("2026-11-25T08:00:03.250Z");
    static final AgentInfo AGENT = new AgentInfo("userflow-connector-sync", "0.1.0", "ucs-7f9c4d-x2k8p");
    static final SourceRevision GOOD = new SourceRevision("https://git.example.com/idp/identity-config.git//tenants/prod",
            Optional.of("3f2a9c1d0e4b5a6978877665544332211aabbccd"), Optional.of(Instant.parse("2026-11-25T07:55:00Z")),
            Optional.of("Bind partner check"));
    static final SourceRevision BROKEN = new SourceRevision(GOOD.location(),
            Optional.of("9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a291807"), Optional.of(Instant.parse("2026-11-25T07:58:00Z")),
            Optional.of("Typo in partners.yaml"));

    static final PlanChange BIND = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND,
            Optional.empty(), Optional.of(CHECK_DOMAIN), loc(4, 27));
    static final PlanChange REBIND = new PlanChange("B2X_1_partner_signup", Step.POST_ATTRIBUTE_COLLECTION,
            ChangeKind.REBIND, Optional.of(LEGACY), Optional.of(ENRICH), loc(5, 30));
    static final PlanChange UNBIND = new PlanChange("B2X_1_customers", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND,
            Optional.of(LEGACY), Optional.empty(), loc(7, 27));

    private SampleRuns() {
    }

    static SourceLocation loc(int line, int column) {
        return new SourceLocation("partners.yaml", line, column);
    }

    static DesiredState desired(SourceRevision revision) {
        return new DesiredState(List.of(), revision);
    }

    static Plan plan(List<PlanChange> changes) {
        return new Plan(Policy.SYNC, changes, List.of(), List.of(), 5, 5 - changes.size());
    }

    /** A dry run (or report-only) that found these changes. */
    static SyncRun drift(PlanChange... changes) {
        return SyncRun.start(RunMode.PLAN, STARTED).withDesired(desired(GOOD)).withPlan(plan(List.of(changes)));
    }

    /** A run that wrote these changes and verified each. */
    static SyncRun applied(PlanChange... changes) {
        return withOutcomes(List.of(changes), ChangeOutcome.VERIFIED);
    }

    /** A run that wrote these changes; the last one Graph refused. */
    static SyncRun incomplete(PlanChange... changes) {
        return withOutcomes(List.of(changes), ChangeOutcome.FAILED);
    }

    private static SyncRun withOutcomes(List<PlanChange> changes, ChangeOutcome last) {
        Plan plan = plan(changes);
        List<ChangeResult> results = new ArrayList<>();
        for (int i = 0; i < changes.size(); i++) {
            PlanChange c = changes.get(i);
            boolean isLast = i == changes.size() - 1;
            ChangeOutcome outcome = isLast ? last : ChangeOutcome.VERIFIED;
            results.add(new ChangeResult(c, outcome,
                    outcome == ChangeOutcome.FAILED ? Optional.of(new GraphError(403, "Authorization_RequestDenied",
                            "Insufficient privileges", Optional.of("req-1"))) : Optional.empty(),
                    outcome == ChangeOutcome.FAILED ? c.from() : c.to()));
        }
        return SyncRun.start(RunMode.APPLY, STARTED).withDesired(desired(GOOD)).withPlan(plan)
                .withApplied(new ApplyReport(plan, results));
    }

    static SyncRun inSync() {
        Plan plan = plan(List.of());
        return SyncRun.start(RunMode.APPLY, STARTED).withDesired(desired(GOOD)).withPlan(plan)
                .withApplied(new ApplyReport(plan, List.of()));
    }

    /** No plan: e.g. Graph's listing failed. */
    static SyncRun failed(String message) {
        return SyncRun.start(RunMode.APPLY, STARTED).withDesired(desired(GOOD))
                .withFailure(new RunFailure("live state", message, List.of()));
    }

    /** The desired state is invalid. */
    static SyncRun blocked() {
        return SyncRun.start(RunMode.APPLY, STARTED).withFailure(new RunFailure("desired state",
                "1 problem in the desired state", List.of(new ValidationProblem(loc(6, 26),
                        "empty value: write null to unbind the step, or name a connector"))));
    }

    /** The newest revision does not validate; the run went on from the last good one and found the tenant in sync. */
    static SyncRun degraded(SourceRevision failed) {
        String reason = "revision " + failed.shortId().orElseThrow() + " does not validate (1 problem); using the last"
                + " good revision " + GOOD.shortId().orElseThrow();
        Plan plan = plan(List.of());
        return SyncRun.start(RunMode.APPLY, STARTED).withFallback(new SourceOutcome.Fallback(desired(GOOD),
                        Optional.of(failed), reason, List.of(new ValidationProblem(loc(6, 26),
                        "empty value: write null to unbind the step, or name a connector"))))
                .withPlan(plan).withApplied(new ApplyReport(plan, List.of()));
    }

    static Connector connector(String id, String name) {
        return new Connector(id, name);
    }
}
