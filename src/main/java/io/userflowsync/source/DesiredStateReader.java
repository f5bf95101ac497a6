package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;

/**
 * Reads and validates the desired state from materialised files. {@code new DesiredStateLoader(flag)::load} fits;
 * kept as an interface so the Git source does not depend on how the YAML is parsed.
 */
@FunctionalInterface
public interface DesiredStateReader {
    DesiredState read(Path root, String shownAs, SourceRevision revision) throws DesiredStateException;
}
