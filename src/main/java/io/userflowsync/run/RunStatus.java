package io.userflowsync.run;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/** The last finished runs, for status and health; runs add to it, readers only look. */
public final class RunStatus {
    static final int KEPT = 20;

    private final Clock clock;
    private final Deque<FinishedRun> recent = new ArrayDeque<>();

    /** A run and when it ended. */
    public record FinishedRun(SyncRun run, Instant finishedAt) {
    }

    public RunStatus(Clock clock) {
        this.clock = clock;
    }

    /** Records a finished run and gives the time it finished. */
    public synchronized Instant record(SyncRun run) {
        Instant now = clock.instant();
        recent.addFirst(new FinishedRun(run, now));
        while (recent.size() > KEPT) {
            recent.removeLast();
        }
        return now;
    }

    public synchronized Optional<SyncRun> last() {
        return Optional.ofNullable(recent.peekFirst()).map(FinishedRun::run);
    }

    /** Newest first, at most {@value #KEPT}. */
    public synchronized List<FinishedRun> recent() {
        return List.copyOf(recent);
    }
}
