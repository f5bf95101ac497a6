package io.userflowsync.deploy;

import io.userflowsync.config.Setting;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files work as written (issue 8 item 6): the Kubernetes manifests and compose.yaml parse, and what
 * they say matches the agent: every environment variable is a setting's (or the Azure SDK's, the downward API's, or
 * one a *_ENV setting points to), the probes ask the management server's health paths on its port, the writable
 * mounts are where the image writes, and the grace period covers the agent's graceful stop.
 */
class DeploymentManifestsTest {
    private static final Path KUBERNETES = Path.of("deploy/kubernetes");
    private static final Path COMPOSE = Path.of("deploy/compose.yaml");
    /** The names the Azure SDK, workload identity and the downward API define, which the agent reads as they are. */
    private static final Set<String> OTHER_NAMES = Set.of("AZURE_TENANT_ID", "AZURE_CLIENT_ID", "AZURE_CLIENT_SECRET",
            "AZURE_AUTHORITY_HOST", "AZURE_FEDERATED_TOKEN_FILE", "AZURE_CLIENT_CERTIFICATE_PATH",
            "AZURE_CLIENT_CERTIFICATE_PASSWORD", "POD_NAME", "POD_NAMESPACE", "HOSTNAME", "JDK_JAVA_OPTIONS");

    @Test
    void theKubernetesManifestsParseAndHoldWhatKustomizationLists() throws IOException {
        List<Map<String, Object>> docs = kubernetes();
        Map<String, Object> kustomization = load(KUBERNETES.resolve("kustomization.yaml")).get(0);

        assertThat(kinds(docs)).containsExactlyInAnyOrder("ServiceAccount", "Role", "RoleBinding", "ConfigMap",
                "Secret", "Deployment", "Service");
        assertThat(list(kustomization, "resources")).map(Object::toString)
                .allSatisfy(f -> assertThat(KUBERNETES.resolve(f)).exists());
    }

    @Test
    void everyEnvironmentVariableInTheManifestsIsOneTheAgentReads() throws IOException {
        List<Map<String, Object>> docs = kubernetes();
        Map<String, Object> container = container(docs);
        List<String> names = new ArrayList<>();
        list(container, "env").forEach(e -> names.add((String) map(e).get("name")));
        names.addAll(map(only(docs, "ConfigMap").get("data")).keySet());
        names.addAll(map(only(docs, "Secret").get("stringData")).keySet());

        assertThat(unknown(names, values(map(only(docs, "ConfigMap").get("data"))))).isEmpty();
        assertThat(names).contains("POD_NAME", "POD_NAMESPACE", "SYNC_HA");
        assertThat(map(only(docs, "ConfigMap").get("data")).get("SYNC_HA")).isEqualTo("kubernetes");
    }

    @Test
    void theProbesAskTheManagementServersHealthOnItsPortAndTheServiceTheWebhookPort() throws IOException {
        List<Map<String, Object>> docs = kubernetes();
        Map<String, Object> container = container(docs);
        Map<String, Integer> ports = new java.util.HashMap<>();
        list(container, "ports").forEach(p -> ports.put((String) map(p).get("name"),
                (Integer) map(p).get("containerPort")));

        assertThat(ports).containsEntry("management", Integer.parseInt(Setting.MANAGEMENT_PORT.defaultValue()))
                .containsEntry("http", Integer.parseInt(Setting.HTTP_PORT.defaultValue()));
        Map<String, Object> live = map(map(container.get("livenessProbe")).get("httpGet"));
        Map<String, Object> ready = map(map(container.get("readinessProbe")).get("httpGet"));
        assertThat(live).containsEntry("path", "/observe/health/live").containsEntry("port", "management");
        assertThat(ready).containsEntry("path", "/observe/health/ready").containsEntry("port", "management");
        Map<String, Object> servicePort = map(list(map(only(docs, "Service").get("spec")), "ports").get(0));
        assertThat(servicePort).containsEntry("targetPort", "http");
    }

