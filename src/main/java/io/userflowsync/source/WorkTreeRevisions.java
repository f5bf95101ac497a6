package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * An earlier revision of a desired-state folder that lives in a Git work tree (a CI checkout of the config repo):
 * what {@code plan --changed-since REV} compares the folder with. The folder's path inside the repository at REV is
 * written to a snapshot directory, as the Git source writes its revisions (the same files: {@code *.yaml}).
 */
final class WorkTreeRevisions {

    private WorkTreeRevisions() {
    }

    /**
     * @param folder the desired-state file or folder, in a Git work tree
     * @param rev    anything Git resolves to a commit: {@code origin/main}, {@code HEAD~1}, a commit id, a tag
     * @param into   where to write the snapshot (a fresh directory)
     * @return the snapshot, ready for the desired-state reader
     */
    static RevisionSnapshot snapshot(Path folder, String rev, Path into) throws GitSourceException {
        Path absolute = folder.toAbsolutePath().normalize();
        FileRepositoryBuilder builder = new FileRepositoryBuilder().findGitDir(absolute.toFile());
        if (builder.getGitDir() == null) {
            throw new GitSourceException(GitSourceException.Kind.CONFIGURATION, folder + " is not in a Git work tree,"
                    + " so --changed-since " + rev + " has nothing to compare it with", Optional.empty());
        }
        try (Repository repo = builder.setMustExist(true).build(); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = repo.resolve(rev + "^{commit}");
            if (id == null) {
                throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, "--changed-since " + rev
                        + " is no commit of " + repo.getWorkTree() + " (a shallow checkout may lack it: fetch the base,"
                        + " e.g. actions/checkout with fetch-depth: 0)", Optional.empty());
            }
            RevCommit commit = walk.parseCommit(id);
            String relative = repo.getWorkTree().toPath().toRealPath()
                    .relativize(Files.exists(absolute) ? absolute.toRealPath() : absolute).toString()
                    .replace('\\', '/');
            GitSettings settings = GitSettings.of(repo.getDirectory().toURI().toString(), into)
                    .withPath(relative.isEmpty() ? null : relative);
            SourceRevision revision = new SourceRevision(folder + " at " + rev, Optional.of(commit.name()),
                    Optional.of(Instant.ofEpochSecond(commit.getCommitTime())),
                    Optional.of(commit.getShortMessage()));
            Path root = new SnapshotStore(settings, into).materialise(repo, commit, revision);
            return new RevisionSnapshot(root, folder + " at " + rev, revision, Optional.empty());
        } catch (IOException e) {
            throw new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, "cannot read " + rev + " of the Git"
                    + " work tree of " + folder + ": " + e.getMessage(), Optional.empty());
        }
    }
}
