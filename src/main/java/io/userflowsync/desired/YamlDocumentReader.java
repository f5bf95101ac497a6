package io.userflowsync.desired;

import io.userflowsync.text.Excerpt;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.CoreScalarResolver;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Composes a file's text into the node tree of its single YAML document (nodes keep their marks, for locations).
 * Reports syntax errors, empty files, extra documents, and (through {@link RefusedFeatureWatcher}) anchors and
 * aliases. Duplicate keys are kept in the tree on purpose: the walker reports them with both lines.
 */
final class YamlDocumentReader {

    /** YAML 1.2 core schema (null, Null, NULL, ~ are null) without merge keys, so that a "<<" stays visible. */
    private static final class CoreSchemaWithoutMerge extends CoreSchema {
        private final ScalarResolver resolver = new CoreScalarResolver(false);

        @Override
        public ScalarResolver getScalarResolver() {
            return resolver;
        }
    }

    private YamlDocumentReader() {
    }

    static Optional<Node> read(String text, FileProblems problems) {
        return read(new StringReader(text), text, problems);
    }

    /** @param source the characters of {@code text}, as the YAML reader gets them */
    static Optional<Node> read(Reader source, String text, FileProblems problems) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(problems.file())
                .setSchema(new CoreSchemaWithoutMerge())
                .setAllowDuplicateKeys(true)
                .setAllowNonScalarKeys(true)
                .setMaxAliasesForCollections(10)
                .setUseMarks(true)
                // The whole file in one window: with the default 1024 chars, the reader copies its window again
                // for every 1024 chars of a long word (a 900 kB key allocated 1.5 GB; issue 6, item 13d), and a
                // window's edge is where 3.0.1 split surrogate pairs (item 13a). Files are at most 1 MiB.
                .setBufferSize(text.length() + 1)
                .build();
        StreamReader reader = new StreamReader(settings, source);
        RefusedFeatureWatcher watcher = new RefusedFeatureWatcher(new ParserImpl(settings, reader), problems);
        Composer composer = new Composer(settings, watcher);
        List<Node> documents = new ArrayList<>();
        try {
            while (composer.hasNext() && documents.size() < 2) {
                documents.add(composer.next());
            }
        } catch (MarkedYamlEngineException e) {
            problems.add(e.getProblemMark().or(e::getContextMark), "YAML syntax error: " + shortProblem(e));
            return Optional.empty();
        } catch (ReaderException e) {
            problems.add(problems.atIndex(text, e.getPosition()),
                    String.format(Locale.ROOT, "YAML does not allow the character U+%04X here; remove it",
                            e.getCodePoint()));
            return Optional.empty();
        } catch (RefusedFeatureWatcher.TooDeep e) {
            problems.add(e.mark, "nested deeper than " + RefusedFeatureWatcher.MAX_DEPTH
                    + " levels; the desired state needs at most 4");
            return Optional.empty();
        } catch (YamlEngineException e) {
            problems.add(problems.at(1, 1), "cannot parse the YAML: " + Excerpt.of(String.valueOf(e.getMessage())));
            return Optional.empty();
        } catch (RuntimeException e) {
            // A failure of the YAML library itself (snakeyaml-engine 3.0.1 threw IndexOutOfBoundsException for an
            // emoji at offset 1024; issue 6, item 13a): say where reading stopped, never print a stack trace.
            problems.add(problems.at(reader.getLine() + 1, reader.getColumn() + 1), "the file could not be read "
                    + "past this point: the YAML reader failed (" + e.getClass().getSimpleName() + "); the file "
                    + "may be valid, so please report this with the file");
            return Optional.empty();
        }
        if (documents.isEmpty()) {
            problems.add(problems.at(1, 1), "empty document: the file has no content (only blanks or comments); "
                    + "write 'userFlows: {}' to manage nothing, or remove the file");
            return Optional.empty();
        }
        if (documents.size() > 1) {
            // Still check the first document, so that its problems show in the same run.
            problems.add(watcher.documentStarts().get(1), "more than one YAML document in this file (a second '---'); "
                    + "put everything in one document, or use one file per document in a folder");
        }
        Node root = documents.get(0);
        if (root instanceof ScalarNode scalar && Tag.NULL.equals(scalar.getTag()) && scalar.getValue().isEmpty()) {
            problems.add(root, "empty document: the document has no content; "
                    + "write 'userFlows: {}' to manage nothing, or remove the file");
            return Optional.empty();
        }
        return Optional.of(root);
    }

    /** The parser's own words, without its snippet of the file (the location already points there). */
    private static String shortProblem(MarkedYamlEngineException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem().strip();
        String context = e.getContext() == null ? "" : e.getContext().strip();
        if (problem.isEmpty()) {
            return context.isEmpty() ? "cannot parse" : context;
        }
        return context.isEmpty() ? problem : problem + " (" + context + ")";
    }
}
