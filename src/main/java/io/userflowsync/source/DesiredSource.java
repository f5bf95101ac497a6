package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;

import java.util.Optional;

/** Where the desired state comes from for a run: a folder, or a Git revision. */
public interface DesiredSource extends AutoCloseable {
    /**
     * What this run reconciles towards. Never an empty state standing in for input that could not be read: a source
     * without last-good semantics throws {@link DesiredStateException} for invalid input; a Git source answers
     * {@link SourceOutcome.Fallback} or {@link SourceOutcome.Unavailable}.
     */
    SourceOutcome load() throws DesiredStateException;

    /** The source's health (newest and last good revision, current problem), where it keeps one. */
    default Optional<SourceStatus> status() {
        return Optional.empty();
    }

    /** Releases what the source holds open (SSH sessions); no checked exception. */
    @Override
    default void close() {
    }
}
