package io.userflowsync.desired;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Says what a node is, in words for error messages, and whether YAML read it as null. */
final class NodeKinds {
    private NodeKinds() {
    }

    static boolean isNull(Node node) {
        return node instanceof ScalarNode && Tag.NULL.equals(node.getTag());
    }

    /** A key with nothing after it ({@code step:}), as opposed to an explicit {@code null} or {@code ~}. */
    static boolean isEmptyValue(Node node) {
        return isNull(node) && ((ScalarNode) node).getValue().isEmpty();
    }

    static String describe(Node node) {
        if (node instanceof MappingNode mapping) {
            return mapping.getValue().isEmpty() ? "empty mapping" : "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        Tag tag = node.getTag();
        String value = ((ScalarNode) node).getValue();
        if (Tag.NULL.equals(tag)) {
            return value.isEmpty() ? "empty value" : "null";
        }
        if (Tag.BOOL.equals(tag)) {
            return "boolean (" + value + ")";
        }
        if (Tag.INT.equals(tag) || Tag.FLOAT.equals(tag)) {
            return "number (" + value + ")";
        }
        return "string";
    }
}
