package io.userflowsync.ha;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The election's settings, checked before Camel starts. Lease timings follow client-go's leader election (and
 * Camel's KubernetesClusterService defaults): a leader renews every retry period, gives up when it could not renew
 * for the renew deadline, and is replaced once silent for the lease duration.
 *
 * @param instanceId    this process's name (User-Agent, status, metrics; the pod name under Kubernetes)
 * @param group         names the lock: the folder under the file root, the Lease's name prefix
 * @param fileRoot      {@code sync.ha.file-root}, present for {@link HaMode#FILE}
 * @param namespace     the Kubernetes namespace of the Lease (present for {@link HaMode#KUBERNETES})
 * @param podLabels     the labels that select this Deployment's pods (empty: every pod of the namespace)
 * @param applyWait     how long {@code apply} waits for the leader to step down before refusing
 */
public record HaSettings(HaMode mode, String instanceId, String group, Optional<Path> fileRoot,
                         Duration leaseDuration, Duration renewDeadline, Duration retryPeriod,
                         Optional<String> namespace, Map<String, String> podLabels, Duration applyWait) {

    /** Camel's KubernetesClusterService default: a retry period is stretched by up to this factor at random. */
    static final double JITTER = 1.2;
    private static final Path SERVICE_ACCOUNT_NAMESPACE =
            Path.of("/var/run/secrets/kubernetes.io/serviceaccount/namespace");

    public static HaSettings from(Settings settings) {
        return from(settings, System.getenv(), SERVICE_ACCOUNT_NAMESPACE);
    }

    static HaSettings from(Settings settings, Map<String, String> environment, Path serviceAccountNamespace) {
        HaMode mode = HaMode.parse(settings.required(Setting.HA));
        Duration lease = seconds(settings, Setting.HA_LEASE_DURATION_SECONDS);
        Duration renew = seconds(settings, Setting.HA_RENEW_DEADLINE_SECONDS);
        Duration retry = seconds(settings, Setting.HA_RETRY_PERIOD_SECONDS);
        // The same order KubernetesClusterService checks (lease > renew > jitter * retry), said in our settings' names
        // and checked for the file lock too, so that switching modes never turns valid settings invalid.
        if (lease.compareTo(renew) <= 0) {
            throw new SettingsException(Setting.HA_LEASE_DURATION_SECONDS.key() + " (" + lease.toSeconds()
                    + ") must be greater than " + Setting.HA_RENEW_DEADLINE_SECONDS.key() + " (" + renew.toSeconds() + ")");
        }
        if (renew.toMillis() <= JITTER * retry.toMillis()) {
            throw new SettingsException(Setting.HA_RENEW_DEADLINE_SECONDS.key() + " (" + renew.toSeconds()
                    + ") must be greater than " + JITTER + " times " + Setting.HA_RETRY_PERIOD_SECONDS.key() + " ("
                    + retry.toSeconds() + ")");
        }
        Optional<Path> root = settings.optional(Setting.HA_FILE_ROOT).map(Path::of);
        if (mode == HaMode.FILE && root.isEmpty()) {
            throw new SettingsException(Setting.HA.key() + "=file needs " + Setting.HA_FILE_ROOT.key() + " ("
                    + Setting.HA_FILE_ROOT.envName() + "): a folder on a volume every replica mounts");
        }
        Optional<String> namespace = Optional.empty();
        String instance;
        if (mode == HaMode.KUBERNETES) {
            // The downward API's usual names (the Deployment in deploy/kubernetes sets them), then what a pod always has.
            namespace = settings.optional(Setting.HA_KUBERNETES_NAMESPACE)
                    .or(() -> nonBlank(environment.get("POD_NAMESPACE")))
                    .or(() -> read(serviceAccountNamespace));
            if (namespace.isEmpty()) {
                throw new SettingsException(Setting.HA.key() + "=kubernetes needs the namespace of the Lease: set "
                        + Setting.HA_KUBERNETES_NAMESPACE.key() + " (" + Setting.HA_KUBERNETES_NAMESPACE.envName()
                        + ") or POD_NAMESPACE (the downward API's metadata.namespace)");
            }
            // The Lease names its holder by pod name, and Camel counts only running, ready pods of that name as members.
            instance = settings.optional(Setting.HA_KUBERNETES_POD_NAME)
                    .or(() -> nonBlank(environment.get("POD_NAME")))
                    .or(() -> nonBlank(environment.get("HOSTNAME")))
                    .orElseThrow(() -> new SettingsException(Setting.HA.key() + "=kubernetes needs the pod's name: set "
                            + Setting.HA_KUBERNETES_POD_NAME.key() + " or POD_NAME (the downward API's metadata.name)"));
        } else {
            instance = settings.optional(Setting.INSTANCE_ID).orElseGet(() -> InstanceId.hostAndPid(environment));
        }
        return new HaSettings(mode, instance, settings.required(Setting.HA_GROUP), root, lease, renew, retry, namespace,
                labels(settings.optional(Setting.HA_KUBERNETES_POD_LABELS)), seconds(settings, Setting.HA_WAIT_SECONDS));
    }

    /** The same instance, taking no part in an election (plan, validate). */
    public HaSettings withoutElection() {
        return new HaSettings(HaMode.NONE, instanceId, group, fileRoot, leaseDuration, renewDeadline, retryPeriod,
                namespace, podLabels, applyWait);
    }

    public boolean enabled() {
        return mode != HaMode.NONE;
    }

    private static Duration seconds(Settings settings, Setting s) {
        int n = settings.integer(s);
        if (n < 0 || (n == 0 && s != Setting.HA_WAIT_SECONDS)) {
            throw new SettingsException("setting " + s.key() + " must be a positive number of seconds, got " + n);
        }
        return Duration.ofSeconds(n);
    }

    /** {@code app.kubernetes.io/name=userflow-connector-sync,tier=sync} */
    static Map<String, String> labels(Optional<String> value) {
        Map<String, String> labels = new LinkedHashMap<>();
        value.ifPresent(v -> {
            for (String pair : v.split(",")) {
                int eq = pair.indexOf('=');
                if (eq <= 0) {
                    throw new SettingsException("setting " + Setting.HA_KUBERNETES_POD_LABELS.key()
                            + " takes name=value pairs separated by commas, got '" + pair.trim() + "'");
                }
                labels.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        });
        return Map.copyOf(labels);
    }

    private static Optional<String> nonBlank(String s) {
        return Optional.ofNullable(s).map(String::trim).filter(v -> !v.isEmpty());
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isReadable(file) ? nonBlank(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