    @Test
    void theDeploymentRunsTwoNonRootReplicasOnAReadOnlyRootWithTheWorkDirAndTmpMounted() throws IOException {
        List<Map<String, Object>> docs = kubernetes();
        Map<String, Object> deployment = map(only(docs, "Deployment").get("spec"));
        Map<String, Object> pod = map(map(deployment.get("template")).get("spec"));
        Map<String, Object> container = container(docs);
        Map<String, String> mounts = new java.util.HashMap<>();
        list(container, "volumeMounts").forEach(m -> mounts.put((String) map(m).get("name"),
                (String) map(m).get("mountPath")));
        Map<String, Map<String, Object>> volumes = new java.util.HashMap<>();
        list(pod, "volumes").forEach(v -> volumes.put((String) map(v).get("name"), map(v)));

        assertThat(deployment.get("replicas")).isEqualTo(2);
        assertThat(map(pod.get("securityContext"))).containsEntry("runAsNonRoot", true);
        assertThat(map(container.get("securityContext"))).containsEntry("readOnlyRootFilesystem", true);
        assertThat(mounts).containsEntry("tmp", "/tmp").containsEntry("work", imageWorkDir());
        assertThat(map(volumes.get("tmp").get("emptyDir"))).containsEntry("medium", "Memory");
        assertThat(volumes.get("work")).containsKey("emptyDir");
        assertThat(map(map(container.get("resources")).get("requests"))).containsKeys("cpu", "memory");
        assertThat(((Integer) pod.get("terminationGracePeriodSeconds"))).isGreaterThan(gracefulStopSeconds());
        assertThat(map(map(map(deployment.get("template")).get("metadata")).get("labels")))
                .containsEntry("azure.workload.identity/use", "true");
        assertThat(map(map(only(docs, "ServiceAccount").get("metadata")).get("annotations")))
                .containsKey("azure.workload.identity/client-id");
    }

    @Test
    void theRoleGrantsWhatTheLeaseElectionNeedsAndNothingElse() throws IOException {
        List<Object> rules = list(only(kubernetes(), "Role"), "rules");

        assertThat(rules).hasSize(2);
        Map<String, Object> leases = map(rules.get(0));
        assertThat(list(leases, "apiGroups")).containsExactly("coordination.k8s.io");
        assertThat(list(leases, "resources")).containsExactly("leases");
        assertThat(list(leases, "verbs")).containsExactlyInAnyOrder("get", "list", "watch", "create", "update",
                "patch");
        // Camel's KubernetesClusterService lists the running, ready pods to know the members.
        assertThat(list(map(rules.get(1)), "resources")).containsExactly("pods");
        assertThat(list(map(rules.get(1)), "verbs")).containsExactlyInAnyOrder("get", "list");
    }

    @Test
    void composeRunsTwoReplicasThatShareTheLockFolderAndKeepTheirOwnWorkDirs() throws IOException {
        Map<String, Object> compose = load(COMPOSE).get(0);
        Map<String, Object> services = map(compose.get("services"));
        List<String> replicas = services.keySet().stream().filter(n -> !n.equals("simulator")).toList();

        assertThat(replicas).hasSize(2);
        String workDir = imageWorkDir();
        List<String> names = new ArrayList<>();
        List<String> referenced = new ArrayList<>();
        List<Set<String>> volumeSets = new ArrayList<>();
        for (String r : replicas) {
            Map<String, Object> service = map(services.get(r));
            Map<String, Object> env = map(service.get("environment"));
            names.addAll(env.keySet());
            referenced.addAll(values(env));
            assertThat(env).containsEntry("SYNC_HA", "file");
            String root = (String) env.get("SYNC_HA_FILE_ROOT");
            Set<String> volumes = list(service, "volumes").stream().map(Object::toString).collect(Collectors.toSet());
            assertThat(volumes).anyMatch(v -> v.endsWith(":" + root));
            assertThat(volumes).anyMatch(v -> v.endsWith(":" + workDir));
            assertThat(service.get("read_only")).isEqualTo(true);
            assertThat(list(service, "tmpfs")).anyMatch(t -> t.toString().startsWith("/tmp"));
            volumeSets.add(volumes);
        }
        Set<String> shared = new java.util.HashSet<>(volumeSets.get(0));
        shared.retainAll(volumeSets.get(1));
        assertThat(shared).hasSize(1).allMatch(v -> v.endsWith(":" + map(map(services.get(replicas.get(0)))
                .get("environment")).get("SYNC_HA_FILE_ROOT")));
        assertThat(unknown(names, referenced)).isEmpty();
    }

