package io.userflowsync.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The {@code teams} notification: a message with one Adaptive Card (schema 1.4) for a Teams Workflows webhook (the
 * "Send webhook alerts to a channel" template; Office 365 connectors and their MessageCard are being retired, and
 * Workflows post Adaptive Cards). The wrapper is the one Teams documents for cards sent to a webhook:
 * {@code {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive","contentUrl":null,
 * "content":{AdaptiveCard}}]}}. At most {@link EventText#CHAT_CHANGES} changes are listed, each in its own TextBlock,
 * which keeps a message well under Teams' 28 KB.
 */
public final class TeamsPayload {
    static final String CARD_VERSION = "1.4";
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private TeamsPayload() {
    }

    public static ObjectNode render(RunEvent event, AgentInfo agent) {
        ObjectNode root = JSON.objectNode();
        root.put("type", "message");
        ObjectNode attachment = root.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", CARD_VERSION);
        ArrayNode body = card.putArray("body");
        ObjectNode title = textBlock(EventText.title(event));
        title.put("weight", "Bolder");
        title.put("size", "Medium");
        title.put("color", color(event.kind()));
        body.add(title);
        body.add(textBlock(event.result().reason()));
        ObjectNode facts = body.addObject();
        facts.put("type", "FactSet");
        ArrayNode list = facts.putArray("facts");
        fact(list, "Result", event.result().outcome().label());
        EventText.revision(event.run()).ifPresent(r -> fact(list, "Revision", r));
        fact(list, "Mode", JsonPayload.mode(event.run()));
        fact(list, "Agent", agent.name() + " " + agent.version() + " on " + agent.instance());
        fact(list, "Finished", event.finishedAt().toString());
        lines(body, "Changes", EventText.changeLines(event.run()));
        lines(body, "Problems", EventText.problemLines(event.run()));
        card.putObject("msteams").put("width", "Full");
        return root;
    }

    /** A heading and one monospace TextBlock per line (Teams does not break lines inside one reliably). */
    private static void lines(ArrayNode body, String heading, List<String> lines) {
        if (lines.isEmpty()) {
            return;
        }
        ObjectNode title = textBlock(heading);
        title.put("weight", "Bolder");
        title.put("separator", true);
        body.add(title);
        for (String line : lines) {
            ObjectNode block = textBlock(line);
            block.put("fontType", "Monospace");
            block.put("spacing", "None");
            body.add(block);
        }
    }

    private static ObjectNode textBlock(String text) {
        ObjectNode block = JSON.objectNode();
        block.put("type", "TextBlock");
        block.put("text", text);
        block.put("wrap", true);
        return block;
    }

    private static void fact(ArrayNode facts, String title, String value) {
        ObjectNode fact = facts.addObject();
        fact.put("title", title);
        fact.put("value", value);
    }

    /** Adaptive Card colours: green for good news, orange for drift and fallbacks, red for failures. */
    private static String color(EventKind kind) {
        return switch (kind) {
            case APPLIED, RECOVERED -> "Good";
            case DRIFT, FALLBACK -> "Warning";
            case FAILURE -> "Attention";
        };
    }
}
