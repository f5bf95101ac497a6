package io.userflowsync.review;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One plan comment per config path and tenant on a pull request or merge request, as tfcmt and Atlantis keep it
 * (docs/pull-requests.md): the first plan creates it, every later one replaces its body in place, found again by its
 * {@link CommentMarker}; it names the revision it was planned at and, once replaced, the revision it replaced, so a
 * reader can tell whether it is the plan of the head they are looking at. Other comments, with or without a marker
 * of another path or tenant, are never touched.
 *
 * <p>Nothing is written until every page of comments has been read: a listing that fails part way writes nothing
 * (a comment created then would be a second one). A create that may have been written before its answer was lost
 * is followed by a new listing, not blindly by a second create.
 */
public final class PlanComment {
    private static final DateTimeFormatter AT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private final ReviewTarget target;
    private final CommentThread thread;
    private final ReviewHttp http;
    private final Clock clock;

    /** What was done: the comment's id, and whether it was created or which revision's plan it replaced. */
    public record Posted(long id, boolean created, Optional<String> replaced) {
    }

    PlanComment(ReviewTarget target, ReviewHttp.Sleeper sleeper, Clock clock, Duration backoff) {
        this.target = target;
        this.http = new ReviewHttp(target, sleeper, clock, backoff);
        this.thread = CommentThread.of(target, http);
        this.clock = clock;
    }

    /** With the real clock, sleeping between retries, backing off from 1 s. */
    public static PlanComment to(ReviewTarget target) {
        return new PlanComment(target, d -> Thread.sleep(d.toMillis()), Clock.systemUTC(), Duration.ofSeconds(1));
    }

    /**
     * Creates or replaces the plan comment of {@code marker}; {@code revision} is the commit the plan was made at
     * (the target's, or else the desired state's own), {@code plan} the Markdown of the plan or of its failure.
     */
    public Posted post(CommentMarker marker, Optional<String> revision, String plan) {
        String rev = revision.or(target::revision).orElse("unknown");
        for (int attempt = 1; ; attempt++) {
            List<CommentThread.Comment> comments = thread.list();
            Optional<CommentThread.Comment> ours = comments.stream().filter(c -> marker.marks(c.body())).findFirst();
            Optional<String> replaced = ours.flatMap(c -> CommentMarker.revisionOf(c.body()));
            String body = body(marker, rev, replaced, plan);
            if (ours.isPresent()) {
                thread.update(ours.get().id(), body);
                return new Posted(ours.get().id(), false, replaced);
            }
            try {
                return new Posted(thread.create(body), true, Optional.empty());
            } catch (ReviewHttp.Retriable e) {
                if (attempt >= ReviewHttp.ATTEMPTS) {
                    throw new ReviewException(e.getMessage() + ", " + attempt + " attempts; no comment was written"
                            + " that the listing shows");
                }
                http.pause(http.backoff(attempt));
            }
        }
    }

    String body(CommentMarker marker, String revision, Optional<String> replaced, String plan) {
        StringBuilder head = new StringBuilder(marker.line(revision)).append('\n');
        head.append("**Planned at ").append(code(shortRevision(revision))).append("** · ").append(code(marker.path()))
                .append(" · tenant ").append(code(marker.tenant())).append(" · ").append(AT.format(clock.instant()))
                .append("  \n");
        head.append("_This comment is replaced by the plan of each new push; the revision above is the one planned.");
        replaced.filter(r -> !r.equals(revision)).ifPresent(r -> head.append(" It replaced the plan of ")
                .append(code(shortRevision(r))).append(", now outdated."));
        head.append("_\n\n");
        String full = head + plan;
        if (full.length() <= thread.maxBody()) {
            return full;
        }
        String tail = "\n\n… the plan is longer than " + (target.platform() == Platform.GITHUB ? "GitHub" : "GitLab")
                + " takes in a comment (" + String.format(Locale.ROOT, "%,d", thread.maxBody())
                + " characters); the job's log has all of it.\n";
        String cut = full.substring(0, thread.maxBody() - tail.length());
        int line = cut.lastIndexOf('\n');
        return (line > head.length() ? cut.substring(0, line) : cut) + tail;
    }

    private static String shortRevision(String revision) {
        return revision.matches("[0-9a-f]{13,}") ? revision.substring(0, 12) : revision;
    }

    /** Inline code that a backtick in a folder or tenant name cannot end early. */
    private static String code(String text) {
        String clean = text.replace('\n', ' ').replace('\r', ' ');
        String fence = clean.contains("`") ? "`` " : "`";
        return fence + clean + (fence.length() > 1 ? " ``" : "`");
    }
}
