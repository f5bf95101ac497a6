package io.userflowsync.model;

import java.time.Instant;
import java.util.Optional;

/**
 * Which revision of the desired state a run used. For a plain folder only {@code location} is set; for Git the
 * commit id, its author time and subject.
 */
public record SourceRevision(String location, Optional<String> commitId, Optional<Instant> authorTime,
                             Optional<String> subject) {

    public static SourceRevision folder(String location) {
        return new SourceRevision(location, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public Optional<String> shortId() {
        return commitId.map(id -> id.length() > 12 ? id.substring(0, 12) : id);
    }

    /** One line for logs and plan headers, e.g. {@code git https://... @ 3f2a9c1d0e4b (2026-11-25T08:00:00Z "Bind partner check")}. */
    public String describe() {
        if (commitId.isEmpty()) {
            return location;
        }
        StringBuilder sb = new StringBuilder(location).append(" @ ").append(shortId().orElseThrow());
        authorTime.ifPresent(t -> sb.append(" (").append(t));
        subject.ifPresent(s -> sb.append(authorTime.isPresent() ? " " : " (").append('"').append(s).append('"'));
        if (authorTime.isPresent() || subject.isPresent()) {
            sb.append(')');
        }
        return sb.toString();
    }
}
