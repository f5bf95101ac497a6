package io.userflowsync.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * The {@code slack} notification: a message for a Slack incoming webhook, {@code text} (what notifications and
 * clients without blocks show) plus Block Kit blocks: a header, the result and reason, the revision, the changes in
 * a code block and a context line naming the agent. Slack reads {@code &}, {@code <} and {@code >} as markup
 * ({@code <!channel>} would ping a whole channel), so text from the run is escaped in every mrkdwn field, and cut to
 * Slack's limits (header 150 characters, a section 3,000).
 */
public final class SlackPayload {
    static final int HEADER_MAX = 150;
    static final int SECTION_MAX = 3000;
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SlackPayload() {
    }

    public static ObjectNode render(RunEvent event, AgentInfo agent) {
        String title = EventText.title(event);
        String reason = event.result().reason();
        ObjectNode root = JSON.objectNode();
        // "New drift: 3 changes to make" says its reason already; "Sync failed" does not
        String line = title.contains(reason) ? title : title + ": " + reason;
        root.put("text", cut(escape(line + EventText.revision(event.run()).map(r -> " (" + r + ")").orElse("")),
                SECTION_MAX));
        ArrayNode blocks = root.putArray("blocks");
        ObjectNode header = blocks.addObject();
        header.put("type", "header");
        header.set("text", text("plain_text", cut(title, HEADER_MAX)));
        blocks.add(section(cut("*Result:* `" + event.result().outcome().label() + "` · " + escape(reason), SECTION_MAX)));
        EventText.revision(event.run()).ifPresent(r -> blocks.add(section(cut("*Revision:* " + escape(r), SECTION_MAX))));
        List<String> changes = EventText.changeLines(event.run());
        if (!changes.isEmpty()) {
            blocks.add(section(cut("```" + escape(String.join("\n", changes)) + "```", SECTION_MAX)));
        }
        List<String> problems = EventText.problemLines(event.run());
        if (!problems.isEmpty()) {
            blocks.add(section(cut("*Problems:*\n```" + escape(String.join("\n", problems)) + "```", SECTION_MAX)));
        }
        ObjectNode context = blocks.addObject();
        context.put("type", "context");
        context.putArray("elements").add(text("mrkdwn", cut(escape(EventText.footer(event, agent)), SECTION_MAX)));
        return root;
    }

    private static ObjectNode section(String mrkdwn) {
        ObjectNode section = JSON.objectNode();
        section.put("type", "section");
        section.set("text", text("mrkdwn", mrkdwn));
        return section;
    }

    private static ObjectNode text(String type, String text) {
        ObjectNode node = JSON.objectNode();
        node.put("type", type);
        node.put("text", text);
        return node;
    }

    /** Slack's three control characters, as its formatting reference asks. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String cut(String text, int max) {
        // A code block cut in the middle would leave its ``` unclosed: close it again.
        if (text.length() <= max) {
            return text;
        }
        String end = text.endsWith("```") ? "…```" : "…";
        return text.substring(0, max - end.length()) + end;
    }
}
