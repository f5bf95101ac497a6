package io.userflowsync.pipeline;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.SourceUnavailableException;

/** Stage 1: the desired state, from its source. */
public final class DesiredStage {
    private final DesiredSource source;

    public DesiredStage(DesiredSource source) {
        this.source = source;
    }

    public SyncRun load(SyncRun run) throws DesiredStateException, SourceUnavailableException {
        return run.withDesired(source.load());
    }
}
