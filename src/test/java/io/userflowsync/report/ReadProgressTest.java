package io.userflowsync.report;

import io.userflowsync.graph.GraphBudget;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class ReadProgressTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private final AtomicLong now = new AtomicLong();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ReadProgress progress = new ReadProgress(new PrintStream(err, true, StandardCharsets.UTF_8), now::get);

    private static GraphBudget budget(int ceiling, int spentLastMinute) {
        return new GraphBudget(200, ceiling, 60, 18, spentLastMinute, 0, 0, 0, 0, 0, Duration.ZERO, Duration.ZERO);
    }

    private void answered(int reads, int status) {
        for (int i = 0; i < reads; i++) {
            if (i % 2 == 0) {
                progress.batchedRequest("GET", status); // a read inside a $batch
            } else {
                progress.graphRequest("GET", OptionalInt.of(status), Duration.ofMillis(30));
            }
        }
    }

    private String shown() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aReadThatTakesLessThanASecondShowsNothing() {
        progress.readingFlows(100);
        answered(60, 200);
        now.addAndGet(900 * MS);
        answered(40, 200);

        assertThat(shown()).isEmpty();
    }

    @Test
    void aLongReadShowsOneLineRewrittenInPlaceAndWipesItWhenDone() {
        progress.watch(() -> budget(140, 140));
        progress.readingFlows(400);
        answered(20, 200);
        now.addAndGet(1100 * MS);
        answered(1, 200);
        now.addAndGet(100 * MS);
        answered(1, 200); // within a quarter of a second of the last: not shown
        now.addAndGet(300 * MS);
        answered(1, 429); // sent again: not a read
        answered(1, 200);

        assertThat(shown()).isEqualTo("\rReading live state: 21 of 400 flows, about 3 min left at Graph's budget"
                + " (140 requests a minute)" + "\rReading live state: 23 of 400 flows, about 3 min left at Graph's"
                + " budget (140 requests a minute)");
        int width = "Reading live state: 23 of 400 flows, about 3 min left at Graph's budget (140 requests a minute)"
                .length();
        answered(377, 200);
        assertThat(shown()).endsWith("\r" + " ".repeat(width) + "\r");
        answered(5, 200);
        assertThat(shown()).as("answers past the last read (a listing page) show nothing").endsWith("\r");
    }

    @Test
    void theRereadsAfterWritesAreAPhaseOfTheirOwn() {
        progress.readingFlows(2);
        answered(2, 200);
        progress.readingFlows(50);
        now.addAndGet(2000 * MS);
        answered(1, 200);

        assertThat(shown()).isEqualTo("\rReading back: 1 of 50 flows");
    }

    @Test
    void theEtaCountsWhatTheBudgetStillLetsGoThisMinuteThenAMinutePerCeiling() {
        assertThat(ReadProgress.line(10, 100, false, budget(140, 0))).as("the rest fits this minute")
                .isEqualTo("Reading live state: 10 of 100 flows");
        assertThat(ReadProgress.line(0, 170, false, budget(140, 100)))
                .isEqualTo("Reading live state: 0 of 170 flows, about 56 s left at Graph's budget (140 requests a minute)");
        assertThat(ReadProgress.line(0, 10_000, false, budget(140, 140)))
                .isEqualTo("Reading live state: 0 of 10000 flows, about 72 min left at Graph's budget (140 requests"
                        + " a minute)");
        assertThat(ReadProgress.line(0, 10_000, false, GraphBudget.NONE)).as("no pacing: no budget to wait for")
                .isEqualTo("Reading live state: 0 of 10000 flows");
    }

    @Test
    void progressIsShownOnATerminalUnlessToldOtherwise() {
        assertThat(ReadProgress.wanted("auto", true)).isTrue();
        assertThat(ReadProgress.wanted("auto", false)).isFalse();
        assertThat(ReadProgress.wanted("always", false)).isTrue();
        assertThat(ReadProgress.wanted("never", true)).isFalse();
    }
}
