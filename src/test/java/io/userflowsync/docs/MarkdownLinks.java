package io.userflowsync.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the links and headings of Markdown pages the way GitHub renders them, and tells which relative links do not
 * resolve. A heading's anchor is GitHub's: the heading's text (a link in it counts by its text) lower-cased, every
 * character that is no letter, digit, mark, {@code -}, {@code _} or space dropped, each space turned into {@code -};
 * the second heading with the same anchor gets {@code -1}, the third {@code -2}. Headings and links inside fenced code
 * blocks and inline code spans are no headings or links. Only ATX headings ({@code # ...}) are read: the pages use no
 * other kind.
 */
final class MarkdownLinks {
    /** One inline link as written: {@code [text](target)}, with the line it is on. */
    record Link(int line, String target) {
    }

    private static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)(?:\\s+#+)?\\s*$");
    private static final Pattern LINK = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]*)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)(?:(?!\\1).)+?\\1");
    private static final Pattern FENCE = Pattern.compile("^ {0,3}(```|~~~)");
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private MarkdownLinks() {
    }

    /** GitHub's anchor for one heading's text, before duplicates are numbered. */
    static String anchor(String headingText) {
        String text = headingText.replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1").strip().toLowerCase(Locale.ROOT);
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (c == ' ') {
                out.append('-');
            } else if (Character.isLetterOrDigit(c) || c == '-' || c == '_'
                    || Character.getType(c) == Character.NON_SPACING_MARK) {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** The anchors of a page's headings, in order, duplicates numbered as GitHub numbers them. */
    static List<String> anchors(List<String> lines) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> anchors = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (FENCE.matcher(line).find()) {
                fenced = !fenced;
                continue;
            }
            Matcher m = HEADING.matcher(line);
            if (!fenced && m.matches()) {
                String a = anchor(m.group(2));
                int n = seen.merge(a, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? a : a + "-" + n);
            }
        }
        return anchors;
    }

    /** Every inline link of a page outside code. */
    static List<Link> links(List<String> lines) {
        List<Link> links = new ArrayList<>();
        boolean fenced = false;
        for (int i = 0; i < lines.size(); i++) {
            if (FENCE.matcher(lines.get(i)).find()) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(lines.get(i)).replaceAll(""));
            while (m.find()) {
                links.add(new Link(i + 1, m.group(1)));
            }
        }
        return links;
    }

    /**
     * Every link of {@code page} that does not resolve: a relative path (to the page's folder) that is no file or
     * folder of the repository under {@code root}, or an anchor that no heading of its page has. A web address or
     * another scheme is not checked. A link to one of {@code notYetWritten} (paths relative to {@code root}) is let
     * pass while that file is absent, anchor and all; once the file exists it is checked like any other.
     */
    static List<String> problems(Path root, Path page, Set<String> notYetWritten) throws IOException {
        List<String> lines = Files.readAllLines(page, StandardCharsets.UTF_8);
        String name = root.relativize(page).toString().replace('\\', '/');
        List<String> problems = new ArrayList<>();
        for (Link link : links(lines)) {
            String target = link.target();
            if (target.isEmpty() || SCHEME.matcher(target).find()) {
                continue;
            }
            int hash = target.indexOf('#');
            String path = hash < 0 ? target : target.substring(0, hash);
            String fragment = hash < 0 ? null : target.substring(hash + 1);
            Path file = path.isEmpty() ? page : page.getParent().resolve(path).normalize();
            String where = name + ":" + link.line() + ": (" + target + ")";
            if (!file.startsWith(root)) {
                problems.add(where + " leaves the repository");
                continue;
            }
            if (!Files.exists(file)) {
                if (!notYetWritten.contains(root.relativize(file).toString().replace('\\', '/'))) {
                    problems.add(where + " names no file: " + root.relativize(file));
                }
                continue;
            }
            if (fragment != null) {
                if (Files.isDirectory(file) || !file.getFileName().toString().endsWith(".md")) {
                    problems.add(where + " has an anchor, but " + root.relativize(file) + " is no Markdown page");
                } else if (!anchors(Files.readAllLines(file, StandardCharsets.UTF_8)).contains(fragment)) {
                    problems.add(where + " names no heading of " + root.relativize(file) + ": #" + fragment);
                }
            }
        }
        return problems;
    }
}
