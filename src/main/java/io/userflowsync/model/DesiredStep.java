package io.userflowsync.model;

import java.util.Optional;

/**
 * One managed step of a flow. An empty {@code connector} means the YAML said {@code null}: the step must call no
 * connector. Steps the YAML does not list have no DesiredStep at all and are never touched.
 */
public record DesiredStep(Step step, Optional<ConnectorRef> connector, SourceLocation location) {
}
