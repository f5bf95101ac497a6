package io.userflowsync.plan;

import java.util.Arrays;

/** What the agent may change. Suppressed changes are still computed and reported. */
public enum Policy {
    /** Bind, rebind and unbind (only where the YAML says null). */
    SYNC("sync"),
    /** Bind and rebind; never unbind. */
    UPSERT_ONLY("upsert-only");

    private final String settingName;

    Policy(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    public static Policy parse(String value) {
        return Arrays.stream(values()).filter(p -> p.settingName.equalsIgnoreCase(value.trim())).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown policy '" + value + "' (expected sync or upsert-only)"));
    }

    @Override
    public String toString() {
        return settingName;
    }
}
