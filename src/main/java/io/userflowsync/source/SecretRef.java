package io.userflowsync.source;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a secret lives, never the secret itself: the name of an environment variable or the path of a mounted file.
 * The value is read at use time (so a rotated token or re-mounted Kubernetes secret is picked up by the next run)
 * and one trailing newline is trimmed, as files written by {@code echo} or by secret stores usually end with one.
 */
public sealed interface SecretRef {

    /** The secret value; a clear {@link IllegalStateException} (naming where, never what) when it cannot be read. */
    String read();

    static SecretRef env(String variableName) {
        return new Env(variableName);
    }

    static SecretRef file(Path path) {
        return new File(path);
    }

    /** A secret in an environment variable. */
    record Env(String variableName) implements SecretRef {
        public Env {
            Objects.requireNonNull(variableName, "variableName");
            if (variableName.isBlank()) {
                throw new IllegalArgumentException("secret environment variable name is empty");
            }
        }

        @Override
        public String read() {
            String value = System.getenv(variableName);
            if (value == null || value.isEmpty()) {
                throw new IllegalStateException("secret environment variable " + variableName + " is not set or empty");
            }
            return trimNewline(value);
        }

        @Override
        public String toString() {
            return "env:" + variableName;
        }
    }

    /** A secret in a file, e.g. a mounted Kubernetes secret. */
    record File(Path path) implements SecretRef {
        public File {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String read() {
            String value;
            try {
                value = Files.readString(path, StandardCharsets.UTF_8);
            } catch (IOException e) {
                // the exception class and path only: an IOException message cannot hold the content
                throw new IllegalStateException("cannot read secret file " + path + " (" + e.getClass().getSimpleName() + ")");
            }
            String trimmed = trimNewline(value);
            if (trimmed.isEmpty()) {
                throw new IllegalStateException("secret file " + path + " is empty");
            }
            return trimmed;
        }

        @Override
        public String toString() {
            return "file:" + path;
        }
    }

    private static String trimNewline(String value) {
        if (value.endsWith("\r\n")) {
            return value.substring(0, value.length() - 2);
        }
        if (value.endsWith("\n")) {
            return value.substring(0, value.length() - 1);
        }
        return value;
    }
}
