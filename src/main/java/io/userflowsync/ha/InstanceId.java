package io.userflowsync.ha;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;

/**
 * The name this process goes by in the User-Agent of its Graph requests, {@code /status}, the metrics and the
 * election: {@code sync.instance-id}, else {@code HOSTNAME-PID}, so that the simulator's request log (and Microsoft's
 * sign-in logs) can tell two writers apart. Under Kubernetes the pod name, which is what the Lease names.
 */
final class InstanceId {
    private InstanceId() {
    }

    static String hostAndPid(Map<String, String> environment) {
        String host = Optional.ofNullable(environment.get("HOSTNAME")).filter(h -> !h.isBlank()).orElseGet(() -> {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (Exception e) {
                return "unknown-host";
            }
        });
        return host + "-" + ProcessHandle.current().pid();
    }
}
