package io.userflowsync.export;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Where an export goes: stdout, one {@code .yaml} file, or a folder that gets one file per flow family. */
public sealed interface ExportTarget {

    /** Standard output: the whole export as one document. */
    record Stdout() implements ExportTarget {
    }

    /** One file, which must end in {@code .yaml} or {@code .yml}, in a folder that exists. */
    record SingleFile(Path file) implements ExportTarget {
    }

    /** A folder (created when missing) with a file per flow family, named as {@link ExportDocument#perFamily}. */
    record Folder(Path folder) implements ExportTarget {
    }

    /**
     * {@code --output} as typed: none is stdout; a path that ends in {@code /} or is a folder is a folder; anything
     * else is a file.
     */
    static ExportTarget of(Optional<String> output) throws ExportException {
        if (output.isEmpty() || output.get().equals("-")) {
            return new Stdout();
        }
        String given = output.get();
        if (given.isBlank()) {
            throw new ExportException("--output needs a file or a folder, not a blank");
        }
        Path path = Path.of(given);
        if (given.endsWith("/") || given.endsWith(File.separator) || Files.isDirectory(path)) {
            return new Folder(path);
        }
        String name = path.getFileName().toString();
        if (!name.endsWith(".yaml") && !name.endsWith(".yml")) {
            throw new ExportException("--output " + given + ": give a .yaml (or .yml) file, or a folder (one that "
                    + "exists, or end the path with /); the agent reads only *.yaml and *.yml files of a folder");
        }
        return new SingleFile(path);
    }
}
