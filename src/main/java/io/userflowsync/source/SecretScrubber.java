package io.userflowsync.source;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers the secret values handed to JGit so that any message built from a JGit or IO exception can be cleaned
 * before it reaches a log or a caller. A second line of defence: secrets are never put into URLs in the first place.
 */
final class SecretScrubber {
    private static final int MIN_LENGTH = 4; // shorter values would mangle ordinary words and hide nothing useful
    private final Set<String> secrets = ConcurrentHashMap.newKeySet();

    String remember(String secret) {
        if (secret != null && secret.length() >= MIN_LENGTH) {
            secrets.add(secret);
        }
        return secret;
    }

    String scrub(String message) {
        if (message == null) {
            return "";
        }
        String result = message;
        for (String secret : secrets) {
            result = result.replace(secret, "***");
        }
        return GitSettings.redact(result);
    }
}
