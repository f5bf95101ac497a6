package io.userflowsync.desired;

import io.userflowsync.model.SourceLocation;

/** One reason the desired state was rejected, where it is. */
public record ValidationProblem(SourceLocation location, String reason) {
    @Override
    public String toString() {
        return location + ": " + reason;
    }
}
