package io.userflowsync.plan;

import io.userflowsync.config.Setting;

/**
 * The limits on a whole plan (issue 8, item 1): octoDNS refuses an "unsafe plan" with too many deletes, and a broken
 * commit must not unbind every sign-up step at once. Each guard counts one thing in the changes a plan would write.
 */
public enum Guard {
    /** Unbinds: a removed binding stops a sign-up step calling its connector (validation, enrichment). */
    MAX_UNBINDS(Setting.MAX_UNBINDS, "unbind"),
    /** Every change: binds, rebinds and unbinds together. */
    MAX_CHANGES(Setting.MAX_CHANGES, "change");

    private final Setting setting;
    private final String noun;

    Guard(Setting setting, String noun) {
        this.setting = setting;
        this.noun = noun;
    }

    public Setting setting() {
        return setting;
    }

    /** {@code 1 unbind}, {@code 12 unbinds} */
    String count(int n) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** What this guard counts among the changes a plan would write. */
    int countIn(java.util.List<PlanChange> changes) {
        return switch (this) {
            case MAX_UNBINDS -> (int) changes.stream().filter(c -> c.kind() == ChangeKind.UNBIND).count();
            case MAX_CHANGES -> changes.size();
        };
    }
}
