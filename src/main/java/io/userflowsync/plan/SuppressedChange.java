package io.userflowsync.plan;

/** A change the plan computed but a policy held back; reported, never applied. */
public record SuppressedChange(PlanChange change, String reason) {
}
