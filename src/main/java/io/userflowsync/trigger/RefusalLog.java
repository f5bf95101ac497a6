package io.userflowsync.trigger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The one place refused HTTP calls and dropped connections are logged: one short WARN line, at most one per
 * interval, saying how many more were refused meanwhile. Anyone on the network can cause a refusal, so each must
 * cost a line at most and a flood must not flood the log (issue 6, item 3). Callers pass text they composed
 * themselves (fixed wording, numbers, the peer's address), never a value the client sent.
 */
public final class RefusalLog {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalLog.class);

    private final Clock clock;
    private final Duration interval;
    private Instant lastLogged;
    private long suppressed;

    public RefusalLog(Clock clock, Duration interval) {
        this.clock = clock;
        this.interval = interval;
    }

    /** @param what completes "refused ...", e.g. "POST /hooks/git from 10.0.0.7: the signature does not match" */
    public void refused(String what) {
        String line;
        synchronized (this) {
            Instant now = clock.instant();
            if (lastLogged != null && now.isBefore(lastLogged.plus(interval))) {
                suppressed++;
                return;
            }
            line = "refused " + what + (suppressed == 0 ? ""
                    : " (and " + suppressed + " more refused since " + lastLogged.truncatedTo(ChronoUnit.SECONDS) + ", not logged)");
            lastLogged = now;
            suppressed = 0;
        }
        LOG.warn(line);
    }
}
