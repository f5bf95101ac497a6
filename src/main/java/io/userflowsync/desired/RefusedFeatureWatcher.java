package io.userflowsync.desired;

import io.userflowsync.text.Excerpt;
import org.snakeyaml.engine.v2.events.AliasEvent;
import org.snakeyaml.engine.v2.events.CollectionEndEvent;
import org.snakeyaml.engine.v2.events.CollectionStartEvent;
import org.snakeyaml.engine.v2.events.DocumentStartEvent;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.NodeEvent;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.Parser;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sits between parser and composer and watches the events for what the node tree no longer shows: where an alias
 * was used (the composer replaces it by the anchored node), where each document starts, and how deep the nesting
 * goes (the composer recurses, so a hostile file could exhaust the stack before we see its tree).
 */
final class RefusedFeatureWatcher implements Parser {
    static final String NOT_SUPPORTED = "anchors, aliases and merge keys are not supported in the desired state";
    /** The format needs 4 levels; anything far deeper is a mistake or an attack. */
    static final int MAX_DEPTH = 32;

    /** Thrown to stop composing a document nested deeper than {@link #MAX_DEPTH}. */
    static final class TooDeep extends RuntimeException {
        final Optional<Mark> mark;

        TooDeep(Optional<Mark> mark) {
            super(null, null, false, false);
            this.mark = mark;
        }
    }

    private final Parser delegate;
    private final FileProblems problems;
    private final List<Optional<Mark>> documentStarts = new ArrayList<>();
    private int depth;

    RefusedFeatureWatcher(Parser delegate, FileProblems problems) {
        this.delegate = delegate;
        this.problems = problems;
    }

    /** Where each document read so far starts (its {@code ---}, or its first content when implicit). */
    List<Optional<Mark>> documentStarts() {
        return documentStarts;
    }

    @Override
    public Event next() {
        Event event = delegate.next();
        watch(event);
        return event;
    }

    @Override
    public boolean checkEvent(Event.ID id) {
        return delegate.checkEvent(id);
    }

    @Override
    public Event peekEvent() {
        return delegate.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return delegate.hasNext();
    }

    private void watch(Event event) {
        if (event instanceof DocumentStartEvent) {
            documentStarts.add(event.getStartMark());
        } else if (event instanceof AliasEvent alias) {
            problems.add(event.getStartMark(), "alias *" + Excerpt.of(alias.getAlias().getValue()) + ": "
                    + NOT_SUPPORTED
                    + "; write the value out in full");
        } else if (event instanceof NodeEvent node && node.getAnchor().isPresent()) {
            problems.add(event.getStartMark(), "anchor &" + Excerpt.of(node.getAnchor().get().getValue()) + ": "
                    + NOT_SUPPORTED
                    + "; write each value out in full");
        }
        if (event instanceof ScalarEvent scalar && scalar.getTag().filter(Tag.MERGE.getValue()::equals).isPresent()) {
            problems.add(event.getStartMark(), "merge key: " + NOT_SUPPORTED);
        }
        if (event instanceof CollectionStartEvent && ++depth > MAX_DEPTH) {
            throw new TooDeep(event.getStartMark());
        } else if (event instanceof CollectionEndEvent) {
            depth--;
        }
    }
}
