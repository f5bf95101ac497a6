package io.userflowsync.plan;

import java.util.List;
import java.util.Optional;

/**
 * One rule a {@link Policy} is made of. The planner first computes every change the desired state implies, then
 * passes each through the policy's rules; a rule that holds a change back names the reason, so the plan can still
 * report it (as external-dns does with the deletes {@code upsert-only} suppresses).
 */
@FunctionalInterface
public interface PolicyRule {

    /** @return the reason to hold {@code change} back, or empty to let it through */
    Optional<String> holdBack(PlanChange change);

    /** The rules that make up {@code policy}, applied in order; the first that holds a change back wins. */
    static List<PolicyRule> rulesOf(Policy policy) {
        return switch (policy) {
            case SYNC -> List.of();
            case UPSERT_ONLY -> List.of(new NeverUnbind(policy));
        };
    }

    /** Keeps every binding that exists: for teams that want the agent to add and correct, never to remove. */
    record NeverUnbind(Policy policy) implements PolicyRule {
        @Override
        public Optional<String> holdBack(PlanChange change) {
            return change.kind() == ChangeKind.UNBIND
                    ? Optional.of("policy " + policy.settingName() + " never unbinds")
                    : Optional.empty();
        }
    }
}
