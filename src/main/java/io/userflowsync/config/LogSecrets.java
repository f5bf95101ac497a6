package io.userflowsync.config;

import java.util.Objects;

/**
 * The secrets the process's log is scrubbed of, every line in either log format (docs/logging.md): at first those of
 * the settings a command resolved, then the agent's one {@link SecretScrubber}, which also learns the secrets read
 * later (Git tokens from files, webhook URLs, access tokens). One per process, as the log is.
 */
public final class LogSecrets {
    private static volatile SecretScrubber current = new SecretScrubber();

    private LogSecrets() {
    }

    public static SecretScrubber current() {
        return current;
    }

    /** From now on the log is scrubbed with {@code scrubber} instead. */
    public static void scrubWith(SecretScrubber scrubber) {
        current = Objects.requireNonNull(scrubber, "scrubber");
    }
}
