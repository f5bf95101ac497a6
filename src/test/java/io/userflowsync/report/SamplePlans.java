package io.userflowsync.report;

import io.userflowsync.model.Connector;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.PlanError;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.SuppressedChange;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.ENRICH;
import static io.userflowsync.plan.Fixtures.LEGACY;

/** Plans built by hand, so renderer tests do not depend on the planner's rules. */
final class SamplePlans {
    static final SourceRevision FOLDER = SourceRevision.folder("config/desired-state.example.yaml");
    static final SourceRevision GIT = new SourceRevision("https://git.example.com/idp/bindings.git",
            Optional.of("3f2a9c1d0e4b5a6978877665544332211aabbccd"), Optional.of(Instant.parse("2026-11-25T08:00:00Z")),
            Optional.of("Bind partner check"));

    static final PlanChange BIND = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND,
            Optional.empty(), Optional.of(CHECK_DOMAIN), loc(6, 27));
    static final PlanChange REBIND = new PlanChange("B2X_1_partner_signup", Step.POST_ATTRIBUTE_COLLECTION,
            ChangeKind.REBIND, Optional.of(LEGACY), Optional.of(ENRICH), loc(7, 30));
    static final PlanChange UNBIND = new PlanChange("B2X_1_customers", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND,
            Optional.of(LEGACY), Optional.empty(), loc(9, 27));
    static final SuppressedChange HELD = new SuppressedChange(new PlanChange("B2X_1_contractors",
            Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.UNBIND, Optional.of(LEGACY), Optional.empty(), loc(12, 30)),
            "policy upsert-only never unbinds");
    static final PlanError UNKNOWN_FLOW = new PlanError("B2X_1_typo", Optional.empty(), PlanError.Kind.UNKNOWN_FLOW,
            "unknown user flow: the tenant lists no flow with this id", Optional.of(new SourceLocation("config/flows.yaml", 12, 3)));
    static final PlanError AMBIGUOUS = new PlanError("B2X_1_partner_signup", Optional.of(Step.POST_ATTRIBUTE_COLLECTION),
            PlanError.Kind.AMBIGUOUS_CONNECTOR, "ambiguous connector: 2 identityApiConnectors have the displayName "
            + "\"Loyalty check\"", Optional.of(new SourceLocation("config/flows.yaml", 14, 5)));
    static final PlanError READ_FAILED = new PlanError("B2X_1_broken", Optional.empty(), PlanError.Kind.READ_FAILED,
            "could not read the live bindings: HTTP 503 serviceUnavailable: try later (request-id req-42)",
            Optional.empty());

    private SamplePlans() {
    }

    static SourceLocation loc(int line, int column) {
        return new SourceLocation("config/desired-state.example.yaml", line, column);
    }

    /** Three changes, one held back, no errors. */
    static Plan mixed() {
        return new Plan(Policy.UPSERT_ONLY, List.of(UNBIND, BIND, REBIND), List.of(HELD), List.of(), 5, 1);
    }

    /** A change, and one error of each scope: a flow the tenant does not list, an ambiguous step, an unread flow. */
    static Plan withErrors() {
        return new Plan(Policy.SYNC, List.of(BIND), List.of(), List.of(UNKNOWN_FLOW, AMBIGUOUS, READ_FAILED), 5, 1);
    }

    static Plan inSync() {
        return new Plan(Policy.SYNC, List.of(), List.of(), List.of(), 5, 5);
    }

    static Connector connector(String id, String displayName) {
        return new Connector(id, displayName);
    }
}
