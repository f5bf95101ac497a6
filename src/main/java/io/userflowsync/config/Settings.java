package io.userflowsync.config;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The agent's settings, resolved once. Precedence, highest first: command-line {@code --set key=value} overrides,
 * environment variables, the properties file, the defaults in {@link Setting}.
 */
public final class Settings {
    private final Map<Setting, String> values;
    /** The {@link TenantSetting} family's values of the tenants {@code sync.tenants} lists, by full key. */
    private final Map<String, String> tenantValues;
    /** The environment the settings were resolved from: where {@code env:} references read (settings, connectors). */
    private final Map<String, String> environment;
    /** Set in a tenant's view: missing settings are then named by their per-tenant key. */
    private final Optional<String> tenant;

    private Settings(Map<Setting, String> values, Map<String, String> tenantValues,
                     Map<String, String> environment, Optional<String> tenant) {
        this.values = values;
        this.tenantValues = tenantValues;
        this.environment = environment;
        this.tenant = tenant;
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
        List<String> tenants = tenantNames(Optional.ofNullable(values.get(Setting.TENANTS)));
        checkTenantKeys(tenants, overrides.keySet(), "--set");
        checkTenantKeys(tenants, file.stringPropertyNames(), "--config");
        Map<String, String> tenantValues = new HashMap<>();
        for (String name : tenants) {
            for (TenantSetting t : TenantSetting.values()) {
                String v = overrides.get(t.key(name));
                if (v == null) {
                    v = environment.get(t.envName(name));
                }
                if (v == null) {
                    v = file.getProperty(t.key(name));
                }
                if (v != null && !v.isBlank()) {
                    tenantValues.put(t.key(name), v.trim());
                }
            }
        }
        Map<String, String> env = Map.copyOf(environment);
        return new Settings(values, tenantValues, env, Optional.empty());
    }

    /** {@code sync.tenants}, split; a name that cannot be part of a key is refused, as is a name given twice. */
    private static List<String> tenantNames(Optional<String> value) {
        List<String> names = new ArrayList<>();
        for (String name : value.map(v -> v.split(",", -1)).orElse(new String[0])) {
            String trimmed = name.trim();
            if (!TenantSetting.TENANT_NAME.matcher(trimmed).matches()) {
                throw new SettingsException("setting " + Setting.TENANTS.key() + ": tenant name '" + trimmed
                        + "' is not valid: use lower-case letters, digits and '-' (at most 40, starting with a letter"
                        + " or digit), as it becomes part of setting keys and environment variable names");
            }
            if (names.contains(trimmed)) {
                throw new SettingsException("setting " + Setting.TENANTS.key() + " lists tenant '" + trimmed + "' twice");
            }
            names.add(trimmed);
        }
        return List.copyOf(names);
    }

    /** A per-tenant key for a tenant {@code sync.tenants} does not list is a typo in the name, or a forgotten name. */
    private static void checkTenantKeys(List<String> tenants, Collection<String> keys, String given) {
        List<String> problems = keys.stream().sorted()
                .flatMap(key -> TenantSetting.parse(key).stream()
                        .filter(k -> !tenants.contains(k.tenant()))
                        .map(k -> key + " (given with " + given + ") names tenant '" + k.tenant() + "', which "
                                + Setting.TENANTS.key() + " does not list" + (tenants.isEmpty() ? ""
                                : " (it lists " + String.join(", ", tenants) + ")")))
                .toList();
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("\n", problems));
        }
    }

    /** The tenants {@code sync.tenants} lists, in its order; empty for a single-tenant agent. */
    public List<String> tenants() {
        return tenantNames(Optional.ofNullable(values.get(Setting.TENANTS)));
    }

    /**
     * A tenant's view: every setting as here, except that the {@link TenantSetting} family replaces the sign-in
     * settings, so the Graph client and credentials of a tenant are built by the same code as a single tenant's.
     * A secret may be given as a reference, {@code env:NAME} or {@code file:PATH}, read when it is asked for.
     */
    public Settings forTenant(String name) {
        if (!tenants().contains(name)) {
            throw new SettingsException("tenant '" + name + "' is not one of " + Setting.TENANTS.key()
                    + (tenants().isEmpty() ? " (none set)" : " (" + String.join(", ", tenants()) + ")"));
        }
        Map<Setting, String> view = new EnumMap<>(values);
        for (TenantSetting t : TenantSetting.values()) {
            Optional<String> own = Optional.ofNullable(tenantValues.get(t.key(name)));
            if (own.isPresent()) {
                // A secret reference stays a reference until the secret is asked for: validate needs no credential.
                view.put(t.global(), own.get());
            } else if (!t.fallsBackToGlobal()) {
                view.remove(t.global());
            }
        }
        // A revision valid for one tenant may be invalid for another: each keeps its own clone and last good
        // revision, so one tenant's fallback never becomes another's.
        Optional.ofNullable(values.get(Setting.GIT_WORK_DIR))
                .ifPresent(dir -> view.put(Setting.GIT_WORK_DIR, dir + "/tenants/" + name));
        return new Settings(view, Map.of(), environment, Optional.of(name));
    }

    private String dereference(String key, String value) {
        if (value.startsWith("env:")) {
            String variable = value.substring("env:".length());
            return Optional.ofNullable(environment.get(variable)).filter(v -> !v.isBlank())
                    .orElseThrow(() -> new SettingsException("setting " + key + " refers to environment variable "
                            + variable + ", which is not set or empty"));
        }
        if (value.startsWith("file:")) {
            Path path = Path.of(value.substring("file:".length()));
            try {
                String text = Files.readString(path, StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw new SettingsException("setting " + key + " refers to file " + path + ", which is empty");
                }
                return text;
            } catch (IOException e) {
                // the exception's class only: its message is not ours to vouch for
                throw new SettingsException("setting " + key + " refers to file " + path + ", which cannot be read ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
        return value;
    }

    /** The tenant this view is of; empty for the agent's own settings. */
    public Optional<String> tenant() {
        return tenant;
    }

    /**
     * Reads the {@code --config} file (UTF-8; a byte order mark is fine). Anything wrong with it, a missing file or a
     * key that is no setting (docs/settings.md), is a {@link SettingsException} that names the file and line.
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

    private SettingsException missing(Setting s) {
        Optional<TenantSetting> family = tenant.flatMap(name -> TenantSetting.byGlobal(s));
        if (family.isPresent()) {
            String name = tenant.orElseThrow();
            return new SettingsException("setting " + family.get().key(name) + " (environment variable "
                    + family.get().envName(name) + ") is required for tenant '" + name + "'");
        }
        return new SettingsException("setting " + s.key() + " (environment variable " + s.envName() + ") is required");
    }

    public Optional<Secret> secret(Setting s) {
        if (!s.secret()) {
            throw new IllegalArgumentException(s.key() + " is not a secret");
        }
        Optional<TenantSetting> family = tenant.flatMap(name -> TenantSetting.byGlobal(s));
        if (family.isPresent()) {
            String key = family.get().key(tenant.orElseThrow());
            return Optional.ofNullable(values.get(s)).map(v -> Secret.of(dereference(key, v)));
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
