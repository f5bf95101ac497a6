package io.userflowsync.desired;

import io.userflowsync.model.SourceLocation;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Collects the problems of one source file, turning parser marks (0-based) into 1-based locations. Keeps the first
 * {@link #MAX_PER_FILE} by place and counts the rest, so a file of 200,000 aliases costs a page of output, not 30 MB
 * (issue 6, item 13d): the first problems are the ones to fix first anyway.
 */
final class FileProblems {
    /** Problems listed per file; the rest are counted. */
    static final int MAX_PER_FILE = 100;
    /** A reason longer than this is cut: every reason is written by us, so only quoted input can make it long. */
    static final int MAX_REASON_CHARS = 500;

    private static final Comparator<SourceLocation> PLACE = Comparator.comparing(SourceLocation::file)
            .thenComparingInt(SourceLocation::line)
            .thenComparingInt(SourceLocation::column);
    static final Comparator<ValidationProblem> BY_LOCATION = Comparator.comparing(ValidationProblem::location, PLACE);

    private final String file;
    private final List<ValidationProblem> kept = new ArrayList<>();
    private int omitted;
    private Optional<SourceLocation> firstOmitted = Optional.empty();

    FileProblems(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    SourceLocation at(int line, int column) {
        return new SourceLocation(file, line, column);
    }

    SourceLocation at(Optional<Mark> mark) {
        return mark.map(m -> at(m.getLine() + 1, m.getColumn() + 1)).orElse(at(1, 1));
    }

    SourceLocation at(Node node) {
        return at(node.getStartMark());
    }

    /** The location of the character at {@code index} in {@code text}; only \n, \r\n and \r end a line (YAML 1.2). */
    SourceLocation atIndex(String text, int index) {
        int line = 1;
        int lineStart = 0;
        int end = Math.min(index, text.length());
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\n' || (c == '\r' && (i + 1 >= text.length() || text.charAt(i + 1) != '\n'))) {
                line++;
                lineStart = i + 1;
            }
        }
        return at(line, text.codePointCount(lineStart, end) + 1);
    }

    void add(SourceLocation location, String reason) {
        String bounded = reason.length() <= MAX_REASON_CHARS ? reason
                : reason.substring(0, MAX_REASON_CHARS) + "\u2026";
        kept.add(new ValidationProblem(location, bounded));
        if (kept.size() >= 2 * MAX_PER_FILE) {
            keepFirst();
        }
    }

    void add(Node node, String reason) {
        add(at(node), reason);
    }

    void add(Optional<Mark> mark, String reason) {
        add(at(mark), reason);
    }

    /**
     * The first {@link #MAX_PER_FILE} problems by place, then, if there were more, one saying how many, placed at
     * the first of them (so that it sorts after the ones listed).
     */
    List<ValidationProblem> problems() {
        keepFirst();
        List<ValidationProblem> all = new ArrayList<>(kept);
        firstOmitted.ifPresent(at -> all.add(new ValidationProblem(at,
                "and " + omitted + " more problem(s) in " + file)));
        return all;
    }

    /** Sorts (stably: problems found at one place keep their order) and drops all but the first by place. */
    private void keepFirst() {
        kept.sort(BY_LOCATION);
        if (kept.size() <= MAX_PER_FILE) {
            return;
        }
        List<ValidationProblem> dropped = kept.subList(MAX_PER_FILE, kept.size());
        SourceLocation first = dropped.get(0).location();
        firstOmitted = Optional.of(firstOmitted.filter(f -> PLACE.compare(f, first) <= 0).orElse(first));
        omitted += dropped.size();
        dropped.clear();
    }
}
