package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.text.Suggestions;
import io.userflowsync.text.Excerpt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the value of one step: {@code null} (call no connector), a displayName, {@code {id: ...}},
 * {@code {displayName: ...}}, {@code {connector: key}} or (an event's) {@code {extension: key}}. A plain string stays a displayName, so every file written
 * before connectors could be managed reads as before; a key is only ever named in the explicit form. Anything that could be a slip (a blank, a number, a YAML 1.1 boolean) is refused
 * rather than guessed at, because a wrong guess unbinds or rebinds a live sign-up step.
 */
final class StepValueParser {
    static final String EXPECTED = "expected null, a connector displayName, {id: ...}, {displayName: ...}, "
            + "{connector: key} or, for an event, {extension: key}";
    private static final String ID_KEY = "id";
    private static final String DISPLAY_NAME_KEY = "displayName";
    /** Names a connector of the desired state's own connectors: section by its key (issue 9, item 1). */
    static final String CONNECTOR_KEY = "connector";
    /** Names an extension of the desired state's customExtensions: section by its key. */
    static final String EXTENSION_KEY = "extension";
    private static final List<String> REF_KEYS = List.of(ID_KEY, DISPLAY_NAME_KEY, CONNECTOR_KEY, EXTENSION_KEY);
    /** Words YAML 1.1 tools (and many humans) read as booleans; YAML 1.2 reads them as strings. */
    private static final Pattern YAML11_BOOLEAN = Pattern.compile("yes|Yes|YES|no|No|NO|on|On|ON|off|Off|OFF");

    private final FileProblems problems;

    StepValueParser(FileProblems problems) {
        this.problems = problems;
    }

    /** What a step's value says: {@code connector} is empty for an explicit null (the step must call no connector). */
    record StepValue(Optional<ConnectorRef> connector) {
    }

    /** Empty when the value was reported as a problem. */
    Optional<StepValue> parse(Node value) {
        if (value.getAnchor().isPresent()) {
            return Optional.empty(); // already reported by RefusedFeatureWatcher
        }
        if (NodeKinds.isEmptyValue(value)) {
            problems.add(value, "empty value: write null to unbind the step, or name a connector");
            return Optional.empty();
        }
        if (NodeKinds.isNull(value)) {
            return Optional.of(new StepValue(Optional.empty()));
        }
        if (value instanceof ScalarNode scalar) {
            return text(scalar, "a connector displayName")
                    .map(name -> new StepValue(Optional.of(new ConnectorRef.ByDisplayName(name))));
        }
        if (value instanceof MappingNode mapping) {
            return reference(mapping).map(ref -> new StepValue(Optional.of(ref)));
        }
        problems.add(value, EXPECTED + ", not a " + NodeKinds.describe(value));
        return Optional.empty();
    }

    private Optional<ConnectorRef> reference(MappingNode mapping) {
        List<MappingEntries.Entry> entries = MappingEntries.of(mapping, problems);
        boolean valid = !mapping.getValue().isEmpty();
        if (!valid) {
            problems.add(mapping, EXPECTED + ", not an empty mapping");
        }
        for (MappingEntries.Entry entry : entries) {
            if (!REF_KEYS.contains(entry.key())) {
                problems.add(entry.keyNode(), "unknown key '" + Excerpt.of(entry.key()) + "' in a connector reference: "
                        + EXPECTED
                        + "." + Suggestions.didYouMean(entry.key(), REF_KEYS));
                valid = false;
            }
        }
        List<MappingEntries.Entry> refEntries = entries.stream().filter(e -> REF_KEYS.contains(e.key())).toList();
        if (refEntries.size() >= 2) {
            problems.add(refEntries.get(1).keyNode(),
                    "name the connector by id or by displayName, not both (nor with {connector: key}): " + EXPECTED);
            valid = false;
        }
        if (!valid || entries.size() != 1) {
            return Optional.empty(); // a duplicate key was reported by MappingEntries
        }
        MappingEntries.Entry entry = entries.get(0);
        Function<String, ConnectorRef> ref = switch (entry.key()) {
            case ID_KEY -> ConnectorRef.ById::new;
            case CONNECTOR_KEY -> ConnectorRef.ByKey::new;
            case EXTENSION_KEY -> ConnectorRef.ByExtensionKey::new;
            default -> ConnectorRef.ByDisplayName::new;
        };
        String what = CONNECTOR_KEY.equals(entry.key()) ? "the connector's key"
                : EXTENSION_KEY.equals(entry.key()) ? "the extension's key" : "the connector's " + entry.key();
        return text(entry.value(), what).map(ref);
    }

    /** A non-blank string, trimmed; explains how to write it when YAML read it as something else. */
    private Optional<String> text(Node node, String what) {
        if (node.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar)) {
            problems.add(node, what + " must be a string, not a " + NodeKinds.describe(node));
            return Optional.empty();
        }
        String value = scalar.getValue();
        if (value.length() > DesiredStateFormat.MAX_VALUE_CHARS) {
            problems.add(node, what + " '" + Excerpt.of(value) + "' is " + value.codePointCount(0, value.length())
                    + " characters long; a value is at most " + DesiredStateFormat.MAX_VALUE_CHARS + " characters");
            return Optional.empty();
        }
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            problems.add(node, what + " is missing; to unbind the step write the step's value as null");
            return Optional.empty();
        }
        if (Tag.BOOL.equals(tag) || Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            String kind = Tag.BOOL.equals(tag) ? "a boolean" : "a number";
            problems.add(node, "YAML reads " + Excerpt.of(value) + " as " + kind + ", not as " + what + ": a name that "
                    + "looks like " + kind + " must be quoted (\"" + Excerpt.of(value) + "\"); " + EXPECTED);
            return Optional.empty();
        }
        if (Tag.ENV_TAG.equals(tag)) {
            problems.add(node, "'" + Excerpt.of(value) + "' looks like an environment variable, which the desired state "
                    + "does not expand; quote it if it is the connector's literal name");
            return Optional.empty();
        }
        if (!Tag.STR.equals(tag)) {
            problems.add(node, "YAML tag " + Excerpt.of(tag.getValue()) + " is not supported here: " + EXPECTED);
            return Optional.empty();
        }
        if (scalar.isPlain() && YAML11_BOOLEAN.matcher(value).matches()) {
            problems.add(node, "'" + value + "' reads as a boolean in YAML 1.1 tools; quote it (\"" + value
                    + "\") if it is " + what);
            return Optional.empty();
        }
        if (value.isBlank()) {
            problems.add(node, what + " must not be blank; to unbind the step write null");
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }
}
