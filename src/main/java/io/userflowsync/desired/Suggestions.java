package io.userflowsync.desired;

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
            int distance = distance(lower, candidate.toLowerCase(Locale.ROOT));
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

    /** Optimal string alignment distance: Levenshtein plus transposition of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
