package io.userflowsync.desired;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Which files make up the desired state: the file itself, or the *.yaml / *.yml files directly in a folder. */
final class SourceFiles {

    /** One file to load, and how it is named in locations. */
    record SourceFile(Path path, String shownAs) {
    }

    private SourceFiles() {
    }

    /** Reports an unreadable path or a folder without YAML files as a problem and then lists nothing. */
    static List<SourceFile> list(Path path, String shownAs, FileProblems located) {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            located.add(located.at(1, 1), cannotRead(e));
            return List.of();
        }
        if (attributes.isRegularFile()) {
            return List.of(new SourceFile(path, shownAs));
        }
        if (!attributes.isDirectory()) {
            located.add(located.at(1, 1), "cannot read: not a regular file or a folder");
            return List.of();
        }
        List<SourceFile> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(path)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (isDesiredStateFileName(name) && Files.isRegularFile(entry)) {
                    files.add(new SourceFile(entry, join(shownAs, name)));
                }
            }
        } catch (IOException e) {
            located.add(located.at(1, 1), cannotRead(e));
            return List.of();
        }
        if (files.isEmpty()) {
            // Never read "no files" as "no flows": a wrong path or an emptied folder must not look like a valid state.
            located.add(located.at(1, 1),
                    "no *.yaml or *.yml file in this folder; the desired state is never assumed empty "
                            + "(to manage nothing, add a file with 'userFlows: {}')");
        }
        files.sort(Comparator.comparing(f -> f.path().getFileName().toString()));
        return files;
    }

    static boolean isDesiredStateFileName(String name) {
        return !name.startsWith(".") && (name.endsWith(".yaml") || name.endsWith(".yml"));
    }

    static String cannotRead(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "cannot read: no such file or folder";
        }
        if (e instanceof AccessDeniedException) {
            return "cannot read: permission denied";
        }
        return "cannot read: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    }

    private static String join(String folder, String name) {
        if (folder.equals(".")) {
            return name; // the root of a Git revision: "flows.yaml", not "./flows.yaml"
        }
        return folder.endsWith("/") ? folder + name : folder + "/" + name;
    }
}
