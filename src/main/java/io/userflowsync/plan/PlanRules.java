package io.userflowsync.plan;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the planner is told besides the desired and the live state: the policy (rules per change), the guards
 * (rules over the whole plan), {@code sync.mode}, and whether this one run overrides the guards.
 *
 * @param force {@code apply --force}: write a plan over a guard's limit this once (the daemon never sets it)
 */
public record PlanRules(Policy policy, Guards guards, SyncMode mode, boolean force) {

    /** {@code policy} with the default guards, writing, not forced. */
    public static PlanRules of(Policy policy) {
        return new PlanRules(policy, Guards.DEFAULT, SyncMode.APPLY, false);
    }

    public PlanRules withForce(boolean force) {
        return new PlanRules(policy, guards, mode, force);
    }

    /** From the settings; every problem is named at once. */
    public static PlanRules from(Settings settings) {
        List<String> problems = problems(settings);
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("\n", problems));
        }
        return new PlanRules(Policy.parse(settings.required(Setting.POLICY)),
                new Guards(Limit.parse(Setting.MAX_UNBINDS.key(), settings.required(Setting.MAX_UNBINDS)),
                        Limit.parse(Setting.MAX_CHANGES.key(), settings.required(Setting.MAX_CHANGES))),
                SyncMode.parse(Setting.MODE.key(), settings.required(Setting.MODE)), false);
    }

    /** What is wrong with the guard and mode settings, one line each (the policy is checked on its own). */
    public static List<String> problems(Settings settings) {
        List<String> problems = new ArrayList<>();
        for (Setting limit : List.of(Setting.MAX_UNBINDS, Setting.MAX_CHANGES)) {
            try {
                Limit.parse(limit.key(), settings.required(limit));
            } catch (IllegalArgumentException e) {
                problems.add(e.getMessage());
            }
        }
        try {
            SyncMode.parse(Setting.MODE.key(), settings.required(Setting.MODE));
        } catch (IllegalArgumentException e) {
            problems.add(e.getMessage());
        }
        return problems;
    }
}
