package io.userflowsync.pipeline;

import io.userflowsync.run.SyncRun;
import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.source.DesiredSource;
import io.userflowsync.source.SourceOutcome;
import io.userflowsync.source.SourceUnavailableException;

/** Stage 1: the desired state, from its source; the last good revision's when the newest cannot be used. */
public final class DesiredStage {
    private final DesiredSource source;

    public DesiredStage(DesiredSource source) {
        this.source = source;
    }

    public SyncRun load(SyncRun run) throws DesiredStateException, SourceUnavailableException {
        SourceOutcome outcome = source.load();
        if (outcome instanceof SourceOutcome.Current current) {
            return run.withDesired(current.state());
        }
        if (outcome instanceof SourceOutcome.Fallback fallback) {
            return run.withFallback(fallback);
        }
        SourceOutcome.Unavailable unavailable = (SourceOutcome.Unavailable) outcome;
        throw new SourceUnavailableException(unavailable.reason(), unavailable.problems());
    }
}
