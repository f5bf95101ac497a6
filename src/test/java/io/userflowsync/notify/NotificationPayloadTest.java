package io.userflowsync.notify;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.forensics.Attribution;
import io.userflowsync.forensics.Attributions;
import io.userflowsync.model.Step;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.run.SyncRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.userflowsync.notify.SampleRuns.AGENT;
import static io.userflowsync.notify.SampleRuns.BIND;
import static io.userflowsync.notify.SampleRuns.BROKEN;
import static io.userflowsync.notify.SampleRuns.FINISHED;
import static io.userflowsync.notify.SampleRuns.REBIND;
import static io.userflowsync.notify.SampleRuns.UNBIND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Each event in each format, against golden files; and what every payload must never carry or break. */
class NotificationPayloadTest {

    static Stream<Arguments> events() {
        List<Arguments> all = new ArrayList<>();
        List<RunEvent> events = List.of(
                event(EventKind.DRIFT, SampleRuns.drift(BIND, REBIND, UNBIND)),
                event(EventKind.APPLIED, SampleRuns.applied(BIND, REBIND, UNBIND)),
                event(EventKind.FAILURE, SampleRuns.failed("HTTP 503 ServiceUnavailable: try later"
                        + " (request-id 5a0c1e2f-0000-4000-8000-0000000000aa)")),
                event(EventKind.FAILURE, SampleRuns.incomplete(BIND, REBIND)),
                event(EventKind.FAILURE, SampleRuns.blocked()),
                event(EventKind.FALLBACK, SampleRuns.degraded(BROKEN)),
                new RunEvent(EventKind.RECOVERED, SampleRuns.applied(BIND), FINISHED, Optional.of("failed")),
                event(EventKind.DRIFT, SampleRuns.drift(BIND, REBIND, UNBIND).withAttributions(CHANGED_OUTSIDE)));
        List<String> names = List.of("drift", "applied", "failure", "failure-incomplete", "failure-blocked",
                "fallback", "recovered", "drift-changed-by");
        for (NotifyFormat format : NotifyFormat.values()) {
            for (int i = 0; i < events.size(); i++) {
                all.add(arguments(format.label() + "-" + names.get(i), format, events.get(i)));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void eachEventRendersAsItsGoldenFile(String golden, NotifyFormat format, RunEvent event) throws Exception {
        Goldens.assertMatches(golden, NotificationPayload.render(format, event, AGENT));
    }

    @Test
    void aSecretInTextFromOutsideIsMaskedInEveryFormat() throws Exception {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember("s3cr3t-Value-That-Must-Never-Leak");
        RunEvent event = event(EventKind.FAILURE, SampleRuns.failed("HTTP 502 from a proxy that echoed client_secret=s3cr3t-Value-That-Must-Never-Leak and \"s3cr3t-Value-That-Must-Never-Leak\""));

        for (NotifyFormat format : NotifyFormat.values()) {
            String body = new String(NotificationPayload.bytes(format, event, AGENT, scrubber), StandardCharsets.UTF_8);

            assertThat(body).as(format.label()).doesNotContain("s3cr3t").contains("client_secret=***");
            assertThat(Goldens.parse(body).isObject()).isTrue();
        }
    }

    /** Who changed two of the three drifted steps outside the agent (issue 9, item 4): a user, then an app. */
    static final Attributions CHANGED_OUTSIDE = new Attributions(Map.of(
            new Attributions.Key(REBIND.flowId(), REBIND.step()), new Attribution("alice@contoso.com",
                    Attribution.ActorType.USER, Instant.parse("2026-11-25T07:41:09Z"), "Update user flow"),
            new Attributions.Key(UNBIND.flowId(), UNBIND.step()), new Attribution("Nightly cleanup script",
                    Attribution.ActorType.APP, Instant.parse("2026-11-25T06:00:00Z"), "Update user flow")));

    @Test
    void anActorsNameFromTheAuditLogCannotPingASlackChannel() {
        Attributions sneaky = new Attributions(Map.of(new Attributions.Key(BIND.flowId(), BIND.step()),
                new Attribution("<!channel>", Attribution.ActorType.APP, FINISHED, "Update user flow")));

        JsonNode slack = SlackPayload.render(event(EventKind.DRIFT, SampleRuns.drift(BIND).withAttributions(sneaky)),
                AGENT);

        assertThat(slack.toString()).doesNotContain("<!channel>").contains("; changed outside by app &lt;!channel&gt;");
    }

    @Test
    void slackMarkupInANameIsEscapedSoItCannotPingAChannel() {
        PlanChange sneaky = new PlanChange("B2X_1_partner_signup", Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND,
                Optional.empty(), Optional.of(SampleRuns.connector("c0000000-0000-4000-8000-000000000001",
                "<!channel> & <https://evil.example|click>")), SampleRuns.loc(4, 27));

        JsonNode slack = SlackPayload.render(event(EventKind.DRIFT, SampleRuns.drift(sneaky)), AGENT);

        assertThat(slack.toString()).doesNotContain("<!channel>").doesNotContain("<https://evil")
                .contains("&lt;!channel&gt; &amp; &lt;https://evil.example|click&gt;");
    }

    @Test
    void aLargePlanIsCutInEveryFormatAndSaysHowManyChangesItLeftOut() {
        List<PlanChange> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(new PlanChange(String.format(java.util.Locale.ROOT, "B2X_1_flow_%03d", i), Step.POST_ATTRIBUTE_COLLECTION,
                    ChangeKind.BIND, Optional.empty(), Optional.of(io.userflowsync.plan.Fixtures.ENRICH), SampleRuns.loc(i + 1, 5)));
        }
        RunEvent event = event(EventKind.DRIFT, SampleRuns.drift(many.toArray(PlanChange[]::new)));

        JsonNode json = JsonPayload.render(event, AGENT);
        JsonNode slack = SlackPayload.render(event, AGENT);
        JsonNode teams = TeamsPayload.render(event, AGENT);

        assertThat(json.get("changes")).hasSize(JsonPayload.MAX_CHANGES);
        assertThat(json.get("changesOmitted").asInt()).isEqualTo(150);
        assertThat(json.at("/counts/bind").asInt()).isEqualTo(250);
        assertThat(slack.toString()).contains("... and 240 more");
        assertThat(slack.get("blocks")).allSatisfy(b -> assertThat(b.path("text").path("text").asText().length())
                .isLessThanOrEqualTo(SlackPayload.SECTION_MAX));
        assertThat(teams.toString()).contains("... and 240 more").hasSizeLessThan(28 * 1024);
    }

    @Test
    void aRunThatStoppedBeforePlanningHasNoChangesRatherThanAnEmptyList() {
        JsonNode json = JsonPayload.render(event(EventKind.FAILURE, SampleRuns.blocked()), AGENT);

        assertThat(json.get("changes").isNull()).isTrue();
        assertThat(json.get("counts").isNull()).isTrue();
        assertThat(json.get("revision").isNull()).isTrue();
        assertThat(json.at("/problems/0/line").asInt()).isEqualTo(6);
    }

    private static RunEvent event(EventKind kind, SyncRun run) {
        return new RunEvent(kind, run, FINISHED, Optional.empty());
    }
}
