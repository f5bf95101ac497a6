package io.userflowsync.desired;

import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;

/**
 * Reads and strictly validates the desired state (format v1) from a YAML file, or a folder whose *.yaml / *.yml
 * files are merged. PLACEHOLDER SIGNATURE: the implementation is being written.
 */
public final class DesiredStateLoader {
    private final boolean experimentalSteps;

    /** @param experimentalSteps whether experimental steps (preTokenIssuance) may be named */
    public DesiredStateLoader(boolean experimentalSteps) {
        this.experimentalSteps = experimentalSteps;
    }

    /**
     * @param path     a YAML file or a folder
     * @param shownAs  how {@code path} is named in error locations (e.g. the path inside a Git repository)
     * @param revision the revision the files belong to, carried into the result
     */
    public DesiredState load(Path path, String shownAs, SourceRevision revision) throws DesiredStateException {
        throw new UnsupportedOperationException("not written yet");
    }

    public DesiredState load(Path path) throws DesiredStateException {
        return load(path, path.toString(), SourceRevision.folder(path.toString()));
    }
}
