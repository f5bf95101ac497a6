package io.userflowsync.desired;

import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the fields of a mapping that describes one managed object (a connector of {@code connectors:}, an extension
 * of {@code customExtensions:}): unknown keys and missing required ones reported with file:line, strings that are
 * strings, https URLs.
 */
final class FieldReader {
    private final FileProblems problems;

    FieldReader(FileProblems problems) {
        this.problems = problems;
    }

    /** The entries whose key is allowed, by key; every other key is reported. */
    Map<String, MappingEntries.Entry> known(MappingNode mapping, List<String> allowed, String where) {
        Map<String, MappingEntries.Entry> fields = new LinkedHashMap<>();
        for (MappingEntries.Entry entry : MappingEntries.of(mapping, problems)) {
            if (allowed.contains(entry.key())) {
                fields.put(entry.key(), entry);
            } else {
                problems.add(entry.keyNode(), "unknown key '" + Excerpt.of(entry.key()) + "' in " + where + "."
                        + Suggestions.didYouMean(entry.key(), allowed) + " The keys are " + String.join(", ", allowed)
                        + ".");
            }
        }
        return fields;
    }

    Optional<MappingEntries.Entry> required(Map<String, MappingEntries.Entry> fields, String key,
                                                    MappingNode mapping, String what) {
        MappingEntries.Entry entry = fields.get(key);
        if (entry == null && !mentions(mapping, key)) {
            problems.add(mapping, what + " is missing ('" + key + ":')");
        }
        return Optional.ofNullable(entry);
    }

    /**
     * Graph calls an API connector or a custom authentication extension over HTTPS only (the Entra External ID
     * pages on API connectors and custom extensions require an HTTPS endpoint); refusing anything else here saves a round trip that Graph would refuse with 400.
     */
    Optional<String> httpsUrl(String url, Node node, String what) {
        try {
            URI uri = new URI(url);
            if ("https".equals(Optional.ofNullable(uri.getScheme()).map(s -> s.toLowerCase(Locale.ROOT)).orElse(""))
                    && uri.getHost() != null && uri.getUserInfo() == null) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        problems.add(node, what + " must be an absolute https:// URL without user info, not '"
                + Excerpt.of(url) + "'");
        return Optional.empty();
    }

    Optional<String> text(Node node, String what) {
        if (node.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(scalar.getTag())) {
            String described = NodeKinds.describe(node);
            problems.add(node, what + " must be a string, not a" + ("aeiou".indexOf(described.charAt(0)) >= 0 ? "n " : " ")
                    + described + (node instanceof ScalarNode s && !Tag.NULL.equals(s.getTag())
                    ? " (quote it)" : ""));
            return Optional.empty();
        }
        String value = scalar.getValue();
        if (value.length() > DesiredStateFormat.MAX_VALUE_CHARS) {
            problems.add(node, what + " is " + value.codePointCount(0, value.length()) + " characters long; a value "
                    + "is at most " + DesiredStateFormat.MAX_VALUE_CHARS + " characters");
            return Optional.empty();
        }
        if (value.isBlank()) {
            problems.add(node, what + " must not be blank");
            return Optional.empty();
        }
        return Optional.of(value.strip());
    }

    static boolean mentions(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode s && key.equals(s.getValue()));
    }
}
