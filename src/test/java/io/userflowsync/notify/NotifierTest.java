package io.userflowsync.notify;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.run.RunListener;
import io.userflowsync.source.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.userflowsync.notify.SampleRuns.AGENT;
import static io.userflowsync.notify.SampleRuns.BIND;
import static io.userflowsync.notify.SampleRuns.FINISHED;
import static io.userflowsync.notify.SampleRuns.REBIND;
import static io.userflowsync.notify.SampleRuns.UNBIND;
import static io.userflowsync.notify.SampleRuns.applied;
import static io.userflowsync.notify.SampleRuns.drift;
import static io.userflowsync.notify.SampleRuns.failed;
import static io.userflowsync.notify.SampleRuns.inSync;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Notifications over real HTTP to a receiver on loopback: what arrives, in which format, how often; retries, refusals
 * and a receiver that hangs. Runs are built by hand and handed to the notifier as the run reporter would.
 */
class NotifierTest {
    /** Quick retries, so a test waits for behaviour and not for backoff; a long answer timeout for the hanging receiver. */
    private static final RetryPolicy QUICK = new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(5),
            Duration.ofSeconds(20), Duration.ofSeconds(2), Duration.ofSeconds(30));

    private Receiver receiver;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<Notifier> notifiers = new ArrayList<>();

    @BeforeEach
    void receiver() throws Exception {
        receiver = Receiver.start();
    }

    @AfterEach
    void close() {
        notifiers.forEach(Notifier::close);
        receiver.close();
    }

    private Notifier notifier(int capacity, NotifyTarget... targets) {
        Notifier n = Notifier.start(List.of(targets), new SecretScrubber(), meters, AGENT, QUICK, capacity);
        notifiers.add(n);
        return n;
    }

    private NotifyTarget target(NotifyFormat format, String path) {
        return new NotifyTarget(format, receiver.url(path), 1);
    }

    private double count(NotifyFormat format, String outcome) {
        Counter c = meters.find("userflow.sync.notifications").tag("format", format.label()).tag("outcome", outcome)
                .counter();
        return c == null ? -1 : c.count();
    }

    private static List<String> events(List<Receiver.Delivery> deliveries) throws Exception {
        List<String> events = new ArrayList<>();
        for (Receiver.Delivery d : deliveries) {
            JsonNode body = Goldens.parse(d.body());
            events.add(body.get("event").asText() + ": " + body.get("title").asText());
        }
        return events;
    }

    @Test
    void theReceiverGetsExactlyOneMessagePerNewDriftFailureAndRecovery() throws Exception {
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.JSON, "/hook"));

        notifier.finished(drift(BIND), FINISHED);
        notifier.finished(drift(BIND), FINISHED);
        notifier.finished(drift(BIND, UNBIND), FINISHED);
        notifier.finished(drift(BIND, UNBIND), FINISHED);
        notifier.finished(failed("HTTP 500 InternalServerError (request-id a)"), FINISHED);
        notifier.finished(failed("HTTP 500 InternalServerError (request-id b)"), FINISHED);
        notifier.finished(inSync(), FINISHED);
        notifier.finished(inSync(), FINISHED);
        // A message that must come, last: one receiver's messages are sent in order, so had any run above made one
        // message too many, it would have arrived before this one.
        notifier.finished(applied(REBIND), FINISHED);

        assertThat(events(receiver.await(5))).containsExactly(
                "drift: New drift: 1 change to make",
                "drift: New drift: 2 changes to make",
                "failure: Sync failed",
                "recovered: Recovered (was failed): in sync",
                "applied: Applied 1 change");
        Receiver.awaitThat("five sent", () -> count(NotifyFormat.JSON, "sent") == 5);
        assertThat(receiver.deliveries()).hasSize(5);
    }

    @Test
    void eachTenantHasItsOwnNewsAndEveryMessageNamesItsTenant() throws Exception {
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.JSON, "/hook"));
        RunListener dev = notifier.forTenant("dev");
        RunListener prod = notifier.forTenant("prod");

        // dev keeps failing while prod stays in sync: one failure for dev, and no "recovered" for prod, which never
        // failed (one memory for both would announce a recovery and a new failure on every run).
        dev.finished(failed("HTTP 403 Authorization_RequestDenied (request-id a)"), FINISHED);
        prod.finished(inSync(), FINISHED);
        dev.finished(failed("HTTP 403 Authorization_RequestDenied (request-id b)"), FINISHED);
        prod.finished(inSync(), FINISHED);
        prod.finished(applied(REBIND), FINISHED);

        List<Receiver.Delivery> deliveries = receiver.await(2);
        assertThat(events(deliveries)).containsExactly("failure: [dev] Sync failed", "applied: [prod] Applied 1 change");
        assertThat(Goldens.parse(deliveries.get(0).body()).get("tenant").asText()).isEqualTo("dev");
        assertThat(Goldens.parse(deliveries.get(1).body()).get("tenant").asText()).isEqualTo("prod");
        Receiver.awaitThat("two sent", () -> count(NotifyFormat.JSON, "sent") == 2);
        assertThat(receiver.deliveries()).hasSize(2);
    }

    @Test
    void eachFormatReachesItsReceiverAsItsGoldenPayload() throws Exception {
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.JSON, "/json"),
                new NotifyTarget(NotifyFormat.SLACK, receiver.url("/slack"), 2),
                new NotifyTarget(NotifyFormat.TEAMS, receiver.url("/teams"), 3));

        notifier.finished(applied(BIND, REBIND, UNBIND), FINISHED);

        receiver.await(3);
        for (NotifyFormat format : NotifyFormat.values()) {
            Receiver.Delivery d = receiver.deliveries("/" + format.label()).get(0);
            assertThat(d.contentType()).isEqualTo("application/json; charset=utf-8");
            assertThat(d.userAgent()).isEqualTo("userflow-connector-sync/0.1.0");
            Goldens.assertMatches(format.label() + "-applied", Goldens.parse(d.body()));
        }
    }

    @Test
    void aReceiverThatAnswers500IsTriedAgainUntilItAnswers200() throws Exception {
        receiver.answer(500, 503);
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.SLACK, "/hook"));

        notifier.finished(failed("HTTP 500"), FINISHED);

        List<Receiver.Delivery> tries = receiver.await(3);
        Receiver.awaitThat("sent", () -> count(NotifyFormat.SLACK, "sent") == 1);
        assertThat(tries).extracting(Receiver.Delivery::body).containsOnly(tries.get(0).body());
        assertThat(count(NotifyFormat.SLACK, "failed")).isZero();
        assertThat(receiver.deliveries()).hasSize(3);
    }

    @Test
    void aTooManyRequestsAnswerIsTriedAgainAfterItsRetryAfter() throws Exception {
        receiver.answerWithRetryAfter(429, "1");
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.TEAMS, "/hook"));

        notifier.finished(applied(BIND), FINISHED);

        List<Receiver.Delivery> tries = receiver.await(2);
        // The policy's own backoff is 20 ms: only Retry-After makes the second try wait a second.
        assertThat(Duration.between(tries.get(0).at(), tries.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(950));
        Receiver.awaitThat("sent", () -> count(NotifyFormat.TEAMS, "sent") == 1);
    }

    @Test
    void aRefusalIsNotRetriedAndLoggedOnceWithTheHostOnly() throws Exception {
        receiver.always(404);
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY,
                target(NotifyFormat.SLACK, "/services/T0001/B0001/abcdefghijklmnopqrstuvwx"));
        try (LogCapture log = new LogCapture()) {
            notifier.finished(drift(BIND), FINISHED);
            notifier.finished(drift(UNBIND), FINISHED);
            notifier.finished(drift(REBIND), FINISHED);

            receiver.await(3);
            Receiver.awaitThat("three refused", () -> count(NotifyFormat.SLACK, "failed") == 3);

            List<String> warnings = log.lines().stream().filter(l -> l.startsWith("WARN")).toList();
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0)).contains("refused: HTTP 404").contains("slack receiver 1 at 127.0.0.1:")
                    .contains("not retried");
            assertThat(log.text()).doesNotContain("abcdefghijklmnopqrstuvwx").doesNotContain("/services/");
        }
        assertThat(receiver.deliveries()).hasSize(3);
        assertThat(count(NotifyFormat.SLACK, "sent")).isZero();
    }

    @Test
    void aReceiverThatDoesNotAnswerIsGivenUpAfterTheLastTry() throws Exception {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY,
                new NotifyTarget(NotifyFormat.JSON, URI.create("http://127.0.0.1:" + closed + "/hook"), 1));
        try (LogCapture log = new LogCapture()) {
            notifier.finished(failed("HTTP 500"), FINISHED);

            String givenUp = "Notification 'failure' to json receiver 1 at 127.0.0.1:" + closed
                    + " failed after 3 tries: no answer (connection refused)";
            Receiver.awaitThat("the WARN", () -> log.text().contains(givenUp));
            assertThat(count(NotifyFormat.JSON, "failed")).isEqualTo(1);
        }
    }

    @Test
    void aReceiverThatHangsDelaysNoRunAndAFullQueueDropsTheOldestWaiting() throws Exception {
        receiver.hang();
        Notifier notifier = notifier(2, target(NotifyFormat.JSON, "/hook"));

        notifier.finished(drift(BIND), FINISHED);
        Receiver.awaitThat("the receiver holding the first message", () -> receiver.blocked() == 1);
        // Three more runs with news finish while the receiver still holds the first: each hands its message over
        // and returns. The queue holds two, so the oldest waiting one makes room for the newest.
        notifier.finished(drift(BIND, UNBIND), FINISHED);
        notifier.finished(drift(REBIND), FINISHED);
        notifier.finished(drift(UNBIND), FINISHED);

        assertThat(receiver.blocked()).isEqualTo(1);
        assertThat(receiver.deliveries()).hasSize(1);
        assertThat(count(NotifyFormat.JSON, "dropped")).isEqualTo(1);

        receiver.release();
        assertThat(events(receiver.await(3))).containsExactly("drift: New drift: 1 change to make",
                "drift: New drift: 1 change to make", "drift: New drift: 1 change to make");
        // the drift of BIND and UNBIND was the oldest waiting: dropped
        assertThat(Goldens.parse(receiver.deliveries().get(1).body()).at("/changes/0/action").asText()).isEqualTo("rebind");
        assertThat(Goldens.parse(receiver.deliveries().get(2).body()).at("/changes/0/action").asText()).isEqualTo("unbind");
        Receiver.awaitThat("three sent", () -> count(NotifyFormat.JSON, "sent") == 3);
    }

    @Test
    void dropsAreLoggedOnceByTheSenderWhenItCanNotOnTheRunsThreadForEachDrop() throws Exception {
        receiver.hang();
        Notifier notifier = notifier(1, target(NotifyFormat.JSON, "/hook"));
        notifier.finished(drift(BIND), FINISHED);
        Receiver.awaitThat("the receiver holding the first message", () -> receiver.blocked() == 1);
        ListAppender<ILoggingEvent> log = new ListAppender<>();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        log.start();
        root.addAppender(log);
        try {
            // one waiting, then ten that each push the waiting one out: a flood of news while the receiver hangs
            for (int i = 0; i < 11; i++) {
                notifier.finished(i % 2 == 0 ? drift(UNBIND) : drift(REBIND), FINISHED);
            }
            String runThread = Thread.currentThread().getName();
            assertThat(List.copyOf(log.list)).noneMatch(e -> e.getThreadName().equals(runThread));
            assertThat(count(NotifyFormat.JSON, "dropped")).isEqualTo(10);

            receiver.release();
            receiver.await(2);
            Receiver.awaitThat("two sent", () -> count(NotifyFormat.JSON, "sent") == 2);
            List<String> warnings = List.copyOf(log.list).stream().filter(e -> e.getLevel() == Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).toList();
            assertThat(warnings).containsExactly("10 notification(s) to json receiver 1 at 127.0.0.1:"
                    + receiver.url("/").getPort() + " dropped while it did not answer: 1 can wait for it");
        } finally {
            root.detachAppender(log);
        }
    }

    @Test
    void theWebhookUrlIsMaskedInThePayloadWhereverItShowsUp() throws Exception {
        URI secret = receiver.url("/services/T0001/B0001/abcdefghijklmnopqrstuvwx");
        SecretScrubber scrubber = new SecretScrubber();
        Notifier notifier = Notifier.start(List.of(new NotifyTarget(NotifyFormat.JSON, secret, 1)), scrubber, meters,
                AGENT, QUICK, Notifier.QUEUE_CAPACITY);
        notifiers.add(notifier);

        notifier.finished(failed("a proxy said: no route to " + secret + " (key abcdefghijklmnopqrstuvwx)"), FINISHED);

        String body = receiver.await(1).get(0).body();
        assertThat(body).doesNotContain("abcdefghijklmnopqrstuvwx").doesNotContain("/services/T0001")
                .contains("no route to *** (key ***)");
        assertThat(scrubber.scrub("GET " + secret.getRawPath())).isEqualTo("GET ***");
    }

    @Test
    void closingCountsWhatWasStillWaitingAsDropped() throws Exception {
        receiver.hang();
        Notifier notifier = notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.JSON, "/hook"));
        notifier.finished(drift(BIND), FINISHED);
        Receiver.awaitThat("the receiver holding the first message", () -> receiver.blocked() == 1);
        notifier.finished(drift(UNBIND), FINISHED);

        notifier.close();

        Receiver.awaitThat("both dropped", () -> count(NotifyFormat.JSON, "dropped") == 2);
        assertThat(count(NotifyFormat.JSON, "sent")).isZero();
    }

    @Test
    void eachFormatsSeriesExistAtZeroBeforeTheFirstNotification() {
        notifier(Notifier.QUEUE_CAPACITY, target(NotifyFormat.TEAMS, "/hook"));

        assertThat(List.of(count(NotifyFormat.TEAMS, "sent"), count(NotifyFormat.TEAMS, "failed"),
                count(NotifyFormat.TEAMS, "dropped"))).containsOnly(0.0);
        assertThat(Optional.ofNullable(meters.find("userflow.sync.notifications").tag("format", "slack").counter()))
                .isEmpty();
    }
}
