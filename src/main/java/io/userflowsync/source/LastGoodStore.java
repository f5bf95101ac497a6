package io.userflowsync.source;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.userflowsync.model.SourceRevision;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Optional;

/**
 * The last revision that validated, kept in the work directory so that it survives a restart: {@code last-good.json}
 * and a copy of its files under {@code last-good/<commit>-<n>/}, independent of the snapshot area that fetches prune.
 * Both are replaced atomically (write aside, then rename), so a crash leaves the previous last good intact. The record
 * names the {@link SourceKey} (URL, ref, path) it belongs to; format 1 did not record the ref and is refused as
 * {@link OutdatedRecordException}.
 */
final class LastGoodStore {
    private static final Logger LOG = LoggerFactory.getLogger(LastGoodStore.class);
    private static final int FORMAT_VERSION = 2;

    private final Path workDir;
    private final Path file;
    private final Path filesDir;
    private final ObjectMapper json = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    LastGoodStore(Path workDir) {
        this.workDir = workDir.toAbsolutePath().normalize();
        this.file = this.workDir.resolve("last-good.json");
        this.filesDir = this.workDir.resolve("last-good");
    }

    /** A revision that validated, the source it belongs to and where its files are kept. */
    record Entry(SourceKey key, SourceRevision revision, Path root, String shownAs) {
    }

    /**
     * What is written to {@code last-good.json}; strings only, so the file reads well and parses anywhere.
     * {@code url}, {@code ref} and {@code path} are the {@link SourceKey} (null ref: the remote's default branch;
     * null path: the repository root).
     */
    record Stored(int version, String url, String ref, String path, String location, String commitId,
                  String authorTime, String subject, String shownAs, String root, String savedAt) {
    }

    /** A record written by an earlier version, which did not say which ref it came from: it cannot be used safely. */
    static final class OutdatedRecordException extends IOException {
        OutdatedRecordException(String message) {
            super(message);
        }
    }

    Optional<Entry> load() throws IOException {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Stored s = json.readValue(file.toFile(), Stored.class);
        if (s.version() == 1) {
            throw new OutdatedRecordException(file + " was written by an earlier version and does not record the ref"
                    + " it came from; it is not used, and the next revision that validates replaces it");
        }
        if (s.version() != FORMAT_VERSION || s.commitId() == null || s.root() == null || s.location() == null
                || s.url() == null) {
            throw new IOException(file + " is not a last-good record of format " + FORMAT_VERSION);
        }
        Path root = workDir.resolve(s.root()).normalize();
        if (!root.startsWith(filesDir) || !Files.exists(root)) {
            throw new IOException(file + " names files " + root + " that are missing");
        }
        SourceRevision revision = new SourceRevision(s.location(), Optional.of(s.commitId()),
                Optional.ofNullable(s.authorTime()).map(Instant::parse), Optional.ofNullable(s.subject()));
        SourceKey key = new SourceKey(s.url(), Optional.ofNullable(s.ref()), Optional.ofNullable(s.path()));
        return Optional.of(new Entry(key, revision, root, s.shownAs() == null ? "." : s.shownAs()));
    }

    /** Copies the snapshot's files and records its revision as the last good one of {@code key}. */
    Entry save(SourceKey key, RevisionSnapshot snapshot) throws IOException {
        SourceRevision revision = snapshot.revision();
        String commit = revision.commitId().orElseThrow(() -> new IllegalArgumentException("not a Git revision"));
        Files.createDirectories(filesDir);
        // a fresh directory every time, so last-good.json always names complete files, even after a crash
        Path tmp = Files.createTempDirectory(filesDir, ".tmp-" + commit + "-");
        Path target = filesDir.resolve(tmp.getFileName().toString().substring(".tmp-".length()));
        boolean isFile = Files.isRegularFile(snapshot.root());
        Path root = target.resolve(isFile ? snapshot.root().getFileName().toString() : "tree");
        try {
            FileTrees.copy(snapshot.root(), tmp.resolve(root.getFileName().toString()));
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            FileTrees.deleteRecursively(tmp);
            throw e;
        }
        Stored stored = new Stored(FORMAT_VERSION, key.url(), key.ref().orElse(null), key.path().orElse(null),
                revision.location(), commit,
                revision.authorTime().map(Instant::toString).orElse(null), revision.subject().orElse(null),
                snapshot.shownAs(), workDir.relativize(root).toString().replace('\\', '/'), Instant.now().toString());
        Path tmpFile = Files.createTempFile(workDir, ".last-good-", ".json");
        try {
            json.writeValue(tmpFile.toFile(), stored);
            Files.move(tmpFile, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmpFile);
        }
        removeAllBut(target);
        return new Entry(key, revision, root, snapshot.shownAs());
    }

    private void removeAllBut(Path keep) {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(filesDir)) {
            for (Path entry : entries) {
                if (!entry.equals(keep)) {
                    FileTrees.deleteRecursively(entry);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot remove older last-good copies in {}: {}", filesDir, e.toString());
        }
    }
}
