package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.JGitInternalException;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.AbbreviatedObjectId;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.TagOpt;
import org.eclipse.jgit.transport.TrackingRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The desired state at the newest revision of a Git ref. Each {@link #fetch()} brings a bare clone in the work
 * directory up to date with the remote (force-updating refs, so a force-push is followed, and pruning deleted
 * branches and tags), resolves the configured ref to a commit and writes the configured path of that commit, read from
 * the object database, into {@code snapshots/<commit>[-<path hash>]/<path>}. A snapshot is written to a temporary
 * directory and renamed into place, so a reader never sees a half-written one, and it is never written again.
 *
 * <p>Layout of the work directory: {@code repo.git/} (bare clone), {@code snapshots/}, {@code ssh/} (generated
 * ssh config), {@code .lock}. Thread-safe; several processes may share the work directory.
 */
public final class GitDesiredSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GitDesiredSource.class);

    /** Where the remote's HEAD is fetched to when no ref is configured. */
    static final String REMOTE_HEAD = "refs/userflowsync/remote-head";
    /** Snapshots kept besides the one just returned; older ones are deleted. */
    static final int KEEP_SNAPSHOTS = 3;
    private static final String TMP_PREFIX = ".tmp-";

    private final GitSettings settings;
    private final Path repoDir;
    private final Path snapshotsDir;
    private final WorkDirLock lock;
    private final SecretScrubber scrubber = new SecretScrubber();
    private SshdSessionFactory sshFactory; // built on first use: the key and known_hosts may be mounted later

    public GitDesiredSource(GitSettings settings) {
        this.settings = settings;
        Path workDir = settings.workDir().toAbsolutePath().normalize();
        this.repoDir = workDir.resolve("repo.git");
        this.snapshotsDir = workDir.resolve("snapshots");
        this.lock = WorkDirLock.of(workDir);
        if (settings.url().toLowerCase(Locale.ROOT).startsWith("http://")
                && !(settings.auth() instanceof GitAuth.None) && !isLoopback(settings.url())) {
            LOG.warn("Git credentials for {} are sent over plain http://; use https://", settings.redactedUrl());
        }
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
            fetchInto(repo);
            try (RevWalk walk = new RevWalk(repo)) {
                RevCommit commit = walk.parseCommit(resolveRef(repo));
                SourceRevision revision = revisionOf(commit);
                Path root = materialise(repo, commit, revision);
                LOG.debug("Git source {} at {}", settings.location(), revision.describe());
                return new RevisionSnapshot(root, settings.shownAs(), revision);
            }
        } catch (IOException e) {
            throw storage("cannot use the Git work directory " + settings.workDir(), e);
        }
    }

    @Override
    public synchronized void close() {
        if (sshFactory != null) {
            sshFactory.close();
            sshFactory = null;
        }
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

    private void fetchInto(Repository repo) throws GitSourceException {
        List<String> refSpecs = new ArrayList<>(List.of("+refs/heads/*:refs/heads/*", "+refs/tags/*:refs/tags/*"));
        if (settings.ref().isEmpty()) {
            refSpecs.add("+HEAD:" + REMOTE_HEAD);
        }
        FetchCommand fetch;
        try (Git git = new Git(repo)) {
            fetch = git.fetch()
                    .setRemote(settings.url())
                    .setRefSpecs(refSpecs.toArray(String[]::new))
                    .setTagOpt(TagOpt.NO_TAGS)
                    .setForceUpdate(true)
                    .setRemoveDeletedRefs(true)
                    .setTimeout((int) Math.max(1, settings.timeout().toSeconds()));
            // A commit id cannot be asked for at depth 1 (a server need not serve an arbitrary commit and a short
            // id cannot be sent at all), so a commit pin fetches the full history of the branches and tags.
            if (settings.shallow() && !settings.refLooksLikeCommitId()) {
                fetch.setDepth(1);
            } else if (Files.exists(repoDir.resolve("shallow"))) {
                fetch.setUnshallow(true);
            }
            configureAuth(fetch);
            FetchResult result = fetch.call();
            checkRefUpdates(result);
        } catch (InvalidRemoteException e) {
            throw unreachable("no Git repository at " + settings.redactedUrl(), e);
        } catch (org.eclipse.jgit.api.errors.TransportException e) {
            String message = chain(e);
            if (message.contains("Remote does not have HEAD")) {
                throw noDefaultBranch();
            }
            if (message.contains("Remote does not have") || message.contains("not found in upstream")) {
                throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND,
                        "cannot fetch " + settings.redactedUrl() + ": " + message, Optional.empty());
            }
            String hint = looksLikeHostKeyFailure(message)
                    ? " (the server's host key is not in the configured known_hosts file, or it changed)"
                    : looksLikeAuthFailure(message) ? " (check the configured credentials: " + settings.auth() + ")" : "";
            throw unreachable("cannot fetch " + settings.redactedUrl() + hint, e);
        } catch (GitAPIException | JGitInternalException e) {
            throw unreachable("cannot fetch " + settings.redactedUrl(), e);
        }
    }

    private void configureAuth(FetchCommand fetch) throws GitSourceException {
        GitAuth auth = settings.auth();
        if (auth instanceof GitAuth.HttpsToken token) {
            fetch.setCredentialsProvider(credentials(token.username(), token.token()));
        } else if (auth instanceof GitAuth.HttpsPassword password) {
            fetch.setCredentialsProvider(credentials(password.username(), password.password()));
        } else if (auth instanceof GitAuth.Ssh ssh) {
            SshdSessionFactory factory = sshFactory(ssh);
            fetch.setTransportConfigCallback(transport -> {
                if (transport instanceof SshTransport sshTransport) {
                    sshTransport.setSshSessionFactory(factory);
                }
            });
        }
    }

    private CredentialsProvider credentials(String username, SecretRef secret) throws GitSourceException {
        try {
            return new UsernamePasswordCredentialsProvider(username, scrubber.remember(secret.read()));
        } catch (IllegalStateException e) {
            throw new GitSourceException(GitSourceException.Kind.CONFIGURATION,
                    "cannot authenticate to " + settings.redactedUrl() + ": " + e.getMessage(), Optional.empty());
        }
    }

    private synchronized SshdSessionFactory sshFactory(GitAuth.Ssh ssh) throws GitSourceException {
        if (sshFactory == null) {
            sshFactory = SshSessionFactories.create(ssh, settings.workDir().toAbsolutePath().resolve("ssh"), scrubber);
        } else if (!ssh.strictHostKeyChecking()) {
            LOG.warn("SSH strict host key checking is OFF for {}", settings.redactedUrl());
        }
        return sshFactory;
    }

    private void checkRefUpdates(FetchResult result) throws GitSourceException {
        for (TrackingRefUpdate update : result.getTrackingRefUpdates()) {
            RefUpdate.Result r = update.getResult();
            if (r == RefUpdate.Result.LOCK_FAILURE || r == RefUpdate.Result.IO_FAILURE
                    || r == RefUpdate.Result.REJECTED || r == RefUpdate.Result.REJECTED_OTHER_REASON) {
                throw new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, "fetched " + settings.redactedUrl()
                        + " but could not update " + update.getLocalName() + " in " + repoDir + ": " + r, Optional.empty());
            }
        }
    }

    private ObjectId resolveRef(Repository repo) throws IOException, GitSourceException {
        if (settings.ref().isEmpty()) {
            Ref head = repo.exactRef(REMOTE_HEAD);
            if (head == null || head.getObjectId() == null) {
                throw noDefaultBranch();
            }
            return head.getObjectId();
        }
        String ref = settings.ref().get();
        List<String> candidates = ref.startsWith("refs/")
                ? List.of(ref)
                : List.of(Constants.R_TAGS + ref, Constants.R_HEADS + ref); // rev-parse order: tags before branches
        for (String name : candidates) {
            Ref found = repo.exactRef(name);
            if (found != null && found.getObjectId() != null) {
                return found.getObjectId(); // an annotated tag is peeled by parseCommit
            }
        }
        if (settings.refLooksLikeCommitId()) {
            try (ObjectReader reader = repo.newObjectReader()) {
                Collection<ObjectId> matches = reader.resolve(AbbreviatedObjectId.fromString(ref.toLowerCase(Locale.ROOT)));
                if (matches.size() == 1) {
                    ObjectId id = matches.iterator().next();
                    if (reader.has(id, Constants.OBJ_COMMIT)) {
                        return id;
                    }
                } else if (matches.size() > 1) {
                    throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, "commit id '" + ref
                            + "' is ambiguous in " + settings.redactedUrl() + "; give more digits", Optional.empty());
                }
            }
            throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, "commit " + ref + " is not in the"
                    + " history of any branch or tag of " + settings.redactedUrl(), Optional.empty());
        }
        throw new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, "'" + ref + "' is neither a tag nor a"
                + " branch of " + settings.redactedUrl(), Optional.empty());
    }

    private SourceRevision revisionOf(RevCommit commit) {
        String message = commit.getFullMessage().strip();
        int eol = message.indexOf('\n');
        String subject = (eol < 0 ? message : message.substring(0, eol)).strip();
        Instant authorTime = commit.getAuthorIdent().getWhenAsInstant();
        return new SourceRevision(settings.location(), Optional.of(commit.name()), Optional.of(authorTime),
                Optional.of(subject));
    }

    /** Writes {@code path} of the commit under a fresh snapshot directory, or reuses one written before. */
    private Path materialise(Repository repo, RevCommit commit, SourceRevision revision)
            throws IOException, GitSourceException {
        Files.createDirectories(snapshotsDir);
        String key = commit.name() + settings.path().map(p -> "-" + shortHash(p)).orElse("");
        Path snapshot = snapshotsDir.resolve(key);
        Path root = settings.path().map(snapshot::resolve).orElse(snapshot);
        if (Files.isDirectory(snapshot)) {
            Files.setLastModifiedTime(snapshot, FileTime.from(Instant.now())); // most recently used: pruned last
        } else {
            Path tmp = Files.createTempDirectory(snapshotsDir, TMP_PREFIX + key + "-");
            try {
                writeTree(repo, commit, revision, tmp);
                Files.move(tmp, snapshot, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
                deleteRecursively(tmp); // written meanwhile by an earlier holder of the lock; identical content
            } catch (IOException | GitSourceException | RuntimeException e) {
                deleteRecursively(tmp);
                throw e;
            }
        }
        prune(snapshot);
        return root;
    }

    private void writeTree(Repository repo, RevCommit commit, SourceRevision revision, Path target)
            throws IOException, GitSourceException {
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.setRecursive(true);
            if (settings.path().isEmpty()) {
                walk.addTree(commit.getTree());
                copyEntries(repo, walk, target, "");
                return;
            }
            String path = settings.path().get();
            try (TreeWalk entry = TreeWalk.forPath(repo, path, commit.getTree())) {
                if (entry == null) {
                    throw new GitSourceException(GitSourceException.Kind.PATH_NOT_IN_REVISION, "path '" + path
                            + "' does not exist in " + revision.describe() + "; check the configured path and ref",
                            Optional.of(revision));
                }
                FileMode mode = entry.getFileMode(0);
                if (mode == FileMode.TREE) {
                    walk.addTree(entry.getObjectId(0));
                    copyEntries(repo, walk, target, path + "/");
                } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    writeBlob(repo, entry.getObjectId(0), safeResolve(target, path));
                } else {
                    throw new GitSourceException(GitSourceException.Kind.PATH_NOT_IN_REVISION, "path '" + path
                            + "' in " + revision.describe() + " is a symbolic link or submodule, not a file or folder",
                            Optional.of(revision));
                }
            }
        }
    }

    private void copyEntries(Repository repo, TreeWalk walk, Path target, String prefix) throws IOException {
        while (walk.next()) {
            FileMode mode = walk.getFileMode(0);
            String relative = prefix + walk.getPathString();
            if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                writeBlob(repo, walk.getObjectId(0), safeResolve(target, relative));
            } else {
                // symbolic links could point outside the snapshot and submodules have no content here
                LOG.warn("Git source {}: skipping '{}' (symbolic link or submodule)", settings.location(), relative);
            }
        }
    }

    private static void writeBlob(Repository repo, ObjectId blob, Path file) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            repo.open(blob, Constants.OBJ_BLOB).copyTo(out);
        } catch (MissingObjectException e) {
            throw new IOException("object " + blob.name() + " is missing from the clone in " + repo.getDirectory(), e);
        }
    }

    private static Path safeResolve(Path base, String relative) throws IOException {
        Path resolved = base.resolve(relative).normalize();
        if (!resolved.startsWith(base)) {
            throw new IOException("refusing to write '" + relative + "' outside the snapshot directory");
        }
        return resolved;
    }

    /** Deletes leftovers of interrupted runs and all but the most recently used snapshots. */
    private void prune(Path keep) {
        List<Path> snapshots = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(snapshotsDir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().startsWith(TMP_PREFIX)) {
                    deleteRecursively(entry); // we hold the work directory lock: nobody is writing it
                } else if (!entry.equals(keep)) {
                    snapshots.add(entry);
                }
            }
            snapshots.sort(Comparator.comparing(GitDesiredSource::lastModified).reversed());
            for (Path old : snapshots.subList(Math.min(KEEP_SNAPSHOTS - 1, snapshots.size()), snapshots.size())) {
                deleteRecursively(old);
            }
        } catch (IOException e) {
            LOG.warn("cannot prune old snapshots in {}: {}", snapshotsDir, e.toString());
        }
    }

    private static FileTime lastModified(Path p) {
        try {
            return Files.getLastModifiedTime(p);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            LOG.warn("cannot delete {}: {}", dir, e.toString());
        }
    }

    private GitSourceException noDefaultBranch() {
        return new GitSourceException(GitSourceException.Kind.REF_NOT_FOUND, settings.redactedUrl()
                + " has no default branch (HEAD); is the repository empty? Otherwise configure a ref", Optional.empty());
    }

    private GitSourceException unreachable(String message, Throwable cause) {
        // JGit repeats the URL in front of each cause; the message names it once already
        String url = settings.redactedUrl();
        String causes = chain(cause).replace("Invalid remote: ", "").replace(url + ": ", "");
        if (url.endsWith("/")) {
            causes = causes.replace(url.substring(0, url.length() - 1) + ": ", "");
        }
        return new GitSourceException(GitSourceException.Kind.UNREACHABLE, message + ": " + causes, Optional.empty());
    }

    private GitSourceException storage(String message, Throwable cause) {
        return new GitSourceException(GitSourceException.Kind.LOCAL_STORAGE, message + ": " + chain(cause), Optional.empty());
    }

    /** The distinct messages of an exception and its causes, cleaned of anything secret. */
    private String chain(Throwable e) {
        Set<String> parts = new LinkedHashSet<>();
        for (Throwable t = e; t != null && parts.size() < 5; t = t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && parts.stream().noneMatch(p -> p.contains(m.strip()))) {
                parts.add(m.strip());
            } else if (m == null) {
                parts.add(t.getClass().getSimpleName());
            }
        }
        return scrubber.scrub(String.join(": ", parts));
    }

    private static boolean looksLikeHostKeyFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("server key did not validate") || m.contains("host key");
    }

    private static boolean looksLikeAuthFailure(String message) {
        String m = message.toLowerCase(Locale.ROOT);
        return m.contains("not authorized") || m.contains("authentication") || m.contains("401")
                || m.contains("403") || m.contains("permission denied") || m.contains("auth fail");
    }

    private static boolean isLoopback(String url) {
        String lower = url.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://127.0.0.1") || lower.startsWith("http://localhost") || lower.startsWith("http://[::1]");
    }

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
