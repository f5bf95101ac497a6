package io.userflowsync.review;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The marker that finds a plan comment again, and the body around the plan. */
class PlanCommentBodyTest {
    private static final ReviewTarget GITHUB = new ReviewTarget(Platform.GITHUB, URI.create("http://127.0.0.1:1"),
            "acme/config", 7, Optional.of("abc"), new ReviewTarget.Credential("Authorization", "Bearer secret-1"));

    private static PlanComment comment() {
        return new PlanComment(GITHUB, d -> { }, Clock.fixed(Instant.parse("2026-12-07T05:00:00Z"), ZoneOffset.UTC),
                Duration.ZERO);
    }

    @Test
    void aMarkerMarksOnlyItsOwnPathAndTenantAndOnlyAtTheStartOfTheBody() {
        CommentMarker prod = new CommentMarker("config/prod", "dev");
        String body = prod.line("3f2a") + "\nplan";

        assertThat(prod.marks(body)).isTrue();
        assertThat(new CommentMarker("config/prod-eu", "dev").marks(body)).isFalse();
        assertThat(new CommentMarker("config/prod", "dev2").marks(body)).isFalse();
        assertThat(new CommentMarker("config", "prod tenant=dev").marks(body)).isFalse();
        assertThat(prod.marks("> " + body)).as("a quote").isFalse();
        assertThat(CommentMarker.revisionOf(body)).contains("3f2a");
    }

    @Test
    void aPathThatHoldsTheEndOfAnHtmlCommentCannotEndTheMarker() {
        String line = new CommentMarker("odd --> folder", "t").line("r");

        assertThat(line.indexOf("-->")).isEqualTo(line.length() - 3);
        assertThat(line).contains("path=odd+--%3E+folder");
    }

    @Test
    void aPlanLongerThanGithubTakesIsCutAtALineAndSaysWhereTheRestIs() {
        String plan = "| bind | `B2X_1_flow` | `postAttributeCollection` |\n".repeat(3000);

        String body = comment().body(new CommentMarker("config/prod", "dev"), "abc", Optional.empty(), plan);

        assertThat(body.length()).isLessThanOrEqualTo(GitHubThread.MAX_BODY);
        assertThat(body).startsWith("<!-- userflow-connector-sync:plan path=config%2Fprod tenant=dev revision=abc -->")
                .endsWith("the job's log has all of it.\n").contains("65,536 characters");
        assertThat(body.substring(0, body.indexOf("\n\n… the plan is longer"))).endsWith("|");
    }

    @Test
    void theBodyNamesTheRevisionPlannedAndTheOneItReplacedAndATicketInANameCannotBreakTheCode() {
        String body = comment().body(new CommentMarker("we`ird", "dev"), "2222222222222222222222",
                Optional.of("1111111111111111111111"), "plan");

        assertThat(body).contains("**Planned at `222222222222`** · `` we`ird `` · tenant `dev` · 2026-12-07 05:00 UTC",
                "It replaced the plan of `111111111111`, now outdated.");
        assertThat(comment().body(new CommentMarker("p", "t"), "abc", Optional.of("abc"), "plan"))
                .as("the same revision planned again replaces nothing outdated").doesNotContain("It replaced");
        assertThat(GITHUB.toString()).doesNotContain("secret-1");
    }
}
