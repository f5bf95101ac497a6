package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * The local mirror of the Git remote: a bare clone in the work directory. Each {@link #fetch()} brings it up to date
 * ({@link GitFetcher}), resolves the configured ref to a commit ({@link RefResolver}) and writes the configured path
 * of that commit as plain files ({@link SnapshotStore}); failures are classified by {@link GitFailures}.
 *
 * <p>Layout of the work directory: {@code repo.git/} (bare clone), {@code snapshots/}, {@code ssh/} (generated
 * ssh config), {@code .lock}. Thread-safe; several processes may share the work directory.
 */
public final class GitMirror implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitMirror.class);

    private final GitSettings settings;
    private final Path repoDir;
    private final WorkDirLock lock;
    private final SecretScrubber scrubber = new SecretScrubber();
    private final GitFailures failures;
    private final GitFetcher fetcher;
    private final RefResolver refs;
    private final SnapshotStore snapshots;

    public GitMirror(GitSettings settings) {
        this.settings = settings;
        Path workDir = settings.workDir().toAbsolutePath().normalize();
        this.repoDir = workDir.resolve("repo.git");
        this.lock = WorkDirLock.of(workDir);
        this.failures = new GitFailures(settings, scrubber);
        this.fetcher = new GitFetcher(settings, scrubber, failures);
        this.refs = new RefResolver(settings, failures);
        this.snapshots = new SnapshotStore(settings, workDir.resolve("snapshots"));
    }

    public GitSettings settings() {
        return settings;
    }

    /** Takes the work directory for the caller's thread, e.g. to keep a fetch and what follows it together. */
    WorkDirLock.Held lockWorkDir() throws IOException {
        return lock.acquire();
    }

    SecretScrubber scrubber() {
        return scrubber;
    }

    /**
     * Fetches the remote and materialises the configured path of the newest revision of the configured ref.
     *
     * @throws GitSourceException when the remote cannot be fetched, the ref does not exist, or the revision lacks
     *                            the path (then {@link GitSourceException#revision()} names the revision)
     */
    public RevisionSnapshot fetch() throws GitSourceException {
        try (WorkDirLock.Held held = lock.acquire(); Repository repo = openOrInit()) {
            fetcher.fetchInto(repo);
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(refs.resolve(repo));
                SourceRevision revision = revisionOf(commit);
                Path root = snapshots.materialise(repo, commit, revision);
                LOG.debug("Git source {} at {}", settings.location(), revision.describe());
                return new RevisionSnapshot(root, settings.shownAs(), revision);
            }
        } catch (IOException e) {
            throw failures.storage("cannot use the Git work directory " + settings.workDir(), e);
        }
    }

    @Override
    public void close() {
        fetcher.close();
    }

    private Repository openOrInit() throws IOException {
        if (!Files.isRegularFile(repoDir.resolve("HEAD"))) {
            try {
                Files.createDirectories(repoDir.getParent());
                Git.init().setBare(true).setGitDir(repoDir.toFile()).setDirectory(repoDir.toFile()).call().close();
            } catch (GitAPIException e) {
                throw new IOException("cannot create the bare clone in " + repoDir + ": " + e.getMessage(), e);
            }
        }
        return new FileRepositoryBuilder().setGitDir(repoDir.toFile()).setMustExist(true).build();
    }

    private SourceRevision revisionOf(RevCommit commit) {
        String message = commit.getFullMessage().strip();
        int eol = message.indexOf('\n');
        String subject = (eol < 0 ? message : message.substring(0, eol)).strip();
        Instant authorTime = commit.getAuthorIdent().getWhenAsInstant();
        return new SourceRevision(settings.location(), Optional.of(commit.name()), Optional.of(authorTime),
                Optional.of(subject));
    }
}
