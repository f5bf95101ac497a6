package io.userflowsync.report;

import io.userflowsync.graph.GraphBudget;
import io.userflowsync.graph.GraphObserver;

import java.io.PrintStream;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A one-off command's progress line on stderr while it reads a large tenant: the flows read so far, and how long the
 * rest will take at what the Graph budget allows ({@code graph.quota-per-minute}: Graph's 200 requests a minute per
 * app, includes/throttling-cpim.md). One line, rewritten in place ({@code \r}), shown only once a read has taken a
 * second, at most four times a second, and wiped when the read is done, so that stdout's plan reads as without it.
 * Only for a terminal ({@link #wanted}): a CI log gets nothing extra.
 */
public final class ReadProgress implements GraphObserver {
    private static final long SHOW_AFTER = TimeUnit.SECONDS.toNanos(1);
    private static final long EVERY = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintStream err;
    private final LongSupplier ticker;
    private Supplier<GraphBudget> budget = () -> GraphBudget.NONE;
    private int total;
    private int done;
    private int phase;
    private long phaseStarted;
    private long lastShown;
    private int shownWidth;

    public ReadProgress(PrintStream err, LongSupplier ticker) {
        this.err = err;
        this.ticker = ticker;
    }

    /**
     * Whether a command shows progress: {@code sync.progress} {@code always}, {@code never}, or {@code auto} (the
     * default): when stderr is the process's own and a terminal.
     */
    public static boolean wanted(String setting, boolean stderrIsTerminal) {
        return switch (setting) {
            case "always" -> true;
            case "never" -> false;
            default -> stderrIsTerminal;
        };
    }

    /** Whether the process's stderr (file descriptor 2) is a terminal: {@code test -t 2} in a child that inherits it. */
    public static boolean stderrIsTerminal() {
        try {
            Process test = new ProcessBuilder("sh", "-c", "[ -t 2 ]")
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            return test.waitFor(5, TimeUnit.SECONDS) && test.exitValue() == 0;
        } catch (java.io.IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Where the ETA's budget comes from (the Graph client's {@code budget()}), once the client exists. */
    public synchronized void watch(Supplier<GraphBudget> graphBudget) {
        this.budget = graphBudget;
    }

    @Override
    public void tokenRequest(OptionalInt status, Duration elapsed) {
        // not a read
    }

    @Override
    public synchronized void readingFlows(int flows) {
        wipe();
        total = flows;
        done = 0;
        phase++;
        phaseStarted = ticker.getAsLong();
    }

    @Override
    public void graphRequest(String method, OptionalInt status, Duration elapsed) {
        status.ifPresent(answer -> answered(method, answer));
    }

    /** The reads travel in {@code $batch} requests: each answer inside one. */
    @Override
    public void batchedRequest(String method, int status) {
        answered(method, status);
    }

    private synchronized void answered(String method, int status) {
        // An answered GET of this phase: a flow's read (a listing page among them is a rounding error); a 429 is
        // sent again, so it is not one read more.
        if (!"GET".equals(method) || status == 429 || done >= total) {
            return;
        }
        done++;
        long now = ticker.getAsLong();
        if (done >= total) {
            wipe();
        } else if (now - phaseStarted >= SHOW_AFTER && (shownWidth == 0 || now - lastShown >= EVERY)) {
            show(line(done, total, phase > 1, budget.get()));
            lastShown = now;
        }
    }

    /**
     * {@code Reading live state: 340 of 1000 flows, about 4 min left at Graph's budget (140 requests a minute)}; the
     * re-reads after writes say {@code Reading back}. The ETA counts what the budget still lets go this minute, then
     * a minute for each ceiling's worth; none when the budget does not bind.
     */
    static String line(int done, int total, boolean readBack, GraphBudget budget) {
        StringBuilder line = new StringBuilder(readBack ? "Reading back: " : "Reading live state: ")
                .append(done).append(" of ").append(total).append(" flows");
        int remaining = total - done;
        if (budget.paced() && budget.ceilingPerMinute() > 0) {
            int room = Math.max(0, budget.ceilingPerMinute() - budget.spentLastMinute());
            if (remaining > room) {
                long seconds = (long) Math.ceil(60.0 * (remaining - room) / budget.ceilingPerMinute());
                line.append(", about ").append(seconds < 120 ? seconds + " s" : (seconds + 59) / 60 + " min")
                        .append(" left at Graph's budget (").append(budget.ceilingPerMinute())
                        .append(" requests a minute)");
            }
        }
        return line.toString();
    }

    private void show(String line) {
        String padded = line.length() < shownWidth ? line + " ".repeat(shownWidth - line.length()) : line;
        err.print("\r" + padded);
        err.flush();
        shownWidth = Math.max(shownWidth, line.length());
    }

    private void wipe() {
        if (shownWidth > 0) {
            err.print("\r" + " ".repeat(shownWidth) + "\r");
            err.flush();
            shownWidth = 0;
        }
    }
}
