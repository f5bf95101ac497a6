package io.userflowsync.review;

import java.util.Locale;
import java.util.Optional;

/** Where the plan comment goes: a GitHub pull request or a GitLab merge request. */
public enum Platform {
    GITHUB("github", "pull request"),
    GITLAB("gitlab", "merge request");

    private final String optionName;
    private final String noun;

    Platform(String optionName, String noun) {
        this.optionName = optionName;
        this.noun = noun;
    }

    public String optionName() {
        return optionName;
    }

    /** "pull request" or "merge request", for messages. */
    public String noun() {
        return noun;
    }

    public static Optional<Platform> named(String name) {
        for (Platform p : values()) {
            if (p.optionName.equals(name.toLowerCase(Locale.ROOT))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
