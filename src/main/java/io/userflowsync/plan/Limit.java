package io.userflowsync.plan;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guard's limit: a count ({@code 10}) or a percentage of the managed steps ({@code 30%}). A plan is over the limit
 * when it has more than {@link #allowed} of what the guard counts; exactly at the limit is allowed.
 *
 * @param value   the count, or the percentage (0 to 100)
 * @param percent whether {@code value} is a percentage of the managed steps
 */
public record Limit(int value, boolean percent) {
    private static final Pattern FORM = Pattern.compile("([0-9]{1,9})(%?)");

    public Limit {
        if (value < 0 || percent && value > 100) {
            throw new IllegalArgumentException("a limit is a count of 0 or more, or a percentage from 0% to 100%");
        }
    }

    public static Limit count(int n) {
        return new Limit(n, false);
    }

    public static Limit percentOfManagedSteps(int percent) {
        return new Limit(percent, true);
    }

    /**
     * @param key  the setting's key, for the message
     * @param text {@code 10} or {@code 30%}
     * @throws IllegalArgumentException naming the setting and what it takes
     */
    public static Limit parse(String key, String text) {
        Matcher m = FORM.matcher(text.trim());
        if (m.matches()) {
            int value = Integer.parseInt(m.group(1));
            boolean percent = !m.group(2).isEmpty();
            if (!percent || value <= 100) {
                return new Limit(value, percent);
            }
        }
        throw new IllegalArgumentException("setting " + key + " must be a count (e.g. 10) or a percentage of the"
                + " managed steps from 0% to 100% (e.g. 30%), got '" + text + "'");
    }

    /**
     * How many a plan of {@code managedSteps} may have. A percentage is rounded down: a guard never allows more than
     * it says (30% of 5 steps is 1.5: one is allowed, two are over the limit).
     */
    public int allowed(int managedSteps) {
        return percent ? (int) ((long) value * managedSteps / 100) : value;
    }

    /** As the setting is written: {@code 10} or {@code 30%}. */
    @Override
    public String toString() {
        return percent ? String.format(Locale.ROOT, "%d%%", value) : Integer.toString(value);
    }
}
