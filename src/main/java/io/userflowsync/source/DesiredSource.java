package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.model.DesiredState;

/** Where the desired state comes from for a run: a folder, or a Git revision. */
public interface DesiredSource {
    /**
     * The desired state to reconcile from. Never an empty state standing in for input that could not be read:
     * invalid input throws {@link DesiredStateException}, an unreachable source {@link SourceUnavailableException}.
     */
    DesiredState load() throws DesiredStateException, SourceUnavailableException;
}
