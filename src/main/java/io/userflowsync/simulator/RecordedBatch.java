package io.userflowsync.simulator;

import java.util.List;

/**
 * One {@code POST /{version}/$batch} as the simulator answered it, with the requests inside it in the order they
 * ran, so that a test can assert batch sizes and what travelled together.
 *
 * @param request the outer request
 * @param inner   the requests inside it, in execution order; empty when the batch as a whole was refused
 */
public record RecordedBatch(RecordedRequest request, List<RecordedRequest> inner) {
    public RecordedBatch {
        inner = List.copyOf(inner);
    }

    public int size() {
        return inner.size();
    }
}
