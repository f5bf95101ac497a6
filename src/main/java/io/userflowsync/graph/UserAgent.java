package io.userflowsync.graph;

import org.apache.camel.CamelContext;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The {@code User-Agent} of every Graph and token request: {@code userflow-connector-sync/VERSION (instance ID)}.
 * With two replicas (sync.ha) the instance id tells writers apart in the simulator's request log and in the
 * tenant's sign-in and audit logs (issue 8 item 4). The runtime puts the id in the Camel context's global options.
 */
public final class UserAgent {
    /** The global option of the Camel context that holds this process's instance id. */
    public static final String INSTANCE_OPTION = "userflowsync.instanceId";
    private static final String PRODUCT = "userflow-connector-sync/" + version();

    private UserAgent() {
    }

    public static String of(CamelContext camel) {
        String instance = camel.getGlobalOption(INSTANCE_OPTION);
        return instance == null ? PRODUCT : PRODUCT + " (instance " + instance + ")";
    }

    private static String version() {
        Properties p = new Properties();
        try (InputStream in = UserAgent.class.getResourceAsStream("/io/userflowsync/cli/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // no version: the product name alone still says who calls
        }
        String v = p.getProperty("version", "");
        return v.isEmpty() || v.startsWith("${") ? "unknown" : v;
    }
}
