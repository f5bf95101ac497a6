package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.model.DesiredState;

import java.util.Optional;

/** Where the desired state comes from for a run: a folder, or a Git revision. */
public interface DesiredSource extends AutoCloseable {
    /**
     * What this run reconciles towards. Never an empty state standing in for input that could not be read: a source
     * without last-good semantics throws {@link DesiredStateException} for invalid input; a Git source answers
     * {@link SourceOutcome.Fallback} or {@link SourceOutcome.Unavailable}.
     */
    SourceOutcome load() throws DesiredStateException;

    /**
     * The desired state of an earlier revision of this source (the last applied one, after a restart), to compute
     * what a new revision changes. Empty when the source keeps no history (a folder) or no longer has the revision.
     *
     * @throws DesiredStateException when that revision does not validate (any more)
     * @throws GitSourceException    when the clone cannot be read, or the revision is no longer trusted
     */
    default Optional<DesiredState> loadAt(String commitId) throws DesiredStateException, GitSourceException {
        return Optional.empty();
    }

    /**
     * Whether revision {@code commitId} descends from {@code ancestorId}; empty when the source cannot tell (a
     * folder, or a clone that lacks either).
     */
    default Optional<Boolean> descends(String commitId, String ancestorId) {
        return Optional.empty();
    }

    /**
     * From now on keep enough history to tell whether a new revision descends from {@code commitId} (the last
     * applied one); a source without history ignores it.
     */
    default void keepHistoryFrom(String commitId) {
    }

    /** The source's health (newest and last good revision, current problem), where it keeps one. */
    default Optional<SourceStatus> status() {
        return Optional.empty();
    }

    /** Releases what the source holds open (SSH sessions); no checked exception. */
    @Override
    default void close() {
    }
}
