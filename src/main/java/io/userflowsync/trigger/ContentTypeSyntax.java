package io.userflowsync.trigger;

/**
 * Whether a Content-Type value follows RFC 9110 §8.3.1 ({@code type "/" subtype *( OWS ";" OWS [ name "=" ( token /
 * quoted-string ) ] )}). Vert.x Web's header parser, which platform-http asks for the charset of every request,
 * throws on some malformed values ({@code text/plain; charset="} is a StringIndexOutOfBoundsException: a 500 and an
 * ERROR with a stack trace), so the guard answers 400 to those before they get that far.
 */
final class ContentTypeSyntax {
    private ContentTypeSyntax() {
    }

    static boolean isWellFormed(String value) {
        int[] at = {0};
        if (!token(value, at) || !expect(value, at, '/') || !token(value, at)) {
            return false;
        }
        while (true) {
            ows(value, at);
            if (at[0] == value.length()) {
                return true;
            }
            if (!expect(value, at, ';')) {
                return false;
            }
            ows(value, at);
            if (at[0] == value.length() || value.charAt(at[0]) == ';') {
                continue; // an empty parameter is allowed
            }
            if (!token(value, at) || !expect(value, at, '=')) {
                return false;
            }
            if (at[0] < value.length() && value.charAt(at[0]) == '"' ? !quoted(value, at) : !token(value, at)) {
                return false;
            }
        }
    }

    private static boolean token(String s, int[] at) {
        int start = at[0];
        while (at[0] < s.length() && isTchar(s.charAt(at[0]))) {
            at[0]++;
        }
        return at[0] > start;
    }

    private static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }

    private static boolean quoted(String s, int[] at) {
        at[0]++; // the opening quote
        while (at[0] < s.length()) {
            char c = s.charAt(at[0]++);
            if (c == '"') {
                return true;
            }
            if (c == '\\') {
                if (at[0] == s.length() || !isQuotable(s.charAt(at[0]++))) {
                    return false;
                }
            } else if (!isQuotable(c)) {
                return false;
            }
        }
        return false; // no closing quote
    }

    /** qdtext and what a quoted-pair may escape: HTAB, SP, visible ASCII, obs-text. */
    private static boolean isQuotable(char c) {
        return c == '\t' || c >= 0x20 && c <= 0x7e || c >= 0x80 && c <= 0xff;
    }

    private static boolean expect(String s, int[] at, char c) {
        if (at[0] < s.length() && s.charAt(at[0]) == c) {
            at[0]++;
            return true;
        }
        return false;
    }

    private static void ows(String s, int[] at) {
        while (at[0] < s.length() && (s.charAt(at[0]) == ' ' || s.charAt(at[0]) == '\t')) {
            at[0]++;
        }
    }
}
