package io.userflowsync.pipeline;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/** The last finished run, for status and health; runs update it, readers only look. */
public final class RunStatus {
    private final AtomicReference<SyncRun> last = new AtomicReference<>();

    void record(SyncRun run) {
        last.set(run);
    }

    public Optional<SyncRun> last() {
        return Optional.ofNullable(last.get());
    }
}
