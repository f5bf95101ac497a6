package io.userflowsync.report;

import java.time.Duration;
import java.util.Locale;

/** How long a run waited on Graph throttling, for people (text, Markdown, the daemon's log) and machines (JSON). */
public final class ThrottleText {
    private ThrottleText() {
    }

    /**
     * {@code Graph throttled this run: requests waited 12.5 s in all.} and a line break, or nothing when the run
     * never waited, so that a run without throttling reads as it always has.
     */
    public static String line(Duration waited) {
        if (waited.isZero() || waited.isNegative()) {
            return "";
        }
        return "Graph throttled this run: requests waited " + seconds(waited) + " s in all (Retry-After"
                + " and graph.max-requests-per-minute).\n";
    }

    /** Seconds with one decimal, the same on every machine: {@code 12.5}. */
    static String seconds(Duration waited) {
        return String.format(Locale.ROOT, "%.1f", waited.toMillis() / 1000.0);
    }

    /** Seconds to the millisecond, for JSON. */
    static double exactSeconds(Duration waited) {
        return waited.toMillis() / 1000.0;
    }
}
