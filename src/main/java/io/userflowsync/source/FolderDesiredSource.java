package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

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

    /**
     * The folder at an earlier commit of the Git work tree it is in ({@code plan --changed-since REV} on a CI
     * checkout), read and validated as the folder is; empty when the folder is in no work tree.
     */
    @Override
    public Optional<DesiredState> loadAt(String rev) throws DesiredStateException, GitSourceException {
        Path into;
        try {
            into = Files.createTempDirectory("userflow-sync-changed-since-");
        } catch (IOException e) {
            throw new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, "cannot make a temporary directory: "
                    + e.getMessage(), Optional.empty());
        }
        try {
            RevisionSnapshot snapshot = WorkTreeRevisions.snapshot(path, rev, into);
            return Optional.of(reader.read(snapshot.root(), snapshot.shownAs(), snapshot.revision()));
        } finally {
            FileTrees.deleteRecursively(into);
        }
    }
}
