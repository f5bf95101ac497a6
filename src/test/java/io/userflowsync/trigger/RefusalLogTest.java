package io.userflowsync.trigger;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class RefusalLogTest {
    private final Logger logger = (Logger) LoggerFactory.getLogger(RefusalLog.class);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private Instant now = Instant.parse("2026-01-05T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @BeforeEach
    void capture() {
        lines.start();
        logger.addAppender(lines);
    }

    @AfterEach
    void release() {
        logger.detachAppender(lines);
    }

    @Test
    void aFloodOfRefusalsIsOneLinePerIntervalCountingTheOnesNotLogged() {
        RefusalLog log = new RefusalLog(clock, Duration.ofSeconds(10));

        log.refused("a connection from 10.0.0.7: no complete request within 10 s");
        for (int i = 0; i < 999; i++) {
            now = now.plusMillis(5);
            log.refused("a connection from 10.0.0.7: no complete request within 10 s");
        }
        now = now.plusSeconds(10);
        log.refused("POST /hooks/git from 10.0.0.8 (401): the signature does not match the configured secret");

        assertThat(lines.list).extracting(ILoggingEvent::getLevel).containsOnly(Level.WARN);
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "refused a connection from 10.0.0.7: no complete request within 10 s",
                "refused POST /hooks/git from 10.0.0.8 (401): the signature does not match the configured secret"
                        + " (and 999 more refused since 2026-01-05T10:00:00Z, not logged)");
    }

    @Test
    void refusalsFarEnoughApartAreEachLogged() {
        RefusalLog log = new RefusalLog(clock, Duration.ofSeconds(10));
        for (int i = 0; i < 3; i++) {
            log.refused("call " + i);
            now = now.plusSeconds(10);
        }
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage)
                .containsExactly("refused call 0", "refused call 1", "refused call 2");
    }
}
