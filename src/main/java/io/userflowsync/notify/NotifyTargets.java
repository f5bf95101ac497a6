package io.userflowsync.notify;

import io.userflowsync.config.Secret;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code sync.notify.url} and {@code sync.notify.format}: one or more URLs, comma-separated, each optionally
 * prefixed with its own format ({@code slack:https://hooks.slack.com/...,json:https://ops.example/hook}); the others
 * take {@code sync.notify.format}. A problem names the entry by its position, never its value: the URLs are secrets.
 */
public final class NotifyTargets {
    /** What may be quoted back from a bad entry: a word before its first colon (a scheme or a mistyped format). */
    private static final Pattern QUOTABLE = Pattern.compile("[a-z][a-z0-9+.\\-]{0,15}");

    private NotifyTargets() {
    }

    /** The configured receivers; none when {@code sync.notify.url} is not set. */
    public static List<NotifyTarget> from(Settings settings) {
        String formatName = settings.required(Setting.NOTIFY_FORMAT);
        NotifyFormat format = NotifyFormat.byLabel(formatName.toLowerCase(Locale.ROOT)).orElseThrow(() ->
                new SettingsException("setting " + Setting.NOTIFY_FORMAT.key() + " must be " + NotifyFormat.choices()
                        + ", got '" + formatName + "'"));
        return settings.secret(Setting.NOTIFY_URL).map(Secret::reveal).map(urls -> parse(urls, format))
                .orElse(List.of());
    }

    static List<NotifyTarget> parse(String value, NotifyFormat defaultFormat) {
        List<NotifyTarget> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        int position = 0;
        for (String raw : value.split(",", -1)) {
            String entry = raw.strip();
            if (entry.isEmpty()) {
                continue;   // "a,b," is a trailing comma, not a receiver
            }
            position++;
            NotifyFormat format = defaultFormat;
            String url = entry;
            int colon = entry.indexOf(':');
            if (colon > 0) {
                Optional<NotifyFormat> prefix = NotifyFormat.byLabel(entry.substring(0, colon).toLowerCase(Locale.ROOT));
                if (prefix.isPresent()) {
                    format = prefix.get();
                    url = entry.substring(colon + 1).strip();
                }
            }
            Optional<String> problem = problem(url, position);
            if (problem.isPresent()) {
                problems.add(problem.get());
            } else {
                targets.add(new NotifyTarget(format, URI.create(url), position));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException("setting " + Setting.NOTIFY_URL.key() + ": " + String.join("; ", problems)
                    + " (the value is a secret and is not shown)");
        }
        return List.copyOf(targets);
    }

    private static Optional<String> problem(String url, int position) {
        String which = "entry " + position;
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of(which + " is not a valid URL (a comma inside a URL must be written %2C)");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            String before = url.contains(":") ? url.substring(0, url.indexOf(':')).toLowerCase(Locale.ROOT) : "";
            return Optional.of(which + " must be an https:// (or http://) URL, optionally prefixed with a format ("
                    + NotifyFormat.choices() + ":)" + (QUOTABLE.matcher(before).matches() ? ", not '" + before + ":'" : ""));
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            return Optional.of(which + " has no host");
        }
        return Optional.empty();
    }
}
