package io.userflowsync.source;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How the agent authenticates to the Git remote. Only references to secrets are held here ({@link SecretRef}), so
 * {@code toString()} of every variant is safe to log.
 */
public sealed interface GitAuth {

    /** The username sent with a token when none is configured; GitHub and most forges accept any non-empty name. */
    String DEFAULT_TOKEN_USERNAME = "x-access-token";

    static GitAuth none() {
        return new None();
    }

    static GitAuth httpsToken(SecretRef token) {
        return new HttpsToken(DEFAULT_TOKEN_USERNAME, token);
    }

    static GitAuth httpsToken(String username, SecretRef token) {
        return new HttpsToken(username, token);
    }

    static GitAuth httpsPassword(String username, SecretRef password) {
        return new HttpsPassword(username, password);
    }

    static GitAuth ssh(Path privateKey, Optional<SecretRef> passphrase, Path knownHosts) {
        return new Ssh(privateKey, passphrase, Optional.of(knownHosts), true);
    }

    /** Anonymous access (public repositories, file:// remotes). */
    record None() implements GitAuth {
    }

    /** HTTPS with a personal/installation/deploy token sent as the Basic-auth password. */
    record HttpsToken(String username, SecretRef token) implements GitAuth {
        public HttpsToken {
            requireUsername(username);
            Objects.requireNonNull(token, "token");
        }
    }

    /** HTTPS with a username and password (Basic auth). */
    record HttpsPassword(String username, SecretRef password) implements GitAuth {
        public HttpsPassword {
            requireUsername(username);
            Objects.requireNonNull(password, "password");
        }
    }

    /**
     * SSH with a private key. Strict host key checking is on unless explicitly turned off, in which case the
     * known_hosts file may be absent and any host key is accepted (logged at WARN on every fetch).
     */
    record Ssh(Path privateKey, Optional<SecretRef> passphrase, Optional<Path> knownHosts,
               boolean strictHostKeyChecking) implements GitAuth {
        public Ssh {
            Objects.requireNonNull(privateKey, "privateKey");
            Objects.requireNonNull(passphrase, "passphrase");
            Objects.requireNonNull(knownHosts, "knownHosts");
            if (strictHostKeyChecking && knownHosts.isEmpty()) {
                throw new IllegalArgumentException("SSH with strict host key checking needs a known_hosts file;"
                        + " set one, or turn strict host key checking off explicitly");
            }
        }

        /** The same key, accepting any server host key: only for throw-away environments. */
        public Ssh withoutStrictHostKeyChecking() {
            return new Ssh(privateKey, passphrase, knownHosts, false);
        }
    }

    private static void requireUsername(String username) {
        Objects.requireNonNull(username, "username");
        if (username.isBlank()) {
            throw new IllegalArgumentException("Git username is empty");
        }
    }
}
