package io.userflowsync.savedplan;

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

/** Saved plans built by hand, so these tests do not depend on the planner. */
final class SavedPlans {
    static final SourceRevision GIT = new SourceRevision("https://git.example.com/idp/bindings.git//tenants/prod",
            Optional.of("3f2a9c1d0e4b5a6978877665544332211aabbccd"), Optional.of(Instant.parse("2026-11-25T08:00:00Z")),
            Optional.of("Bind partner check"));
    static final PlanTarget TENANT_A = new PlanTarget("https://graph.microsoft.com", "10000000-0000-0000-0000-00000000000a");
    static final Instant MADE = Instant.parse("2026-11-25T09:30:00Z");

    static final PlanChange BIND = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND,
            Optional.empty(), Optional.of(CHECK_DOMAIN), at(3, 27));
    static final PlanChange REBIND = new PlanChange("B2X_1_partner_signup", Step.POST_ATTRIBUTE_COLLECTION,
            ChangeKind.REBIND, Optional.of(LEGACY), Optional.of(ENRICH), at(4, 30));
    static final PlanChange UNBIND = new PlanChange("B2X_1_customers", Step.POST_FEDERATION_SIGNUP, ChangeKind.UNBIND,
            Optional.of(LEGACY), Optional.empty(), at(6, 27));
    static final SuppressedChange HELD = new SuppressedChange(new PlanChange("B2X_1_contractors",
            Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.UNBIND, Optional.of(LEGACY), Optional.empty(), at(9, 30)),
            "policy upsert-only never unbinds");
    static final PlanError UNKNOWN_FLOW = new PlanError("B2X_1_typo", Optional.empty(), PlanError.Kind.UNKNOWN_FLOW,
            "unknown user flow: the tenant lists no flow with this id", Optional.of(at(12, 3)));
    static final PlanError AMBIGUOUS = new PlanError("B2X_1_partner_signup", Optional.of(Step.POST_ATTRIBUTE_COLLECTION),
            PlanError.Kind.AMBIGUOUS_CONNECTOR, "ambiguous connector: 2 identityApiConnectors have the displayName"
            + " \"Loyalty check\"", Optional.of(at(14, 5)));
    static final PlanError READ_FAILED = new PlanError("B2X_1_broken", Optional.empty(), PlanError.Kind.READ_FAILED,
            "could not read the live bindings: HTTP 503 serviceUnavailable", Optional.empty());

    private SavedPlans() {
    }

    static SourceLocation at(int line, int column) {
        return new SourceLocation("tenants/prod/partners.yaml", line, column);
    }

    /** Bind, rebind and unbind. */
    static Plan threeChanges() {
        return new Plan(Policy.SYNC, List.of(UNBIND, BIND, REBIND), List.of(), List.of(), 5, 2);
    }

    static PlanFile file(Plan plan) {
        return new PlanFile(MADE, "userflow-connector-sync 1.2.3", TENANT_A, GIT, plan);
    }

    static Connector connector(String id, String displayName) {
        return new Connector(id, displayName);
    }
}
