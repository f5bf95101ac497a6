package io.userflowsync.notify;

import java.net.URI;
import java.util.Objects;

/**
 * One receiver of notifications. Its URL is a secret (a Slack or Teams webhook URL lets anyone who has it post to
 * the channel), so {@link #toString()} and {@link #describe()} give only the format, the entry's position in
 * {@code sync.notify.url} and the host: that is all a log line ever names.
 *
 * @param position 1-based place in {@code sync.notify.url}
 */
public record NotifyTarget(NotifyFormat format, URI uri, int position) {
    public NotifyTarget {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(uri, "uri");
    }

    /** {@code slack receiver 2 at hooks.slack.com} */
    public String describe() {
        return format.label() + " receiver " + position + " at " + uri.getHost() + (uri.getPort() == -1 ? ""
                : ":" + uri.getPort());
    }

    @Override
    public String toString() {
        return describe();
    }
}
