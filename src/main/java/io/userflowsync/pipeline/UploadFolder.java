package io.userflowsync.pipeline;

import io.userflowsync.source.FileTrees;

import java.nio.file.Path;
import java.util.UUID;

/**
 * Where the HTTP server may spool request bodies: a folder of this runtime's own in java.io.tmpdir, created by Vert.x
 * only when a form or multipart body arrives, and deleted with everything in it when Camel stops.
 */
final class UploadFolder {
    private UploadFolder() {
    }

    static Path fresh() {
        return Path.of(System.getProperty("java.io.tmpdir"), "userflow-connector-sync-uploads-" + UUID.randomUUID());
    }

    static void delete(Path folder) {
        FileTrees.deleteRecursively(folder);
    }
}
