package io.userflowsync.notify;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a receiver reads: the agent's own JSON document, a Slack incoming webhook, or a Teams Workflows webhook. */
public enum NotifyFormat {
    /** {@link JsonPayload}: a documented, versioned document for any HTTP receiver. */
    JSON,
    /** {@link SlackPayload}: a Slack incoming webhook ({@code text} plus Block Kit blocks). */
    SLACK,
    /** {@link TeamsPayload}: a Teams Workflows webhook ("Send webhook alerts to a channel") with an Adaptive Card. */
    TEAMS;

    /** The name in settings and in the {@code format} label of the metric. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<NotifyFormat> byLabel(String label) {
        return Arrays.stream(values()).filter(f -> f.label().equals(label)).findFirst();
    }

    /** {@code json, slack or teams} */
    static String choices() {
        String all = Arrays.stream(values()).map(NotifyFormat::label).collect(Collectors.joining(", "));
        int last = all.lastIndexOf(", ");
        return all.substring(0, last) + " or " + all.substring(last + 2);
    }
}
