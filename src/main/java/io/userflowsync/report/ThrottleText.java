package io.userflowsync.report;

import io.userflowsync.graph.GraphBudget;

import java.time.Duration;
import java.util.Locale;

/**
 * How long a run waited on Graph throttling, and what it spent of the app's quota and Graph refused, for people
 * (text, Markdown, the daemon's log) and machines (JSON).
 */
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
                + " and graph.quota-per-minute).\n";
    }

    /**
     * As {@link #line(Duration)} with the run's wait, and what the run spent of the budget and Graph refused:
     * {@code Graph throttled this run: requests waited 12.5 s in all (Retry-After and graph.quota-per-minute); Graph
     * refused 3 requests (HTTP 429); the run spent 143 requests, at most 180 a minute (graph.quota-per-minute
     * 200).} The ceiling is below the quota after Graph refused requests within it, and for a one-off command,
     * which leaves a daemon its scan share. Nothing when the run neither waited nor was refused, so that such a run reads as it always has.
     * Requests are counted as Graph counts them, each inside a {@code $batch} on its own.
     */
    public static String line(GraphBudget budget) {
        Duration waited = budget.heldBackThisRun();
        boolean held = !waited.isZero() && !waited.isNegative();
        if (!held && budget.refusedThisRun() == 0) {
            return "";
        }
        StringBuilder line = new StringBuilder("Graph throttled this run: ");
        if (held) {
            line.append("requests waited ").append(seconds(waited)).append(" s in all (Retry-After and ")
                    .append(budget.paced() ? "graph.quota-per-minute)" : "no budget: graph.quota-per-minute=0)");
        }
        if (budget.refusedThisRun() > 0) {
            line.append(held ? "; " : "").append("Graph refused ").append(requests(budget.refusedThisRun()))
                    .append(" (HTTP 429)");
        }
        line.append("; the run spent ").append(requests(budget.spentThisRun()));
        if (budget.paced()) {
            line.append(budget.ceilingPerMinute() < budget.quotaPerMinute()
                    ? ", at most " + budget.ceilingPerMinute() + " a minute (graph.quota-per-minute "
                    + budget.quotaPerMinute() + ")"
                    : " of " + budget.quotaPerMinute() + " a minute");
        }
        return line.append(".\n").toString();
    }

    private static String requests(long n) {
        return n + (n == 1 ? " request" : " requests");
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
