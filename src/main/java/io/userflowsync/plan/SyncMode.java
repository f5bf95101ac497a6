package io.userflowsync.plan;

import java.util.Arrays;
import java.util.stream.Collectors;

/** {@code sync.mode}: whether the agent writes what it plans (issue 8, item 2). */
public enum SyncMode {
    /** Reconcile: write the plan's changes. */
    APPLY("apply"),
    /** Report-only: read, plan and report on every trigger; never write. */
    REPORT("report");

    private final String settingName;

    SyncMode(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    public static SyncMode parse(String key, String value) {
        return Arrays.stream(values()).filter(m -> m.settingName.equals(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("setting " + key + " must be "
                        + Arrays.stream(values()).map(SyncMode::settingName).collect(Collectors.joining(" or "))
                        + ", got '" + value + "'"));
    }

    @Override
    public String toString() {
        return settingName;
    }
}
