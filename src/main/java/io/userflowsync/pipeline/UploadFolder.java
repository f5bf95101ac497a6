package io.userflowsync.pipeline;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Where the HTTP server may spool request bodies: a folder of this runtime's own in java.io.tmpdir, created by Vert.x
 * only when a form or multipart body arrives, and deleted with everything in it when Camel stops.
 */
final class UploadFolder {
    private static final Logger LOG = LoggerFactory.getLogger(UploadFolder.class);

    private UploadFolder() {
    }

    static Path fresh() {
        return Path.of(System.getProperty("java.io.tmpdir"), "userflow-connector-sync-uploads-" + UUID.randomUUID());
    }

    static void delete(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            LOG.warn("Could not remove the upload folder {}: {}", folder, e.getMessage());
        }
    }
}
