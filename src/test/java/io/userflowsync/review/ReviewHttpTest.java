package io.userflowsync.review;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** How long the comment client waits, recorded instead of slept, against the simulator on loopback. */
class ReviewHttpTest {
    private final ReviewApiSimulator api = ReviewApiSimulator.start().thread("acme/config#7").writer("tok-1", "bot");
    private final List<Duration> waits = new ArrayList<>();
    private final ReviewTarget target = new ReviewTarget(Platform.GITHUB, URI.create(api.githubApi()), "acme/config",
            7, Optional.empty(), new ReviewTarget.Credential("Authorization", "Bearer tok-1"));
    private final ReviewHttp http = new ReviewHttp(target, waits::add, Clock.systemUTC(), Duration.ofSeconds(1));
    private final URI comments = URI.create(api.githubApi() + "/repos/acme/config/issues/7/comments");

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void aSecondaryRateLimitThatGivesNoHeaderWaitsAMinuteAsGithubAsks() {
        api.inject(new ReviewApiSimulator.Fault("GET", 403, Map.of(), "{\"message\":\"You have exceeded a secondary"
                + " rate limit. Please wait a few minutes before you try again.\"}", 1));

        assertThat(http.send("GET", comments, Optional.empty()).status()).isEqualTo(200);
        assertThat(waits).containsExactly(Duration.ofMinutes(1));
    }

    @Test
    void aForbiddenAnswerWithoutRateLimitIsNotRetried() {
        api.inject(new ReviewApiSimulator.Fault("GET", 403, Map.of(), "{\"message\":\"Resource not accessible by"
                + " integration\"}", 1));

        assertThatThrownBy(() -> http.send("GET", comments, Optional.empty())).isInstanceOf(ReviewException.class)
                .hasMessageContaining("pull-requests: write").hasMessageNotContaining("tok-1");
        assertThat(waits).isEmpty();
        assertThat(api.requests()).hasSize(1);
    }

    @Test
    void serverErrorsBackOffOneTwoFourSecondsThenFailSayingNothingMoreWasWritten() {
        api.inject(new ReviewApiSimulator.Fault("GET", 502, Map.of(), "{\"message\":\"Server Error\"}", 4));

        assertThatThrownBy(() -> http.send("GET", comments, Optional.empty())).isInstanceOf(ReviewException.class)
                .hasMessageContaining("answered 502").hasMessageContaining("4 times");
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void aRetryAfterLongerThanFiveMinutesFailsAndSaysHowLong() {
        api.inject(new ReviewApiSimulator.Fault("GET", 429, Map.of("Retry-After", "3600"), "{\"message\":\"slow"
                + " down\"}", 1));

        assertThatThrownBy(() -> http.send("GET", comments, Optional.empty()))
                .hasMessageContaining("rate-limits this token for another 3600 s");
        assertThat(waits).isEmpty();
    }

    @Test
    void aNextPageOnAnotherHostIsNeverSentTheToken() {
        assertThatThrownBy(() -> http.send("GET", URI.create("http://example.invalid/repos/acme/config/issues/7/"
                + "comments?page=2"), Optional.empty())).isInstanceOf(ReviewException.class)
                .hasMessageContaining("not sending the token there");
        assertThat(api.requests()).isEmpty();
    }
}
