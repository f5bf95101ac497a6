package io.userflowsync.desired;

import io.userflowsync.model.SourceLocation;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Node;

import java.util.List;
import java.util.Optional;

/** Collects the problems of one source file, turning parser marks (0-based) into 1-based locations. */
final class FileProblems {
    private final String file;
    private final List<ValidationProblem> sink;

    FileProblems(String file, List<ValidationProblem> sink) {
        this.file = file;
        this.sink = sink;
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
        sink.add(new ValidationProblem(location, reason));
    }

    void add(Node node, String reason) {
        add(at(node), reason);
    }

    void add(Optional<Mark> mark, String reason) {
        add(at(mark), reason);
    }
}
