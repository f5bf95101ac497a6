package io.userflowsync.trigger;

import io.userflowsync.config.SettingsException;
import org.quartz.CronExpression;

import java.text.ParseException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When the daemon reconciles ({@code sync.schedule}): a simple interval ({@code 30s}, {@code 5m}, {@code 1h30m}) or a
 * Quartz cron expression (six or seven fields, seconds first). Either way the daemon also reconciles once as soon as
 * it starts (the route {@code reconcile-at-start}), instead of showing no runs until the first tick (issue 6, item 6).
 */
public sealed interface Schedule {
    Pattern INTERVAL = Pattern.compile("(?:(\\d{1,5})h)?(?:(\\d{1,5})m)?(?:(\\d{1,6})s)?");

    /** The Camel endpoint URI of the Quartz trigger for this schedule. */
    String quartzUri();

    /** For the start-up log line: {@code every 5m} or {@code cron '0 0/5 * * * ?'}. */
    String describe();

    /** Every {@code period}, the first time at start. */
    record Interval(Duration period, String text) implements Schedule {
        @Override
        public String quartzUri() {
            // The first firing one period from now: the run at start is the at-start route's.
            return "quartz:userflow-connector-sync/reconcile?trigger.repeatCount=-1&trigger.repeatInterval="
                    + period.toMillis() + "&triggerStartDelay=" + period.toMillis();
        }

        @Override
        public String describe() {
            return "every " + text;
        }
    }

    /** A Quartz cron expression. */
    record Cron(String expression) implements Schedule {
        @Override
        public String quartzUri() {
            // Quartz reads '+' in the URI as the spaces between the cron fields.
            return "quartz:userflow-connector-sync/reconcile?cron=" + expression.replace(' ', '+');
        }

        @Override
        public String describe() {
            return "cron '" + expression + "'";
        }
    }

    static Schedule parse(String key, String value) {
        String text = value.trim().replaceAll("\\s+", " ");
        Matcher interval = INTERVAL.matcher(text.toLowerCase(Locale.ROOT));
        if (!text.isEmpty() && interval.matches()) {
            long seconds = part(interval, 1) * 3600 + part(interval, 2) * 60 + part(interval, 3);
            if (seconds < 1) {
                throw new SettingsException("setting " + key + " must be at least 1s, got '" + value + "'");
            }
            return new Interval(Duration.ofSeconds(seconds), text.toLowerCase(Locale.ROOT));
        }
        String[] fields = text.split(" ");
        if (fields.length == 5) {
            throw new SettingsException("setting " + key + " '" + text + "' has 5 fields, but a Quartz cron starts"
                    + " with seconds (6 or 7 fields)" + unixCronHint(fields)
                    + ", or give an interval such as 5m");
        }
        if (fields.length < 6 || fields.length > 7) {
            throw new SettingsException("setting " + key + " must be an interval (30s, 5m, 1h) or a Quartz cron"
                    + " expression (6 or 7 fields, seconds first, e.g. '0 0/5 * * * ?'), got '" + value + "'");
        }
        try {
            CronExpression.validateExpression(text);
        } catch (ParseException e) {
            throw new SettingsException("setting " + key + " is not a valid Quartz cron expression ('" + text + "'): "
                    + e.getMessage());
        }
        return new Cron(text);
    }

    /** A 5-field (Unix) cron says the same in Quartz with a seconds field first and '?' for one of the days. */
    private static String unixCronHint(String[] f) {
        if (f[4].equals("*")) {
            return ": did you mean '0 " + f[0] + " " + f[1] + " " + f[2] + " " + f[3] + " ?'";
        }
        if (f[2].equals("*")) {
            // Quartz numbers the weekdays 1-7 from Sunday, Unix 0-6: only names carry over unchanged.
            return ": did you mean '0 " + f[0] + " " + f[1] + " ? " + f[3] + " " + f[4] + "' (check the day-of-week:"
                    + " Quartz counts 1-7 from Sunday, or use names such as MON-FRI)";
        }
        return "";
    }

    private static long part(Matcher m, int group) {
        return m.group(group) == null ? 0 : Long.parseLong(m.group(group));
    }
}
