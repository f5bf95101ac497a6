package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.SettingsException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What the log on stderr looks like, {@code sync.log.format} (docs/logging.md). */
enum LogFormat {
    /** A line for people: time, level, thread, logger, message. */
    TEXT,
    /** One JSON object per line, for log pipelines (Kubernetes, Loki, Elasticsearch, Cloud Logging). */
    JSON;

    String settingValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<LogFormat> byValue(String value) {
        return Arrays.stream(values()).filter(f -> f.settingValue().equals(value)).findFirst();
    }

    /** The format a setting's value names; anything else is refused by name. */
    static LogFormat of(String value) {
        return byValue(value).orElseThrow(() -> new SettingsException("setting " + Setting.LOG_FORMAT.key()
                + " (environment variable " + Setting.LOG_FORMAT.envName() + ") must be text or json, not '"
                + value + "'"));
    }
}
