package io.userflowsync.ha;

import io.userflowsync.config.Setting;
import io.userflowsync.config.SettingsException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** {@code sync.ha}: how replicas agree on the one that writes (issue 8 item 4). */
public enum HaMode {
    /** One instance, always the writer: no election. */
    NONE("none"),
    /** camel-file's FileLockClusterService: a lock file on a volume every replica mounts (compose, VMs). */
    FILE("file"),
    /** camel-kubernetes' KubernetesClusterService: a coordination.k8s.io Lease. */
    KUBERNETES("kubernetes");

    private final String settingName;

    HaMode(String settingName) {
        this.settingName = settingName;
    }

    public String settingName() {
        return settingName;
    }

    public static HaMode parse(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.settingName.equals(v)).findFirst()
                .orElseThrow(() -> new SettingsException("setting " + Setting.HA.key() + " must be "
                        + Arrays.stream(values()).map(HaMode::settingName).collect(Collectors.joining(", "))
                        + ", got '" + value + "'"));
    }
}
