package io.userflowsync.connector;

import java.util.Locale;

/** Connector ids are GUIDs, which Graph compares case-insensitively. */
final class Ids {
    private Ids() {
    }

    static String key(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }
}
