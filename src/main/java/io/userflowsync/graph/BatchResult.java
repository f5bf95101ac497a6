package io.userflowsync.graph;

import io.userflowsync.model.GraphError;

/**
 * What became of one batched request: Graph's answer to it (any status; the caller decides what it means), or why
 * there is none (the batch as a whole failed or got no answer after its retries, or its answer left it out).
 */
sealed interface BatchResult {
    record Answered(HttpAnswer answer) implements BatchResult {
    }

    record Failed(GraphError error) implements BatchResult {
    }
}
