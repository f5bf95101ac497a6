package io.userflowsync.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's settings, resolved once. Precedence, highest first: command-line {@code --set key=value} overrides,
 * environment variables, the properties file, the defaults in {@link Setting}.
 */
public final class Settings {
    private final Map<Setting, String> values;

    private Settings(Map<Setting, String> values) {
        this.values = values;
    }

    public static Settings resolve(Map<String, String> overrides, Map<String, String> environment, Properties file) {
        Map<Setting, String> values = new EnumMap<>(Setting.class);
        for (Setting s : Setting.values()) {
            String v = overrides.get(s.key());
            if (v == null) {
                v = environment.get(s.envName());
            }
            if (v == null) {
                v = file.getProperty(s.key());
            }
            if (v == null) {
                v = s.defaultValue();
            }
            if (v != null && !v.isBlank()) {
                values.put(s, v.trim());
            }
        }
        return new Settings(values);
    }

    /** Reads a properties file as UTF-8; a missing optional file gives no properties. */
    public static Properties readFile(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        return p;
    }

    public Optional<String> optional(Setting s) {
        if (s.secret()) {
            throw new IllegalArgumentException(s.key() + " is a secret: read it with secret()");
        }
        return Optional.ofNullable(values.get(s));
    }

    public String required(Setting s) {
        return optional(s).orElseThrow(() -> missing(s));
    }

    private static SettingsException missing(Setting s) {
        return new SettingsException("setting " + s.key() + " (environment variable " + s.envName() + ") is required");
    }

    public Optional<Secret> secret(Setting s) {
        if (!s.secret()) {
            throw new IllegalArgumentException(s.key() + " is not a secret");
        }
        return Optional.ofNullable(values.get(s)).map(Secret::of);
    }

    public Secret requiredSecret(Setting s) {
        return secret(s).orElseThrow(() -> missing(s));
    }

    public int integer(Setting s) {
        String v = required(s);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new SettingsException("setting " + s.key() + " must be a whole number, got '" + v + "'");
        }
    }

    public boolean bool(Setting s) {
        String v = required(s);
        if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
            return Boolean.parseBoolean(v);
        }
        throw new SettingsException("setting " + s.key() + " must be true or false, got '" + v + "'");
    }
}