    @Test
    void theImageHasAHealthcheckThatUsesTheAgentItself() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);

        // One instruction over continued lines.
        assertThat(dockerfile).containsPattern(
                "(?m)^HEALTHCHECK [^\\n]*\\\\\\n\\s+CMD \\[\"java\",(?:[^\\n]*\\\\\\n)*[^\\n]*\"healthcheck\"\\]");
    }

    /** Names that are no setting's, Azure's or the downward API's, nor named by a *_ENV setting's value. */
    private static List<String> unknown(List<String> names, List<String> referenced) {
        Set<String> settings = Arrays.stream(Setting.values()).map(Setting::envName).collect(Collectors.toSet());
        return names.stream().filter(n -> !settings.contains(n) && !OTHER_NAMES.contains(n) && !referenced.contains(n))
                .toList();
    }

    private static List<String> values(Map<String, Object> data) {
        return data.entrySet().stream().filter(e -> e.getKey().endsWith("_ENV")).map(e -> e.getValue().toString())
                .toList();
    }

    /** The work dir the image writes to: the parent of SYNC_GIT_WORK_DIR, the image's VOLUME. */
    private static String imageWorkDir() throws IOException {
        String dockerfile = Files.readString(Path.of("Dockerfile"), StandardCharsets.UTF_8);
        Matcher volume = Pattern.compile("(?m)^VOLUME (\\S+)").matcher(dockerfile);
        assertThat(volume.find()).as("the Dockerfile's VOLUME").isTrue();
        assertThat(dockerfile).contains("SYNC_GIT_WORK_DIR=" + volume.group(1) + "/");
        return volume.group(1);
    }

    /** camel.main.shutdown-timeout + camel.main.extra-shutdown-timeout from application.properties. */
    private static int gracefulStopSeconds() throws IOException {
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(Path.of("config/application.properties"), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return Integer.parseInt(p.getProperty("camel.main.shutdown-timeout").trim())
                + Integer.parseInt(p.getProperty("camel.main.extra-shutdown-timeout").trim());
    }

    private static List<Map<String, Object>> kubernetes() throws IOException {
        List<Map<String, Object>> docs = new ArrayList<>();
        try (Stream<Path> files = Files.list(KUBERNETES)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                if (!f.getFileName().toString().equals("kustomization.yaml")) {
                    docs.addAll(load(f));
                }
            }
        }
        return docs;
    }

    private static List<Map<String, Object>> load(Path file) throws IOException {
        Load load = new Load(LoadSettings.builder().build());
        try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return StreamSupport.stream(load.loadAllFromReader(reader).spliterator(), false)
                    .filter(java.util.Objects::nonNull).map(DeploymentManifestsTest::map).toList();
        }
    }

    private static List<String> kinds(List<Map<String, Object>> docs) {
        return docs.stream().map(d -> (String) d.get("kind")).toList();
    }

    private static Map<String, Object> only(List<Map<String, Object>> docs, String kind) {
        List<Map<String, Object>> found = docs.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertThat(found).as(kind).hasSize(1);
        return found.get(0);
    }

    private static Map<String, Object> container(List<Map<String, Object>> docs) {
        Map<String, Object> pod = map(map(map(only(docs, "Deployment").get("spec")).get("template")).get("spec"));
        List<Object> containers = list(pod, "containers");
        assertThat(containers).hasSize(1);
        return map(containers.get(0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        assertThat(o).isInstanceOf(Map.class);
        return (Map<String, Object>) o;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Map<String, Object> m, String key) {
        assertThat(m.get(key)).as(key).isInstanceOf(List.class);
        return (List<Object>) m.get(key);
    }
}
