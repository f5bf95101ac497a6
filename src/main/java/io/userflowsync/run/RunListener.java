package io.userflowsync.run;

import java.time.Instant;

/**
 * Told of every finished run, after it is recorded (notifications, issue 8 item 3). A listener only reads the run:
 * it never changes its result, and it must return at once (hand slow work to a thread of its own), because it is
 * called on the thread that runs the syncs.
 */
@FunctionalInterface
public interface RunListener {
    void finished(SyncRun run, Instant finishedAt);
}
