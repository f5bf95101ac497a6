package io.userflowsync.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
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
    /** The environment the settings were resolved from: where a desired state's {@code env:} references read. */
    private final Map<String, String> environment;

    private Settings(Map<Setting, String> values, Map<String, String> environment) {
        this.values = values;
        this.environment = environment;
    }

    /**
     * The process environment these settings were read from (the CLI's, {@code System.getenv()} in production), for
     * what reads secrets by {@code env:NAME} reference (connectors as code, issue 9 item 1).
     */
    public Map<String, String> environment() {
        return environment;
    }

    /** Refuses an override key that is no setting; the environment and the file are not checked here. */
    public static Settings resolve(Map<String, String> overrides, Map<String, String> environment, Properties file) {
        SettingKeys.checkOverrides(overrides.keySet());
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
        return new Settings(values, Map.copyOf(environment));
    }

    /**
     * Reads the {@code --config} file (UTF-8; a byte order mark is fine). Anything wrong with it, a missing file or a
     * key that is no setting (README: Settings), is a {@link SettingsException} that names the file and line.
     */
    public static Properties readFile(Path file) {
        String where = "the settings file " + file + " (given with --config)";
        if (Files.isDirectory(file)) {
            throw new SettingsException(where + " is a folder, not a properties file");
        }
        if (!Files.exists(file)) {
            throw new SettingsException(where + " does not exist");
        }
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new SettingsException(where + " is not UTF-8 text");
        } catch (java.nio.file.AccessDeniedException e) {
            throw new SettingsException(where + " cannot be read: permission denied");
        } catch (IOException e) {
            throw new SettingsException(where + " cannot be read: " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            // Properties.load throws IllegalArgumentException for a malformed unicode escape.
            throw new SettingsException(where + " cannot be read: " + e.getMessage());
        }
        SettingKeys.checkFile(file, text, p);
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
