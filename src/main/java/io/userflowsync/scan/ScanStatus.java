package io.userflowsync.scan;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the rolling scan stands, for {@code /status}, metrics and health.
 *
 * @param lastRun            what the last run read ({@code targeted}, {@code scan}, ...) and why
 * @param managedFlows       how many flows the desired state manages
 * @param sweptFlows         how many of them the current sweep has verified
 * @param sweepStartedAt     when the current sweep started
 * @param verifiedSince      every managed flow has been verified since then (the start of the last complete sweep);
 *                           empty until a sweep completed
 * @param eta                when the current sweep should end at the scan budget's pace
 * @param pass               why the current sweep is a full pass, if it is
 * @param pending            flows waiting for a targeted run (to try again, or found drifted)
 * @param held               flows whose changes a guard holds back
 */
public record ScanStatus(String lastRun, int managedFlows, int sweptFlows, Instant sweepStartedAt,
                         Optional<Instant> verifiedSince, Optional<Instant> eta, Optional<String> pass, int pending,
                         int held) {

    /** How old the oldest verification may be at {@code now}: since the last complete sweep started, or the first. */
    public Duration oldestVerificationAge(Instant now) {
        return Duration.between(verifiedSince.orElse(sweepStartedAt), now);
    }
}
