package io.userflowsync.config;

/** A setting is missing or malformed: the agent cannot start or run. */
public class SettingsException extends RuntimeException {
    public SettingsException(String message) {
        super(message);
    }
}
