package io.userflowsync.notify;

import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification to send: which event, the run it is about (read only), and for a recovery the result it
 * recovered from.
 */
public record RunEvent(EventKind kind, SyncRun run, Instant finishedAt, Optional<String> recoveredFrom) {
    public RunEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(recoveredFrom, "recoveredFrom");
    }

    public RunResult result() {
        return run.result();
    }
}
