package io.userflowsync.text;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * "Did you mean ...?" for a name that matched nothing: a key or step of the desired state, a flow id or a connector
 * the tenant does not have. Typos are the usual cause of an unknown name, and pointing at the intended one saves a
 * round trip to the portal. One rule set for every such hint:
 * <ol>
 *   <li>names equal to the given one ignoring case and surrounding blanks, if there are any;</li>
 *   <li>else the names fewest edits away ({@link EditDistance}: insert, delete, substitute, swap two neighbours,
 *       ignoring case), as long as that is at most {@link #MAX_EDITS}, or one edit for names shorter than
 *       {@link #SHORT_NAME} characters (two edits turn any two-letter name into any other).</li>
 * </ol>
 * All equally close names are returned, sorted, so the hint never depends on the order Graph listed things in.
 */
public final class Suggestions {
    /** Two edits catch a swapped pair of letters or a missing one without suggesting unrelated names. */
    public static final int MAX_EDITS = 2;
    /** Names shorter than this tolerate one edit only. */
    public static final int SHORT_NAME = 5;

    private Suggestions() {
    }

    /** @return the closest candidates, sorted, without duplicates or {@code given} itself; empty when none is close */
    public static List<String> closeTo(String given, Collection<String> candidates) {
        String key = normalise(given);
        List<String> sameIgnoringCase = candidates.stream()
                .filter(c -> !c.equals(given) && normalise(c).equals(key))
                .distinct().sorted().toList();
        if (!sameIgnoringCase.isEmpty()) {
            return sameIgnoringCase;
        }
        int best = Integer.MAX_VALUE;
        List<String> closest = List.of();
        for (String candidate : candidates.stream().filter(c -> !c.equals(given)).distinct().sorted().toList()) {
            int distance = distanceWithin(key, normalise(candidate), tolerance(candidate));
            if (distance < best) {
                best = distance;
                closest = new ArrayList<>(List.of(candidate));
            } else if (distance == best && distance != Integer.MAX_VALUE) {
                closest.add(candidate);
            }
        }
        return List.copyOf(closest);
    }

    /** {@code " Did you mean 'userFlows'?"} (or {@code 'a' or 'b'} when two are equally close), "" when none is. */
    public static String didYouMean(String given, Collection<String> candidates) {
        List<String> close = closeTo(given, candidates);
        return close.isEmpty() ? ""
                : " Did you mean " + close.stream().map(c -> "'" + c + "'").collect(Collectors.joining(" or ")) + "?";
    }

    private static int tolerance(String candidate) {
        return candidate.strip().length() < SHORT_NAME ? 1 : MAX_EDITS;
    }

    /**
     * The edit distance when it is at most {@code tolerance}, else {@link Integer#MAX_VALUE}. Names whose lengths
     * differ by more than the tolerance are never compared: the distance is at least the difference, and comparing
     * a hostile 900 kB key with each candidate would cost memory in proportion to its length (issue 6, item 13d).
     */
    private static int distanceWithin(String a, String b, int tolerance) {
        if (Math.abs(a.length() - b.length()) > tolerance) {
            return Integer.MAX_VALUE;
        }
        int distance = EditDistance.between(a, b);
        return distance <= tolerance ? distance : Integer.MAX_VALUE;
    }

    private static String normalise(String s) {
        return s.strip().toLowerCase(Locale.ROOT);
    }
}
