package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateFormat;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Writes an export to its {@link ExportTarget}. A file that exists is never replaced without {@code --force}; a file
 * is written whole or not at all (a temporary file beside it, then renamed), so an interrupted export never leaves
 * half a desired state for the agent to read.
 */
public final class ExportWriter {
    private static final String FAMILY_FILE = "(b2[xc]-user-flows|external-sign-up-flows)(-\\d{3})?\\.yaml|"
            + ExternalTenantSketch.FILE_NAME.replace(".", "\\.");

    private ExportWriter() {
    }

    /**
     * Refuses before Graph is called: a file the export would replace (without {@code force}), a file's folder that
     * is missing, a folder path that is a file.
     */
    public static void checkWritable(ExportTarget target, boolean force) throws ExportException {
        if (target instanceof ExportTarget.SingleFile f) {
            Path parent = f.file().toAbsolutePath().getParent();
            if (!Files.isDirectory(parent)) {
                throw new ExportException("cannot write " + f.file() + ": the folder " + parent + " does not exist");
            }
            refuseExisting(List.of(f.file()), force);
        } else if (target instanceof ExportTarget.Folder d) {
            if (Files.exists(d.folder()) && !Files.isDirectory(d.folder())) {
                throw new ExportException("cannot write to the folder " + d.folder() + ": it is a file");
            }
            refuseExisting(familyFiles(d.folder()), force);
        }
    }

    /**
     * Writes the export, once the desired-state loader has read exactly its flows back from the very text to be
     * written ({@link ReadBack}). Returns notes for the user (other YAML files in the folder, which the agent would
     * read along with the export).
     *
     * @param experimentalSteps whether the loader that reads it back (and the agent later) allows preTokenIssuance
     */
    public static List<String> write(ExportTarget target, ExportDocument document, PrintStream out, boolean force,
                                     boolean experimentalSteps) throws ExportException, IOException {
        List<ExportDocument.ExportFile> files = target instanceof ExportTarget.Folder ? document.perFamily()
                : List.of(new ExportDocument.ExportFile("export.yaml", oneDocument(document)));
        ReadBack.check(files, document.flows(), experimentalSteps);
        if (target instanceof ExportTarget.Stdout) {
            out.print(files.get(0).text());
            out.flush();
            return List.of();
        }
        if (target instanceof ExportTarget.SingleFile f) {
            refuseExisting(List.of(f.file()), force);
            writeWhole(f.file(), files.get(0).text(), force);
            return List.of();
        }
        Path folder = ((ExportTarget.Folder) target).folder();
        refuseExisting(familyFiles(folder), force);
        // The migration sketch goes beside the family files; it is no .yaml file, so nothing reads it.
        List<ExportDocument.ExportFile> written = new ArrayList<>(files);
        document.externalSketch().ifPresent(text -> written.add(new ExportDocument.ExportFile(
                ExternalTenantSketch.FILE_NAME, text)));
        Files.createDirectories(folder);
        List<String> notes = new ArrayList<>();
        List<String> others = otherYaml(folder, files);
        if (!others.isEmpty()) {
            notes.add("the folder " + folder + " also holds " + String.join(", ", others) + "; the agent reads every "
                    + "*.yaml and *.yml file of a folder, so those are merged with the export (a step declared in two "
                    + "files is an error)");
        }
        if (force) {
            // Parts of an earlier, larger export would be read along with this one.
            for (Path stale : familyFiles(folder)) {
                if (written.stream().noneMatch(f -> f.name().equals(stale.getFileName().toString()))) {
                    Files.delete(stale);
                }
            }
        }
        for (ExportDocument.ExportFile file : written) {
            writeWhole(folder.resolve(file.name()), file.text(), force);
        }
        return notes;
    }

    private static void refuseExisting(List<Path> files, boolean force) throws ExportException {
        List<String> existing = files.stream().filter(p -> Files.exists(p, LinkOption.NOFOLLOW_LINKS))
                .map(Path::toString).toList();
        if (!force && !existing.isEmpty()) {
            throw new ExportException(String.join(", ", existing) + (existing.size() == 1 ? " exists" : " exist")
                    + "; export never replaces a file (--force replaces it)");
        }
    }

    private static String oneDocument(ExportDocument document) throws ExportException {
        return document.oneDocument().orElseThrow(() -> new ExportException("the export is larger than the "
                + DesiredStateFormat.MAX_FILE_BYTES / (1024 * 1024) + " MiB the agent reads from one file ("
                + document.summary().flows() + " user flows); export to a folder (--output DIR/), which splits it"));
    }

    /** The family files of an export in {@code folder}: {@code b2x-user-flows.yaml}, its parts, and B2C's. */
    private static List<Path> familyFiles(Path folder) throws ExportException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.filter(p -> p.getFileName().toString().matches(FAMILY_FILE))
                    .sorted().toList();
        } catch (IOException e) {
            throw new ExportException("cannot list the folder " + folder + ": " + e.getMessage());
        }
    }

    private static List<String> otherYaml(Path folder, List<ExportDocument.ExportFile> files) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(n -> !n.startsWith(".") && (n.endsWith(".yaml") || n.endsWith(".yml")))
                    .filter(n -> !n.matches(FAMILY_FILE))
                    .filter(n -> files.stream().noneMatch(f -> f.name().equals(n)))
                    .sorted().toList();
        }
    }

    /** Writes a temporary file beside {@code file}, then renames it into place. */
    private static void writeWhole(Path file, String text, boolean force) throws ExportException, IOException {
        Path folder = file.toAbsolutePath().getParent();
        // Starts with '.': a folder reader skips it should the process die before the rename.
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".part");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (force) {
                try {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING,
                            StandardCopyOption.ATOMIC_MOVE);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
                }
            } else {
                Files.move(temporary, file);
            }
        } catch (FileAlreadyExistsException e) {
            throw new ExportException(file + " exists; export never replaces a file (--force replaces it)");
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
