package io.userflowsync.text;

/**
 * The start of a text taken from input, to quote in a message: a typo is recognisable from its first
 * {@value #MAX_CHARS} characters, and a hostile 900 kB key must not be copied into every line that mentions it
 * (issue 6, item 13d).
 */
public final class Excerpt {
    public static final int MAX_CHARS = 80;

    private Excerpt() {
    }

    /** {@code text} itself when short enough, else its first {@value #MAX_CHARS} code points and "…". */
    public static String of(String text) {
        if (text.length() <= MAX_CHARS || text.codePointCount(0, text.length()) <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_CHARS)) + "\u2026";
    }
}
