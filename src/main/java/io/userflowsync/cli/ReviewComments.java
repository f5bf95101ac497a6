package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.report.SourceNotice;
import io.userflowsync.review.CommentMarker;
import io.userflowsync.review.Platform;
import io.userflowsync.review.PlanComment;
import io.userflowsync.review.ReviewException;
import io.userflowsync.review.ReviewTarget;
import io.userflowsync.run.RunFailure;
import io.userflowsync.run.SyncRun;

import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * {@code plan --comment github|gitlab} (docs/pull-requests.md): the plan of one desired path and tenant posted to the
 * pull request as one comment, replaced on every push. A run that failed posts its failure, so the comment never
 * keeps showing the plan of an older push as if it were current. The token comes from the CI's environment and is
 * never printed: the messages here are {@link ReviewException}'s, which never hold it.
 */
final class ReviewComments {
    private final PrintStream err;
    private final Map<String, String> environment;

    ReviewComments(PrintStream err, Map<String, String> environment) {
        this.err = err;
        this.environment = environment;
    }

    int post(CommandLine cmd, Settings settings, Optional<String> tenantName, SyncRun run) {
        Platform platform = Platform.named(cmd.comment().orElseThrow()).orElseThrow();
        try {
            ReviewTarget target = ReviewTarget.from(platform, environment, cmd.pullRequest());
            CommentMarker marker = new CommentMarker(path(settings), tenant(settings, tenantName));
            Optional<String> sourceRevision = run.desired().flatMap(d -> d.source().commitId());
            PlanComment.Posted posted = PlanComment.to(target).post(marker,
                    target.revision().or(() -> sourceRevision), body(run));
            err.println((posted.created() ? "Posted the plan to " : "Updated the plan comment on ")
                    + platform.noun() + " " + target.describe() + " (comment " + posted.id() + ")");
            return Commands.OK;
        } catch (ReviewException e) {
            err.println("error: the plan comment was not posted: " + e.getMessage());
            return Commands.ERROR;
        }
    }

    /** The desired path as given (sync.desired.path), or the folder inside the Git repository (never its URL). */
    static String path(Settings settings) {
        return settings.optional(Setting.GIT_URL).isPresent()
                ? settings.optional(Setting.GIT_PATH).filter(p -> !p.isBlank()).orElse("/")
                : settings.optional(Setting.DESIRED_PATH).orElse("desired state");
    }

    /** With sync.tenants the tenant's name; else the one tenant's id. */
    static String tenant(Settings settings, Optional<String> tenantName) {
        return tenantName.or(() -> settings.optional(Setting.TENANT_ID)).orElse("default");
    }

    private static String body(SyncRun run) {
        Optional<RunFailure> failure = run.failure();
        if (failure.isEmpty()) {
            // A Git source whose newest revision is invalid plans the last good one: the comment must say so first.
            return run.fallback().map(f -> "> [!WARNING]\n> " + String.join("  \n> ", SourceNotice.render(f).strip()
                    .lines().map(l -> escape(l.strip())).toList()) + "\n\n").orElse("") + Commands.markdown(run);
        }
        RunFailure f = failure.get();
        StringBuilder md = new StringBuilder("### User flow connector plan: failed\n\n");
        if (f.problems().isEmpty()) {
            md.append("**").append(escape(f.headline())).append("**: nothing was planned: ").append(escape(f.message()))
                    .append('\n');
        } else {
            md.append(f.problems().size()).append(" problem(s) in the desired state; nothing was planned:\n\n");
            for (ValidationProblem p : f.problems()) {
                md.append("- ").append(escape(p.toString())).append('\n');
            }
        }
        return md.toString();
    }

    private static String escape(String text) {
        StringBuilder sb = new StringBuilder();
        for (char c : text.toCharArray()) {
            if ("\\`*_[]<>|~&".indexOf(c) >= 0) {
                sb.append('\\');
            }
            sb.append(c == '\n' ? ' ' : c);
        }
        return sb.toString();
    }
}
