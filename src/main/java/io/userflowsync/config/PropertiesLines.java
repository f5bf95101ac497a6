package io.userflowsync.config;

import java.util.ArrayList;
import java.util.List;

/**
 * The keys of a properties file with the line each starts on, so that a refused key can be reported as file:line.
 * {@link java.util.Properties} keeps no lines; this follows its format (comments, continuation lines, the key ending
 * at an unescaped '=', ':' or blank, escapes in keys) closely enough to place every key a settings file holds.
 */
final class PropertiesLines {
    record Entry(String key, int line) {
    }

    private PropertiesLines() {
    }

    static List<Entry> entries(String text) {
        String[] lines = text.split("\r\n|\r|\n", -1);
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            int start = i;
            String line = stripLeading(lines[i]);
            if (line.isEmpty() || line.charAt(0) == '#' || line.charAt(0) == '!') {
                continue;
            }
            StringBuilder logical = new StringBuilder();
            while (endsWithOddBackslashes(line) && i + 1 < lines.length) {
                logical.append(line, 0, line.length() - 1);
                line = stripLeading(lines[++i]);
            }
            logical.append(line);
            entries.add(new Entry(key(logical.toString()), start + 1));
        }
        return entries;
    }

    private static String key(String line) {
        StringBuilder key = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\\' && i + 1 < line.length()) {
                char next = line.charAt(++i);
                if (next == 'u' && i + 4 < line.length()) {
                    try {
                        key.append((char) Integer.parseInt(line.substring(i + 1, i + 5), 16));
                        i += 4;
                        continue;
                    } catch (NumberFormatException e) {
                        // Properties.load refuses the file first; keep the raw text here.
                    }
                }
                key.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 'f' -> '\f';
                    default -> next;
                });
            } else if (c == '=' || c == ':' || c == ' ' || c == '\t' || c == '\f') {
                break;
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }

    private static boolean endsWithOddBackslashes(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static String stripLeading(String line) {
        int i = 0;
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t' || line.charAt(i) == '\f')) {
            i++;
        }
        return line.substring(i);
    }
}
