package io.userflowsync.source;

import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.SourceRevision;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The desired source as a status endpoint shows it.
 *
 * @param newestSeen     the newest revision fetched (valid or not)
 * @param lastGood       the last revision that validated, the one runs reconcile towards while the source is broken
 * @param problem        why the newest revision is not being used, while it is not
 * @param lastCheckedAt  when the source was last asked
 */
public record SourceStatus(Optional<SourceRevision> newestSeen, Optional<SourceRevision> lastGood,
                           Optional<Problem> problem, Optional<Instant> lastCheckedAt) {

    public SourceStatus {
        Objects.requireNonNull(newestSeen, "newestSeen");
        Objects.requireNonNull(lastGood, "lastGood");
        Objects.requireNonNull(problem, "problem");
        Objects.requireNonNull(lastCheckedAt, "lastCheckedAt");
    }

    /** True when the newest revision is the one in use. */
    public boolean healthy() {
        return problem.isEmpty() && lastGood.isPresent();
    }

    /**
     * @param reason   for a person: what failed and which revision is used instead
     * @param revision the failed revision, when one was fetched
     * @param problems its validation problems (file:line)
     * @param since    when this problem was first seen (kept while the same problem repeats)
     */
    public record Problem(String reason, Optional<SourceRevision> revision, List<ValidationProblem> problems,
                          Instant since) {
        public Problem {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(revision, "revision");
            problems = List.copyOf(problems);
            Objects.requireNonNull(since, "since");
        }
    }
}
