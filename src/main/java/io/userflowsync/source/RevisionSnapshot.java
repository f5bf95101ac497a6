package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The configured path of one Git revision, written out as plain files that nothing else writes to.
 *
 * @param root     the materialised file or folder (what the YAML loader reads)
 * @param shownAs  how {@code root} is named in error locations: the path inside the repository
 * @param revision the commit it came from
 * @param signer   which allowed key signed the commit, when signatures are verified
 */
public record RevisionSnapshot(Path root, String shownAs, SourceRevision revision, Optional<String> signer) {
    public RevisionSnapshot {
        Objects.requireNonNull(signer, "signer");
    }
}
