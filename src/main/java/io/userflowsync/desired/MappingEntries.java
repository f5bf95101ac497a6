package io.userflowsync.desired;

import io.userflowsync.text.Excerpt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The entries of a YAML mapping, keyed by their text. Reports what YAML itself would silently resolve: a key given
 * twice (YAML loaders keep one of them, so a step could vanish unnoticed), keys that are not plain names, and merge
 * keys. Each reported entry is left out, so later checks do not pile more problems on it.
 */
final class MappingEntries {

    record Entry(String key, ScalarNode keyNode, Node value) {
    }

    private MappingEntries() {
    }

    static List<Entry> of(MappingNode mapping, FileProblems problems) {
        List<Entry> entries = new ArrayList<>();
        Map<String, ScalarNode> seen = new HashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            Node keyNode = tuple.getKeyNode();
            if (keyNode.getAnchor().isPresent()) {
                continue; // already reported by RefusedFeatureWatcher
            }
            if (!(keyNode instanceof ScalarNode key)) {
                problems.add(keyNode, "a key must be a plain name, not a " + NodeKinds.describe(keyNode));
                continue;
            }
            if (key.getValue().length() > DesiredStateFormat.MAX_KEY_CHARS) {
                // Refused before anything compares or matches it: no key of the format is anywhere near this long.
                problems.add(key, "key '" + Excerpt.of(key.getValue()) + "' is "
                        + key.getValue().codePointCount(0, key.getValue().length()) + " characters long; a key is at "
                        + "most " + DesiredStateFormat.MAX_KEY_CHARS + " characters (a flow id, a step or a keyword)");
                continue;
            }
            if (key.isPlain() && "<<".equals(key.getValue())) {
                problems.add(key, "merge key '<<': " + RefusedFeatureWatcher.NOT_SUPPORTED);
                continue;
            }
            ScalarNode first = seen.putIfAbsent(key.getValue(), key);
            if (first != null) {
                problems.add(key, "duplicate key '" + Excerpt.of(key.getValue()) + "': it is already set at line "
                        + problems.at(first).line() + "; YAML would keep only one of them, so merge the two");
                continue;
            }
            entries.add(new Entry(key.getValue(), key, tuple.getValueNode()));
        }
        return entries;
    }
}
