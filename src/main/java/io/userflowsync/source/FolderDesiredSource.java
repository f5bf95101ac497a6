package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.DesiredStateLoader;

import java.nio.file.Path;

/** The desired state from a file or folder on disk, read afresh on every run; invalid input fails the run. */
public final class FolderDesiredSource implements DesiredSource {
    private final Path path;
    private final DesiredStateLoader loader;

    public FolderDesiredSource(Path path, DesiredStateLoader loader) {
        this.path = path;
        this.loader = loader;
    }

    @Override
    public SourceOutcome load() throws DesiredStateException {
        return new SourceOutcome.Current(loader.load(path));
    }
}
