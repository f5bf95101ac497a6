package io.userflowsync.source;

import java.util.Locale;

/** What a run does when the newest revision cannot be fetched or does not validate. */
public enum OnSourceError {
    /** Keep reconciling towards the last revision that validated (the default, as Flux and Argo CD do). */
    LAST_GOOD,
    /** Skip runs until the source is fixed: nothing is planned or applied. */
    SKIP;

    /** Parses the setting value: {@code last-good} or {@code skip}. */
    public static OnSourceError parse(String value) {
        String v = value == null ? "" : value.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (v) {
            case "last-good", "" -> LAST_GOOD;
            case "skip" -> SKIP;
            default -> throw new IllegalArgumentException("onSourceError must be last-good or skip, got '" + value + "'");
        };
    }
}
