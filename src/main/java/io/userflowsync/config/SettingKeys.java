package io.userflowsync.config;

import io.userflowsync.text.EditDistance;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which keys a user may give. {@code --set} and a {@code --config} file name settings by key, and a key that names no
 * setting is refused by name: {@code --set sync.polcy=upsert-only} used to plan with the default policy (issue 6,
 * item 9). A {@code --config} file may also carry Camel's own settings ({@code camel.*}): Camel Main reads the same
 * file and checks those itself. Environment variables are not checked, because the environment holds everything else
 * too. Values are never echoed: a misspelt key may hold a secret.
 */
final class SettingKeys {
    static final String CAMEL_PREFIX = "camel.";
    private static final String SEE_SETTINGS = "; docs/settings.md lists them all";

    private SettingKeys() {
    }

    /** Refuses {@code --set} keys that are no setting (every problem, one per line). */
    static void checkOverrides(Collection<String> keys) {
        List<String> problems = new ArrayList<>();
        for (String key : keys) {
            if (Setting.byKey(key).isPresent() || TenantSetting.parse(key).isPresent()) {
                continue;
            }
            if (key.startsWith(CAMEL_PREFIX)) {
                problems.add(key + " is Camel's own setting: give it in the --config file, --set takes the agent's"
                        + " settings only");
            } else {
                problems.add("unknown setting '" + key + "' given with --set" + hint(key));
            }
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(String.join("\n", problems));
        }
    }

    /** Refuses keys of a {@code --config} file that are no setting and not Camel's, and keys set twice. */
    static void checkFile(Path file, String text, Properties properties) {
        record Problem(int line, String text, String hint, boolean unknown) {
        }
        List<PropertiesLines.Entry> entries = PropertiesLines.entries(text);
        Map<String, Integer> firstLine = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (PropertiesLines.Entry e : entries) {
            Integer earlier = firstLine.putIfAbsent(e.key(), e.line());
            if (earlier != null) {
                problems.add(new Problem(e.line(), e.key() + " is already set at line " + earlier,
                        "; set each setting once", false));
            }
        }
        for (String key : properties.stringPropertyNames()) {
            if (Setting.byKey(key).isEmpty() && TenantSetting.parse(key).isEmpty() && !key.startsWith(CAMEL_PREFIX)) {
                problems.add(new Problem(firstLine.getOrDefault(key, 0), "unknown setting '" + key + "'", hint(key), true));
            }
        }
        if (problems.isEmpty()) {
            return;
        }
        problems.sort(Comparator.comparingInt(Problem::line));
        String given = " (given with --config)";
        if (problems.size() == 1) {
            Problem p = problems.get(0);
            throw new SettingsException(at(file, p.line()) + p.text() + given + p.hint());
        }
        boolean allUnknown = problems.stream().allMatch(Problem::unknown);
        StringBuilder message = new StringBuilder().append(problems.size())
                .append(allUnknown ? " unknown settings in " : " problems in ").append(file).append(given).append(':');
        problems.forEach(p -> message.append("\n  ").append(at(file, p.line())).append(p.text()).append(p.hint()));
        throw new SettingsException(message.toString());
    }

    private static String at(Path file, int line) {
        return line > 0 ? file + ":" + line + ": " : file + ": ";
    }

    private static String hint(String key) {
        return closest(key).map(k -> ". Did you mean '" + k + "'?").orElse(SEE_SETTINGS);
    }

    // The one place that picks a suggestion; switch to text/Suggestions once the two Suggestions classes are one
    // (issue 6, item 15). A case slip or up to two typos in a dotted key is still clearly meant.
    private static Optional<String> closest(String key) {
        String given = key.toLowerCase(Locale.ROOT);
        return Arrays.stream(Setting.values()).map(Setting::key)
                .filter(k -> EditDistance.between(given, k) <= Math.max(2, k.length() / 6))
                .min(Comparator.comparingInt(k -> EditDistance.between(given, k)));
    }
}
