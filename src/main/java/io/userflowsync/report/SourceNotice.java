package io.userflowsync.report;

import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.source.SourceOutcome;

/** The warning a plan carries when it was made from the last good revision instead of the newest one. */
public final class SourceNotice {
    private SourceNotice() {
    }

    public static String render(SourceOutcome.Fallback fallback) {
        StringBuilder out = new StringBuilder("WARNING: this run uses the last good revision ")
                .append(fallback.lastGood().source().describe()).append(", not the newest one");
        fallback.failedRevision().ifPresent(r -> out.append(' ').append(r.describe()));
        out.append(":\n  ").append(fallback.reason()).append('\n');
        for (ValidationProblem p : fallback.problems()) {
            out.append("  ").append(p).append('\n');
        }
        return out.toString();
    }

    /** The commit line of a plan header: the full id, the short one and the subject are already in describe(). */
    public static String commitLine(SourceRevision revision) {
        return revision.commitId().map(id -> "Commit: " + id + "\n").orElse("");
    }
}
