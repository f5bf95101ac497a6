package io.userflowsync.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** {@code --version}: the name and version Maven wrote into version.properties when it built the jar. */
final class Version {
    private Version() {
    }

    static String text() {
        Properties p = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // Unreadable: the fallbacks below still name the program.
        }
        String version = p.getProperty("version", "");
        return Usage.PROGRAM + " " + (version.isEmpty() || version.startsWith("${") ? "(version unknown)" : version);
    }
}
