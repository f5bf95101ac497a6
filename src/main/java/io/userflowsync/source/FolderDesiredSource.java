package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;

/** The desired state from a file or folder on disk, read afresh on every run; invalid input fails the run. */
public final class FolderDesiredSource implements DesiredSource {
    private final Path path;
    private final DesiredStateReader reader;

    public FolderDesiredSource(Path path, DesiredStateLoader loader) {
        this(path, loader::load);
    }

    /** @param reader how the folder is read: the whole folder, or one tenant's view of it (issue 9, item 3) */
    public FolderDesiredSource(Path path, DesiredStateReader reader) {
        this.path = path;
        this.reader = reader;
    }

    @Override
    public SourceOutcome load() throws DesiredStateException {
        return new SourceOutcome.Current(reader.read(path, path.toString(), SourceRevision.folder(path.toString())));
    }
}
