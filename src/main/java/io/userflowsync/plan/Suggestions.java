package io.userflowsync.plan;

import io.userflowsync.text.EditDistance;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * "Did you mean" candidates for a name that matched nothing: the names equal to it ignoring case and surrounding
 * blanks, or failing that the names within a small edit distance. Typos in YAML are the usual cause of an unknown
 * name, and pointing at the intended one saves a round trip to the portal.
 */
final class Suggestions {
    /** Two edits catch a swapped pair of letters or a missing one without suggesting unrelated short names. */
    static final int MAX_EDIT_DISTANCE = 2;

    private Suggestions() {
    }

    /** @return the closest candidates, sorted, without duplicates; empty when none is close */
    static List<String> closeTo(String wanted, Collection<String> candidates) {
        String key = normalise(wanted);
        List<String> sameIgnoringCase = candidates.stream()
                .filter(c -> !c.equals(wanted) && normalise(c).equals(key))
                .distinct().sorted().toList();
        if (!sameIgnoringCase.isEmpty()) {
            return sameIgnoringCase;
        }
        int best = Integer.MAX_VALUE;
        for (String c : candidates) {
            if (!c.equals(wanted)) {
                best = Math.min(best, EditDistance.between(key, normalise(c)));
            }
        }
        if (best > MAX_EDIT_DISTANCE) {
            return List.of();
        }
        int bestDistance = best;
        return candidates.stream()
                .filter(c -> !c.equals(wanted) && EditDistance.between(key, normalise(c)) == bestDistance)
                .distinct().sorted().toList();
    }

    private static String normalise(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
