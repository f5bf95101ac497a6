package io.userflowsync.source;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.ObjectId;
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
    private final SecretScrubber scrubber;
    private final GitFailures failures;
    private final GitFetcher fetcher;
    private volatile Optional<String> historyFrom = Optional.empty();
    /** The commit whose history the last fetch kept ({@link #keepHistoryFrom}); guarded by the work-dir lock. */
    private Optional<String> fetchedWithHistoryFrom = Optional.empty();
    private final RefResolver refs;
    private final SnapshotStore snapshots;
    private final Optional<CommitSignatures> signatures;

    public GitMirror(GitSettings settings) {
        this(settings, new SecretScrubber());
    }

    /** @param scrubber the agent's one scrubber: the Git secrets read here are masked in Graph's text too */
    public GitMirror(GitSettings settings, SecretScrubber scrubber) {
        this.settings = settings;
        this.scrubber = scrubber;
        Path workDir = settings.workDir().toAbsolutePath().normalize();
        this.repoDir = workDir.resolve("repo.git");
        this.lock = WorkDirLock.of(workDir);
        this.failures = new GitFailures(settings, scrubber);
        this.fetcher = new GitFetcher(settings, scrubber, failures);
        this.refs = new RefResolver(settings, failures);
        this.snapshots = new SnapshotStore(settings, workDir.resolve("snapshots"));
        this.signatures = settings.signedCommits().map(CommitSignatures::new);
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
     *                            the path or an allowed signature (then {@link GitSourceException#revision()} names
     *                            the revision); nothing of an untrusted revision is written to a snapshot
     */
    public RevisionSnapshot fetch() throws GitSourceException {
        try (WorkDirLock.Held held = lock.acquire(); Repository repo = openOrInit()) {
            Optional<String> from = historyFrom;
            Optional<Instant> since = from.flatMap(id -> commitTime(repo, id));
            fetcher.fetchInto(repo, since);
            fetchedWithHistoryFrom = since.isPresent() ? from : Optional.empty();
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(refs.resolve(repo));
                SourceRevision revision = revisionOf(commit);
                Optional<String> signer = checkSignature(repo, commit, revision);
                Path root = snapshots.materialise(repo, commit, revision);
                LOG.debug("Git source {} at {}", settings.location(), revision.describe());
                return new RevisionSnapshot(root, settings.shownAs(), revision, signer);
            }
        } catch (IOException e) {
            throw failures.storage("cannot use the Git work directory " + settings.workDir(), e);
        }
    }

    /**
     * The configured path of a commit fetched earlier (the last applied revision, after a restart; or any revision
     * of the clone, {@code plan --changed-since origin/main}), materialised as
     * {@link #fetch()} materialises the newest; its signature is checked as the newest's is.
     *
     * @return empty when the clone no longer has the commit
     */
    public Optional<RevisionSnapshot> snapshotOf(String commitId) throws GitSourceException {
        try (WorkDirLock.Held held = lock.acquire(); Repository repo = openOrInit(); RevWalk walk = new RevWalk(repo)) {
            RevCommit commit;
            try {
                ObjectId id = repo.resolve(commitId + "^{commit}");
                if (id == null) {
                    return Optional.empty();
                }
                commit = walk.parseCommit(id);
            } catch (MissingObjectException | org.eclipse.jgit.errors.RevisionSyntaxException e) {
                return Optional.empty();
            }
            SourceRevision revision = revisionOf(commit);
            Optional<String> signer = checkSignature(repo, commit, revision);
            return Optional.of(new RevisionSnapshot(snapshots.materialise(repo, commit, revision), settings.shownAs(),
                    revision, signer));
        } catch (IOException e) {
            throw failures.storage("cannot use the Git work directory " + settings.workDir(), e);
        }
    }

    /**
     * The next fetches keep the history from {@code commitId} (the last applied revision) to the newest tip, instead of
     * the tip alone, so {@link #descends} can tell whether the newest revision descends from it: a shallow clone is
     * fetched with Git's {@code --shallow-since} at that commit's time rather than at depth 1. Costs the commits
     * since then, which in a daemon that keeps up is the few a push brings.
     */
    public void keepHistoryFrom(String commitId) {
        historyFrom = Optional.of(commitId);
    }

    /**
     * Whether {@code commitId} descends from {@code ancestorId} (or is it). In a shallow clone this is known only when
     * it was fetched keeping the history from the ancestor ({@link #keepHistoryFrom}): then an ancestor not found is
     * none, assuming commit times that do not run backwards along the history (Git's own {@code --shallow-since}
     * assumes as much).
     *
     * @return empty when it cannot be told (the clone lacks either commit, or its history stops short)
     */
    public Optional<Boolean> descends(String commitId, String ancestorId) {
        if (commitId.equals(ancestorId)) {
            return Optional.of(true);
        }
        try (WorkDirLock.Held held = lock.acquire(); Repository repo = openOrInit()) {
            Optional<Boolean> merged = mergedInto(repo, ancestorId, commitId);
            if (merged.isEmpty() || merged.get() || repo.getObjectDatabase().getShallowCommits().isEmpty()) {
                return merged;
            }
            return fetchedWithHistoryFrom.equals(Optional.of(ancestorId)) ? merged : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.debug("cannot tell whether {} descends from {}", commitId, ancestorId, e);
            return Optional.empty();
        }
    }

    /** The commit time of {@code commitId} in the clone, to fetch the history since then; empty if it is not there. */
    private static Optional<Instant> commitTime(Repository repo, String commitId) {
        try (RevWalk walk = new RevWalk(repo)) {
            return Optional.of(walk.parseCommit(ObjectId.fromString(commitId)).getCommitterIdent().getWhenAsInstant());
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Boolean> mergedInto(Repository repo, String ancestorId, String commitId)
            throws IOException {
        try (RevWalk walk = new RevWalk(repo)) {
            RevCommit ancestor = walk.parseCommit(ObjectId.fromString(ancestorId));
            RevCommit commit = walk.parseCommit(ObjectId.fromString(commitId));
            return Optional.of(walk.isMergedInto(ancestor, commit));
        } catch (MissingObjectException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /**
     * Checks the signature of a revision fetched earlier (the persisted last good one, after a restart or after the
     * allowed keys changed), so a revision the current trust settings would refuse is never used as a fallback.
     *
     * @return the signer, or empty when signatures are not verified
     * @throws GitSourceException UNTRUSTED_REVISION when it is not signed by an allowed key or no longer in the clone
     */
    Optional<String> checkSignatureOf(SourceRevision revision) throws GitSourceException {
        if (signatures.isEmpty()) {
            return Optional.empty();
        }
        String id = revision.commitId().orElseThrow(() -> new IllegalArgumentException("not a Git revision"));
        try (WorkDirLock.Held held = lock.acquire(); Repository repo = openOrInit(); RevWalk walk = new RevWalk(repo)) {
            RevCommit commit;
            try {
                commit = walk.parseCommit(ObjectId.fromString(id));
            } catch (MissingObjectException e) {
                throw untrusted(revision, "commit " + id + " is no longer in the clone, so its signature cannot be checked");
            }
            return checkSignature(repo, commit, revision);
        } catch (IOException e) {
            throw failures.storage("cannot use the Git work directory " + settings.workDir(), e);
        }
    }

    private Optional<String> checkSignature(Repository repo, RevCommit commit, SourceRevision revision)
            throws GitSourceException {
        if (signatures.isEmpty()) {
            return Optional.empty();
        }
        CommitSignatures.Verdict verdict = signatures.get().verify(repo, commit);
        if (verdict instanceof CommitSignatures.Refused refused) {
            throw untrusted(revision, refused.reason());
        }
        return Optional.of(((CommitSignatures.Trusted) verdict).signer());
    }

    private static GitSourceException untrusted(SourceRevision revision, String reason) {
        return new GitSourceException(GitSourceException.Kind.UNTRUSTED_REVISION, "revision " + revision.describe()
                + " is not signed by an allowed key (sync.git.verify-signatures): " + reason, Optional.of(revision));
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
