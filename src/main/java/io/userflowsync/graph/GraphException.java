package io.userflowsync.graph;

import io.userflowsync.model.GraphError;

/** A Graph (or token endpoint) call failed for good: after retries, or with a status that is not worth retrying. */
public class GraphException extends Exception {
    private final transient GraphError error;

    public GraphException(String doing, GraphError error) {
        super(doing + " failed: " + error.describe());
        this.error = error;
    }

    public GraphError error() {
        return error;
    }
}
