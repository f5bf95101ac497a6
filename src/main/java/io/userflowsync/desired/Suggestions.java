package io.userflowsync.desired;

import io.userflowsync.text.EditDistance;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/** "Did you mean ...?" for names that are close to an allowed one: a case slip, a typo, a swapped pair of letters. */
final class Suggestions {
    private Suggestions() {
    }

    static Optional<String> closest(String given, Collection<String> candidates) {
        String lower = given.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = EditDistance.between(lower, candidate.toLowerCase(Locale.ROOT));
            if (distance <= tolerance(candidate) && distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return Optional.ofNullable(best);
    }

    /** {@code " Did you mean 'userFlows'?"}, or "" when nothing is close. */
    static String didYouMean(String given, Collection<String> candidates) {
        return closest(given, candidates).map(c -> " Did you mean '" + c + "'?").orElse("");
    }

    // Short names tolerate one edit, long ones a few more: "postAtributeColection" is still clearly meant.
    private static int tolerance(String candidate) {
        return candidate.length() < 5 ? 1 : Math.max(2, candidate.length() / 6);
    }
}
