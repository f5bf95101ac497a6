package io.userflowsync.model;

/** Where a value came from in the desired state: file (relative to the source root), 1-based line and column. */
public record SourceLocation(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
