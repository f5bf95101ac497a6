package io.userflowsync.report;

import java.util.Locale;

/**
 * Makes text from the tenant or the YAML safe to print on one line: a displayName is chosen by whoever can edit
 * connectors, and a newline in it must not forge an extra line in a plan or a log.
 */
public final class Printable {
    private Printable() {
    }

    public static String oneLine(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** {@code s} padded with blanks to {@code width} (never cut), for aligned columns. */
    static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
