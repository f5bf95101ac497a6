package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;
import org.eclipse.jgit.errors.MissingObjectException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * Writes the configured path of a commit, read from the object database, into {@code snapshots/<commit>[-<path
 * hash>]/<path>}: the file the path names, or the {@code *.yaml}/{@code *.yml} files directly in the folder it names
 * (what the desired-state loader reads), nothing else. A snapshot is written to a temporary directory and renamed into place, so a reader never sees a
 * half-written one, and it is never written again; all but the {@link #KEEP_SNAPSHOTS} most recently used are
 * deleted. The caller holds the work directory lock.
 */
final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);

    /** Snapshots kept besides the one just returned; older ones are deleted. */
    static final int KEEP_SNAPSHOTS = 3;
    private static final String TMP_PREFIX = ".tmp-";

    private final GitSettings settings;
    private final Path snapshotsDir;

    SnapshotStore(GitSettings settings, Path snapshotsDir) {
        this.settings = settings;
        this.snapshotsDir = snapshotsDir;
    }

    /** Writes {@code path} of the commit under a fresh snapshot directory, or reuses one written before. */
    Path materialise(Repository repo, RevCommit commit, SourceRevision revision) throws IOException, GitSourceException {
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
                FileTrees.deleteRecursively(tmp); // written meanwhile by an earlier holder of the lock; identical content
            } catch (IOException | GitSourceException | RuntimeException e) {
                FileTrees.deleteRecursively(tmp);
                throw e;
            }
        }
        prune(snapshot);
        return root;
    }

    private void writeTree(Repository repo, RevCommit commit, SourceRevision revision, Path target)
            throws IOException, GitSourceException {
        if (settings.path().isEmpty()) {
            writeFolder(repo, commit.getTree(), target, "");
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
                writeFolder(repo, entry.getObjectId(0), target, path + "/");
            } else if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                writeBlob(repo, entry.getObjectId(0), safeResolve(target, path)); // a named file is read whatever its name
            } else {
                throw new GitSourceException(GitSourceException.Kind.PATH_NOT_IN_REVISION, "path '" + path
                        + "' in " + revision.describe() + " is a symbolic link or submodule, not a file or folder",
                        Optional.of(revision));
            }
        }
    }

    /**
     * Writes the files of one folder that the desired-state loader reads, and nothing else: with the repository root
     * as the path, every other blob of the revision (a 50 MB binary, say) would otherwise be written to each snapshot
     * and copied to the last good one (issue 6 item 13e). The folder itself is always created, so an empty one is
     * reported by the loader as "no *.yaml file", not as missing.
     */
    private void writeFolder(Repository repo, ObjectId tree, Path target, String prefix) throws IOException {
        Files.createDirectories(prefix.isEmpty() ? target : safeResolve(target, prefix));
        try (TreeWalk walk = new TreeWalk(repo)) {
            walk.addTree(tree);
            walk.setRecursive(false); // the loader reads the files directly in the folder, not in subfolders
            while (walk.next()) {
                String name = walk.getNameString();
                if (!isDesiredStateFileName(name)) {
                    continue;
                }
                FileMode mode = walk.getFileMode(0);
                if (mode == FileMode.REGULAR_FILE || mode == FileMode.EXECUTABLE_FILE) {
                    writeBlob(repo, walk.getObjectId(0), safeResolve(target, prefix + name));
                } else if (mode != FileMode.TREE) {
                    // symbolic links could point outside the snapshot and submodules have no content here
                    LOG.warn("Git source {}: skipping '{}' (symbolic link or submodule)", settings.location(), prefix + name);
                }
            }
        }
    }

    /** The names the loader reads in a folder (desired/SourceFiles): *.yaml and *.yml, not starting with a dot. */
    static boolean isDesiredStateFileName(String name) {
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
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
                    FileTrees.deleteRecursively(entry); // we hold the work directory lock: nobody is writing it
                } else if (!entry.equals(keep)) {
                    snapshots.add(entry);
                }
            }
            snapshots.sort(Comparator.comparing(SnapshotStore::lastModified).reversed());
            for (Path old : snapshots.subList(Math.min(KEEP_SNAPSHOTS - 1, snapshots.size()), snapshots.size())) {
                FileTrees.deleteRecursively(old);
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

    private static String shortHash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
