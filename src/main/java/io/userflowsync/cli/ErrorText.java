package io.userflowsync.cli;

import io.userflowsync.config.SettingsException;
import org.apache.camel.PropertyBindingException;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one line a user reads after {@code error:} when a command fails: the reason in words, never a Java class name
 * or a stack trace (issue 6, item 9). A failure nobody foresaw says so and points at --verbose, which logs the stack
 * trace for a bug report.
 */
final class ErrorText {
    // "java.lang.IllegalStateException: " as Camel and wrapping exceptions put it into their messages.
    private static final Pattern CLASS_NAME = Pattern.compile(
            "\\b(?:[a-zA-Z_$][\\w$]*\\.)+[A-Z][\\w$]*(?:Exception|Error)\\b:?\\s*|\\b[A-Z][\\w$]*(?:Exception|Error):\\s*");
    static final String VERBOSE_HINT = " (run with --verbose for the details)";

    private ErrorText() {
    }

    /** Settings and file problems the user can fix; anything else is unexpected. */
    static boolean expected(Throwable e) {
        return settingsProblem(e).isPresent() || find(e, PropertyBindingException.class).isPresent()
                || e instanceof IOException;
    }

    static String of(Throwable e, boolean verbose) {
        Optional<SettingsException> settings = settingsProblem(e);
        if (settings.isPresent()) {
            return settings.get().getMessage();
        }
        Optional<PropertyBindingException> camel = find(e, PropertyBindingException.class);
        if (camel.isPresent()) {
            return camelSetting(camel.get());
        }
        if (e instanceof FileSystemException f && f.getFile() != null) {
            String reason = f instanceof NoSuchFileException ? "no such file or folder"
                    : f instanceof AccessDeniedException ? "permission denied"
                    : Optional.ofNullable(f.getReason()).orElse("cannot be read");
            return f.getFile() + ": " + reason;
        }
        String message = message(e);
        if (e instanceof IOException) {
            return message.isEmpty() ? "input or output failed" : message;
        }
        return (message.isEmpty() ? "an unexpected error" : message) + (verbose ? "" : VERBOSE_HINT);
    }

    /** A SettingsException anywhere in the chain: Camel wraps what a listener throws while it starts. */
    private static Optional<SettingsException> settingsProblem(Throwable e) {
        return find(e, SettingsException.class);
    }

    private static <T extends Throwable> Optional<T> find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return Optional.of(type.cast(t));
            }
        }
        return Optional.empty();
    }

    // A camel.* key from the --config file that Camel cannot bind. Camel's own message names the bean's class and
    // echoes the value; the key and the reason are what the user needs.
    private static String camelSetting(PropertyBindingException b) {
        String prefix = b.getOptionPrefix() == null ? "" : b.getOptionPrefix();
        String key = b.getOptionKey() == null ? String.valueOf(b.getPropertyName())
                : prefix.isEmpty() || prefix.endsWith(".") ? prefix + b.getOptionKey() : prefix + "." + b.getOptionKey();
        // The value is not echoed: a camel.* value may be a password.
        return "Camel refused its setting " + key + ": "
                + (b.getCause() == null ? "Camel has no such option" : "the value is not one it takes");
    }

    /** The first message in the chain, without the class names wrapping exceptions put into it. */
    private static String message(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && !m.isBlank()) {
                String stripped = CLASS_NAME.matcher(m).replaceAll("").strip();
                if (!stripped.isEmpty()) {
                    return stripped.lines().findFirst().orElse(stripped);
                }
            }
        }
        return "";
    }
}
