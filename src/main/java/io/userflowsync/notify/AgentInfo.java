package io.userflowsync.notify;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Which agent sent a notification: the program, its version and the instance (the pod or host name), so a channel
 * that hears from several agents, or from two replicas, can tell them apart. Names only, no tenant.
 */
public record AgentInfo(String name, String version, String instance) {
    public static final String NAME = "userflow-connector-sync";

    /** This process: the version Maven wrote into the jar, the instance from {@code HOSTNAME} (a pod's name). */
    public static AgentInfo current(Map<String, String> environment) {
        return new AgentInfo(NAME, builtVersion(), instance(environment));
    }

    private static String builtVersion() {
        Properties p = new Properties();
        try (InputStream in = AgentInfo.class.getResourceAsStream("/io/userflowsync/cli/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // unreadable: the version is unknown, which the payload says
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }

    private static String instance(Map<String, String> environment) {
        return Optional.ofNullable(environment.get("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (IOException e) {
                return "unknown";
            }
        });
    }
}
