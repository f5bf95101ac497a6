package io.userflowsync.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.userflowsync.config.SecretScrubber;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The body of a notification in a receiver's format, with every known secret masked as a second line of defence. */
public final class NotificationPayload {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private NotificationPayload() {
    }

    public static ObjectNode render(NotifyFormat format, RunEvent event, AgentInfo agent) {
        return switch (format) {
            case JSON -> JsonPayload.render(event, agent);
            case SLACK -> SlackPayload.render(event, agent);
            case TEAMS -> TeamsPayload.render(event, agent);
        };
    }

    /**
     * The UTF-8 bytes to send. Secrets are never put into a payload (it is built from the run's result, whose texts
     * from Graph and Git are scrubbed already), but a reason quotes text from outside; each string value is scrubbed
     * again here, value by value, so masking can never break the JSON around it.
     */
    public static byte[] bytes(NotifyFormat format, RunEvent event, AgentInfo agent, SecretScrubber scrubber) {
        JsonNode tree = scrub(render(format, event, agent), scrubber);
        try {
            return MAPPER.writeValueAsBytes(tree);
        } catch (JsonProcessingException e) {
            // a tree of plain nodes always serialises; reaching here is a bug
            throw new IllegalStateException("could not serialise the " + format.label() + " notification", e);
        }
    }

    static JsonNode scrub(JsonNode node, SecretScrubber scrubber) {
        if (node.isTextual()) {
            return TextNode.valueOf(scrubber.scrub(node.textValue()));
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            object.fields().forEachRemaining(fields::add);
            fields.forEach(f -> object.set(f.getKey(), scrub(f.getValue(), scrubber)));
            return object;
        }
        if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, scrub(array.get(i), scrubber));
            }
        }
        return node;
    }
}
