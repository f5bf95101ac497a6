package io.userflowsync.config;

final class SettingKeys {
    static final String CAMEL_PREFIX = "camel.";
}
