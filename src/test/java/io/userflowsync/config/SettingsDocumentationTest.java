package io.userflowsync.config;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Settings have one home, the {@link Setting} enum; the documentation's settings tables and
 * {@code config/application.properties} describe it and must agree with it. The tables are in {@code docs/settings.md}
 * and in the topic pages it lists ({@code docs/git.md}, {@code docs/daemon-and-ha.md}, ...): every table with the header
 * {@code | key | environment variable | default | meaning |} in README.md or any {@code docs/*.md} counts, so a page
 * added later documents its settings where its topic is. The parsing below accepts every row style the pages use,
 * including {@code `a-env` / `-file`} and {@code `a.host` / `a.port`}.
 */
class SettingsDocumentationTest {
    private static final Path README = Path.of("README.md");
    private static final Path DOCS = Path.of("docs");
    private static final String TABLES = " times in the settings tables of README.md and docs/*.md";
    private static final Path PROPERTIES = Path.of("config/application.properties");
    private static final List<String> HEADER = List.of("key", "environment variable", "default", "meaning");

    /** One setting as a documentation row documents it; default empty when the row gives prose such as "(none)". */
    record Documented(String key, String envName, Optional<String> defaultValue, String row) {
    }

    /** One key line of application.properties, active or commented out ({@code #key = value}). */
    record PropertyLine(int line, String key, String value, boolean commented) {
    }

    @Test
    void everySettingIsDocumentedOnceInTheDocsWithItsEnvironmentVariableAndDefault() throws IOException {
        List<Documented> rows = documentedSettings();
        Map<String, Long> times = rows.stream().collect(Collectors.groupingBy(Documented::key, Collectors.counting()));

        List<String> problems = new ArrayList<>();
        for (Setting s : Setting.values()) {
            long n = times.getOrDefault(s.key(), 0L);
            if (n != 1) {
                problems.add(s.key() + " is documented " + n + TABLES);
            }
        }
        for (TenantSetting t : TenantSetting.values()) {
            long n = times.getOrDefault(t.familyKey(), 0L);
            if (n != 1) {
                problems.add(t.familyKey() + " is documented " + n + TABLES);
            }
        }
        for (Documented d : rows) {
            if (d.key().contains(TenantSetting.NAME_PLACEHOLDER)) {
                checkFamilyRow(d).ifPresent(problems::add);
                continue;
            }
            Optional<Setting> setting = Setting.byKey(d.key());
            if (setting.isEmpty()) {
                problems.add("the documentation documents " + d.key() + ", which is no Setting: " + d.row());
                continue;
            }
            if (!d.envName().equals(setting.get().envName())) {
                problems.add(d.key() + ": the documentation says environment variable " + d.envName() + ", the code reads "
                        + setting.get().envName());
            }
            Optional<String> code = Optional.ofNullable(setting.get().defaultValue());
            if (!d.defaultValue().equals(code)) {
                problems.add(d.key() + ": the documented default is " + d.defaultValue().orElse("(prose: no value)")
                        + ", the code's is " + code.orElse("(none)"));
            }
        }
        assertThat(problems).isEmpty();
    }

    /** A per-tenant row names a member of the family, its environment variable, and no default of its own. */
    private static Optional<String> checkFamilyRow(Documented d) {
        Optional<TenantSetting> member = Arrays.stream(TenantSetting.values())
                .filter(t -> t.familyKey().equals(d.key())).findFirst();
        if (member.isEmpty()) {
            return Optional.of("the documentation documents " + d.key() + ", which is no TenantSetting: " + d.row());
        }
        if (!d.envName().equals(member.get().familyEnvName())) {
            return Optional.of(d.key() + ": the documentation says environment variable " + d.envName() + ", the code reads "
                    + member.get().familyEnvName());
        }
        Optional<String> fallback = member.get().fallsBackToGlobal()
                ? Optional.of(member.get().global().key()) : Optional.empty();
        if (!d.defaultValue().equals(fallback)) {
            return Optional.of(d.key() + ": the documented default is " + d.defaultValue().orElse("(prose: no value)")
                    + ", the code " + fallback.map(k -> "falls back to " + k).orElse("has none"));
        }
        return Optional.empty();
    }

    @Test
    void everyKeyInApplicationPropertiesIsASettingOrCamelsOwnAndShowsTheDefault() throws IOException {
        List<PropertyLine> lines = propertyLines();

        List<String> problems = new ArrayList<>();
        for (PropertyLine p : lines) {
            Optional<Setting> setting = Setting.byKey(p.key());
            if (p.key().startsWith(SettingKeys.CAMEL_PREFIX)) {
                continue;
            }
            if (p.key().contains(TenantSetting.NAME_PLACEHOLDER)) {
                if (Arrays.stream(TenantSetting.values()).noneMatch(t -> t.familyKey().equals(p.key()))) {
                    problems.add(PROPERTIES + ":" + p.line() + ": " + p.key() + " is no TenantSetting");
                } else if (!p.commented() || !p.value().isEmpty()) {
                    problems.add(PROPERTIES + ":" + p.line() + ": " + p.key() + " must be a commented line without a"
                            + " value: a tenant's keys have no default of their own");
                }
                continue;
            }
            if (setting.isEmpty()) {
                problems.add(PROPERTIES + ":" + p.line() + ": " + p.key() + " is neither a Setting nor camel.*");
                continue;
            }
            if (!p.commented()) {
                problems.add(PROPERTIES + ":" + p.line() + ": " + p.key() + " must be commented out: the agent does"
                        + " not read this file for its settings, so an active line would only mislead");
            }
            String expected = Optional.ofNullable(setting.get().defaultValue()).orElse("");
            if (!p.value().equals(expected)) {
                problems.add(PROPERTIES + ":" + p.line() + ": " + p.key() + " shows '" + p.value()
                        + "', the default is '" + expected + "'");
            }
        }
        Map<String, Long> times = lines.stream().collect(Collectors.groupingBy(PropertyLine::key, Collectors.counting()));
        for (Setting s : Setting.values()) {
            if (times.getOrDefault(s.key(), 0L) != 1) {
                problems.add(s.key() + " appears " + times.getOrDefault(s.key(), 0L) + " times in " + PROPERTIES
                        + " (want one commented default line)");
            }
        }
        for (TenantSetting t : TenantSetting.values()) {
            if (times.getOrDefault(t.familyKey(), 0L) != 1) {
                problems.add(t.familyKey() + " appears " + times.getOrDefault(t.familyKey(), 0L) + " times in "
                        + PROPERTIES + " (want one commented line)");
            }
        }
        assertThat(problems).isEmpty();
    }

    @Test
    void theShippedApplicationPropertiesIsAValidConfigFile() throws IOException {
        assertThat(Settings.readFile(PROPERTIES).getProperty("camel.main.name")).isEqualTo("userflow-connector-sync");
    }

    @Test
    void theTableParserReadsEveryRowStyleTheDocsUse() {
        List<String> readme = List.of(
                "| key | environment variable | default | meaning |",
                "|---|---|---|---|",
                "| `sync.policy` | `SYNC_POLICY` | `sync` | `sync` or `upsert-only` (a | in prose) |",
                "| `sync.git.ssh.passphrase-env` / `-file` | `SYNC_GIT_SSH_PASSPHRASE_ENV` / `_FILE` | (none) | where |",
                "| `sync.http.host` / `sync.http.port` | `SYNC_HTTP_HOST` / `SYNC_HTTP_PORT` | `0.0.0.0` / `8080` | server |",
                "",
                "| command | what it does | exit code |",
                "| `validate` | checks | 0 |");

        assertThat(settingRows(readme)).containsExactly(
                new Documented("sync.policy", "SYNC_POLICY", Optional.of("sync"), readme.get(2)),
                new Documented("sync.git.ssh.passphrase-env", "SYNC_GIT_SSH_PASSPHRASE_ENV", Optional.empty(), readme.get(3)),
                new Documented("sync.git.ssh.passphrase-file", "SYNC_GIT_SSH_PASSPHRASE_FILE", Optional.empty(), readme.get(3)),
                new Documented("sync.http.host", "SYNC_HTTP_HOST", Optional.of("0.0.0.0"), readme.get(4)),
                new Documented("sync.http.port", "SYNC_HTTP_PORT", Optional.of("8080"), readme.get(4)));
    }

    @Test
    void thePropertiesParserTellsCommentedSettingsFromProse() {
        List<String> file = List.of("# Prose, e.g. sync.schedule -> SYNC_SCHEDULE = not a key", "#azure.tenant.id =",
                "#sync.schedule = 0 0/5 * * * ?", "", "camel.main.name = x", "!graph.max-attempts=5",
                "#sync.tenants.<name>.azure.client.id =");

        assertThat(propertyLines(file)).containsExactly(new PropertyLine(2, "azure.tenant.id", "", true),
                new PropertyLine(3, "sync.schedule", "0 0/5 * * * ?", true),
                new PropertyLine(5, "camel.main.name", "x", false),
                new PropertyLine(6, "graph.max-attempts", "5", true),
                new PropertyLine(7, "sync.tenants.<name>.azure.client.id", "", true));
    }

    /** The settings rows of README.md and of every page in docs/, in that order. */
    private static List<Documented> documentedSettings() throws IOException {
        List<Path> pages = new ArrayList<>(List.of(README));
        try (var docs = Files.list(DOCS)) {
            docs.filter(p -> p.getFileName().toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<Documented> rows = new ArrayList<>();
        for (Path page : pages) {
            rows.addAll(settingRows(Files.readAllLines(page, StandardCharsets.UTF_8)));
        }
        return rows;
    }

    @Test
    void theSettingsTablesAreInTheDocsPagesNotInTheReadme() throws IOException {
        assertThat(settingRows(Files.readAllLines(README, StandardCharsets.UTF_8))).as("README.md's settings rows")
                .isEmpty();
        assertThat(settingRows(Files.readAllLines(DOCS.resolve("settings.md"), StandardCharsets.UTF_8)))
                .extracting(Documented::key).contains("azure.tenant.id", "sync.desired.path", "graph.endpoint");
    }

    /** The rows of every table whose header is {@code | key | environment variable | default | meaning |}. */
    static List<Documented> settingRows(List<String> lines) {
        List<Documented> rows = new ArrayList<>();
        boolean inTable = false;
        for (String line : lines) {
            if (!line.startsWith("|")) {
                inTable = false;
                continue;
            }
            List<String> cells = cells(line);
            if (cells.equals(HEADER)) {
                inTable = true;
            } else if (inTable && !cells.get(0).startsWith("---")) {
                List<String> keys = alternatives(cells.get(0));
                List<String> envs = alternatives(cells.get(1));
                List<String> defaults = ticked(cells.get(2));
                for (int i = 0; i < keys.size(); i++) {
                    Optional<String> def = defaults.isEmpty() ? Optional.empty()
                            : Optional.of(defaults.get(defaults.size() == 1 ? 0 : i));
                    rows.add(new Documented(keys.get(i), i < envs.size() ? envs.get(i) : "(missing)", def, line));
                }
            }
        }
        return rows;
    }

    /** Splits a table row at the pipes that are outside backticks. */
    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean code = false;
        for (char c : line.substring(1).toCharArray()) {
            if (c == '`') {
                code = !code;
            }
            if (c == '|' && !code) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (!cell.toString().isBlank()) {
            cells.add(cell.toString().trim());
        }
        return cells;
    }

    /** {@code `a-env` / `-file`} → a-env, a-file; {@code `X_ENV` / `_FILE`} → X_ENV, X_FILE; {@code `a` / `b`} → a, b. */
    private static List<String> alternatives(String cell) {
        List<String> out = new ArrayList<>();
        for (String t : ticked(cell)) {
            char first = t.charAt(0);
            if (!out.isEmpty() && (first == '-' || first == '_' || first == '.')) {
                String previous = out.get(out.size() - 1);
                out.add(previous.substring(0, previous.lastIndexOf(first)) + t);
            } else {
                out.add(t);
            }
        }
        return out;
    }

    private static List<String> ticked(String cell) {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("`([^`]+)`").matcher(cell);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static List<PropertyLine> propertyLines() throws IOException {
        return propertyLines(Files.readAllLines(PROPERTIES, StandardCharsets.UTF_8));
    }

    // A commented setting is '#' or '!' directly followed by a key and '='; prose comments have a blank after '#'.
    private static final Pattern KEY_LINE = Pattern.compile("^([#!]?)([a-z][a-z0-9.\\-]*(?:<name>[a-z0-9.\\-]*)?)\\s*=\\s*(.*)$");

    static List<PropertyLine> propertyLines(List<String> lines) {
        List<PropertyLine> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = KEY_LINE.matcher(lines.get(i).strip());
            if (m.matches()) {
                out.add(new PropertyLine(i + 1, m.group(2), m.group(3).strip(), !m.group(1).isEmpty()));
            }
        }
        return out;
    }

    @Test
    void everySettingKeyIsLowerCaseDottedAndUnique() {
        assertThat(Arrays.stream(Setting.values()).map(Setting::key))
                .allMatch(k -> k.matches("[a-z][a-z0-9\\-]*(\\.[a-z0-9\\-]+)+")).doesNotHaveDuplicates();
        Map<String, Setting> byEnv = new LinkedHashMap<>();
        for (Setting s : Setting.values()) {
            assertThat(byEnv.put(s.envName(), s)).as("two settings share " + s.envName()).isNull();
        }
    }
}
