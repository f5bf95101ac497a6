package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.plan.PlanRules;
import io.userflowsync.plan.Policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What plan, apply and run need before Camel starts: a desired state that is there to read, the credentials, a
 * known policy and mode, guard limits that parse. Checked first so that a typo in a path is one clear line at once, not a started (and stopped) Camel
 * context and a failed run (issue 6, item 14). Every problem is reported together.
 */
final class Preflight {
    private Preflight() {
    }

    static void check(Settings settings) {
        check(settings, desiredState(settings));
    }

    /** {@code apply FILE}: the plan file carries the changes, so no desired state is needed. */
    static void checkWithoutDesiredState(Settings settings) {
        check(settings, Optional.empty());
    }

    private static void check(Settings settings, Optional<String> desiredStateProblem) {
        List<String> problems = new ArrayList<>();
        desiredStateProblem.ifPresent(problems::add);
        attempt(problems, () -> settings.required(Setting.TENANT_ID));
        attempt(problems, () -> settings.required(Setting.CLIENT_ID));
        attempt(problems, () -> settings.requiredSecret(Setting.CLIENT_SECRET));
        policy(settings).ifPresent(problems::add);
        problems.addAll(PlanRules.problems(settings));
        if (problems.size() == 1) {
            throw new SettingsException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems.size() + " problems with the settings:\n  "
                    + String.join("\n  ", problems));
        }
    }

    // The Git source checks its own settings when it is built; a local path is checked here.
    private static Optional<String> desiredState(Settings settings) {
        Optional<String> path = settings.optional(Setting.DESIRED_PATH);
        if (path.isEmpty()) {
            return settings.optional(Setting.GIT_URL).isPresent() ? Optional.empty()
                    : Optional.of("no desired state: set " + Setting.DESIRED_PATH.key() + " (--desired PATH, "
                    + Setting.DESIRED_PATH.envName() + ") or " + Setting.GIT_URL.key() + " (--git URL, "
                    + Setting.GIT_URL.envName() + ")");
        }
        Path p = Path.of(path.get());
        String which = "the desired state " + p + " (" + Setting.DESIRED_PATH.key() + ", --desired)";
        if (!Files.exists(p)) {
            return Optional.of(which + " does not exist: give a YAML file or a folder of them");
        }
        if (!Files.isReadable(p)) {
            return Optional.of(which + " cannot be read: permission denied");
        }
        return Optional.empty();
    }

    private static Optional<String> policy(Settings settings) {
        String value = settings.required(Setting.POLICY);
        try {
            Policy.parse(value);
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("setting " + Setting.POLICY.key() + " must be " + Arrays.stream(Policy.values())
                    .map(Policy::settingName).collect(Collectors.joining(" or ")) + ", got '" + value + "'");
        }
    }

    private static void attempt(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (SettingsException e) {
            problems.add(e.getMessage());
        }
    }
}
