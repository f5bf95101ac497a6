package io.userflowsync.export;

import io.userflowsync.text.Excerpt;

import java.util.Locale;

/**
 * Text from the tenant (a displayName, a flow id) made safe for a YAML comment: quoted, cut after
 * {@value Excerpt#MAX_CHARS} characters, and on one line of printable characters. A line break in a comment would
 * end it and turn the rest into YAML, and YAML refuses a file with a control character anywhere, comments included.
 */
final class CommentText {
    private CommentText() {
    }

    /** {@code "Legacy CRM hook"}, with {@code "}, {@code \} and what a comment cannot hold escaped as in JSON. */
    static String quote(String text) {
        String excerpt = Excerpt.of(text);
        StringBuilder sb = new StringBuilder("\"");
        excerpt.codePoints().forEach(cp -> {
            if (cp == '"' || cp == '\\') {
                sb.append('\\').appendCodePoint(cp);
            } else if (printable(cp)) {
                sb.appendCodePoint(cp);
            } else {
                for (char c : Character.toChars(cp)) {
                    sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                }
            }
        });
        return sb.append('"').toString();
    }

    /** {@code text} with what a comment cannot hold escaped, uncut and unquoted: for text of the agent's own. */
    static String line(String text) {
        StringBuilder sb = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (printable(cp)) {
                sb.appendCodePoint(cp);
            } else {
                for (char c : Character.toChars(cp)) {
                    sb.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
                }
            }
        });
        return sb.toString();
    }

    /** A character a comment shows as itself: no control, line or paragraph separator, format or unassigned one. */
    private static boolean printable(int cp) {
        if (cp == ' ') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SPACE_SEPARATOR, Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}
