package io.userflowsync.savedplan;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** Plan files on disk: written whole or not at all, read with a size cap. */
public final class PlanFileStore {
    /** Far above any real plan (a change is some 400 bytes); a bigger file is not one the agent wrote. */
    static final long MAX_BYTES = 64L * 1024 * 1024;

    private PlanFileStore() {
    }

    /**
     * Writes {@code plan} to {@code file} atomically: into a temporary file next to it, flushed to disk, then renamed
     * over it, so a reader (or a CI step uploading the artifact) sees the old file or the new one, never half of one,
     * and a failed write leaves no temporary file behind.
     */
    public static void save(Path file, PlanFile plan) throws IOException {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(PlanFileFormat.write(plan).getBytes(StandardCharsets.UTF_8));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some file systems (a few network mounts) cannot rename atomically within a folder: still whole.
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Reads and checks a plan file; every way it can be unusable is a {@link PlanFileException} naming the file. */
    public static PlanFile load(Path file) throws PlanFileException {
        String text;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new PlanFileException(file + ": not a plan file: larger than " + MAX_BYTES / (1024 * 1024)
                        + " MiB");
            }
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file))).toString();
        } catch (NoSuchFileException e) {
            throw new PlanFileException(file + ": no such file");
        } catch (AccessDeniedException e) {
            throw new PlanFileException(file + ": cannot be read: permission denied");
        } catch (CharacterCodingException e) {
            throw new PlanFileException(file + ": not a plan file: it is not UTF-8 text");
        } catch (IOException e) {
            throw new PlanFileException(file + ": cannot be read: " + e.getMessage());
        }
        try {
            return PlanFileFormat.read(text);
        } catch (PlanFileException e) {
            throw new PlanFileException(file + ": " + e.getMessage());
        }
    }
}
