package io.userflowsync.savedplan;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import io.userflowsync.plan.PolicyRule;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Pure: whether a saved plan may be applied here at all, before anything is read from the tenant. It is refused when
 * it was made for another tenant or another Graph endpoint (the same flow ids may exist there with other bindings),
 * when it is older than {@code sync.saved-plan.max-age}, and when this agent's settings forbid a change it holds
 * (a plan made under {@code sync} that unbinds, applied where {@code sync.policy=upsert-only}; an experimental step
 * where it is not allowed). The policy rules are the planner's own, so a saved plan meets the same rules a fresh one
 * would.
 *
 * @param here              the tenant and Graph this agent is set up for
 * @param policy            this agent's {@code sync.policy}
 * @param experimentalSteps {@code sync.experimental.pre-token-issuance}
 * @param maxAge            {@code sync.saved-plan.max-age}, when set
 */
public record SavedPlanRules(PlanTarget here, Policy policy, boolean experimentalSteps, Optional<Duration> maxAge) {
    private static final Pattern AGE = Pattern.compile("(?:(\\d{1,5})d)?(?:(\\d{1,6})h)?(?:(\\d{1,7})m)?(?:(\\d{1,9})s)?");

    /** This agent's rules, from its settings; a malformed value is a {@link SettingsException} naming the setting. */
    public static SavedPlanRules from(Settings settings) {
        Policy policy;
        try {
            policy = Policy.parse(settings.required(Setting.POLICY));
        } catch (IllegalArgumentException e) {
            throw new SettingsException("setting " + Setting.POLICY.key() + ": " + e.getMessage());
        }
        return new SavedPlanRules(PlanTarget.of(settings), policy,
                settings.bool(Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE),
                settings.optional(Setting.SAVED_PLAN_MAX_AGE).map(v -> parseAge(Setting.SAVED_PLAN_MAX_AGE.key(), v)));
    }

    /** Every reason to refuse {@code saved} at {@code now}; empty when it may be applied (if the tenant agrees). */
    public List<String> refusals(PlanFile saved, Instant now) {
        List<String> reasons = new ArrayList<>();
        if (saved.plan().partial()) {
            reasons.add("it is a partial plan (" + saved.plan().coverage().describe() + "), which says nothing about"
                    + " the flows it did not read; apply FILE applies a plan of the whole tenant: save one with plan"
                    + " --out and no --changed-since");
        }
        if (!saved.target().sameTenant(here)) {
            reasons.add("it was made for tenant " + saved.target().tenantId() + ", and this is tenant "
                    + here.tenantId() + " (" + Setting.TENANT_ID.key() + ")");
        }
        if (!saved.target().sameGraph(here)) {
            reasons.add("it was made against Graph at " + saved.target().graphEndpoint() + ", and this agent calls "
                    + here.graphEndpoint() + " (" + Setting.GRAPH_ENDPOINT.key() + ")");
        }
        maxAge.ifPresent(limit -> {
            Duration age = Duration.between(saved.createdAt(), now);
            if (age.compareTo(limit) > 0) {
                reasons.add("it was made at " + saved.createdAt() + ", " + describe(age) + " ago, longer ago than "
                        + Setting.SAVED_PLAN_MAX_AGE.key() + " (" + describe(limit) + ") allows");
            }
        });
        List<String> heldBack = new ArrayList<>();
        for (PlanChange change : saved.plan().changes()) {
            for (PolicyRule rule : PolicyRule.rulesOf(policy)) {
                Optional<String> reason = rule.holdBack(change);
                if (reason.isPresent()) {
                    heldBack.add(change.flowId() + " " + change.step().graphName() + " (" + reason.get() + ")");
                    break;
                }
            }
        }
        if (!heldBack.isEmpty()) {
            reasons.add("it was made under policy " + saved.plan().policy().settingName() + ", and " + Setting.POLICY.key()
                    + " here is " + policy.settingName() + ", which holds back " + String.join(", ", heldBack));
        }
        List<String> experimental = saved.plan().changes().stream().filter(c -> c.step().experimental())
                .map(c -> c.flowId() + " " + c.step().graphName()).toList();
        if (!experimentalSteps && !experimental.isEmpty()) {
            reasons.add("it changes the experimental step " + String.join(", ", experimental) + ", which needs "
                    + Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE.key() + "=true");
        }
        return reasons;
    }

    /** {@code 30m}, {@code 24h}, {@code 7d}, {@code 1d12h}: at least one second. */
    public static Duration parseAge(String key, String value) {
        Matcher m = AGE.matcher(value.trim().toLowerCase(Locale.ROOT));
        if (value.isBlank() || !m.matches()) {
            throw new SettingsException("setting " + key + " must be an age such as 30m, 24h, 7d or 1d12h, got '"
                    + value + "'");
        }
        Duration age = Duration.ofDays(part(m, 1)).plusHours(part(m, 2)).plusMinutes(part(m, 3))
                .plusSeconds(part(m, 4));
        if (age.isZero()) {
            throw new SettingsException("setting " + key + " must be at least 1s, got '" + value + "'");
        }
        return age;
    }

    /** {@code 2d 3h 4m}, {@code 45s}: for a person, to the second. */
    static String describe(Duration d) {
        List<String> parts = new ArrayList<>();
        long seconds = Math.max(0, d.getSeconds());
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (seconds >= units[i]) {
                parts.add(seconds / units[i] + names[i]);
                seconds %= units[i];
            }
        }
        return parts.isEmpty() ? "0s" : parts.stream().collect(Collectors.joining(" "));
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
