package io.userflowsync.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SBOM built with the jar (docs/sbom.md): CycloneDX JSON of what the runnable jar ships, so that a scanner that
 * reads it sees every library in the jar at its version, and nothing the jar does not hold (the test libraries).
 */
class SbomIT {
    /** Libraries another library carries inside itself, relocated: the SBOM lists the one that carries them. */
    private static final Map<String, String> EMBEDDED = Map.of(
            "org.jctools:jctools-core", "io.netty:netty-common");
    private static final Pattern POM_PROPERTIES = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.properties");

    private static JsonNode bom;
    /** group:name → version of every component. */
    private static Map<String, String> components;

    @BeforeAll
    static void readTheSbom() throws IOException {
        Path file = Path.of(System.getProperty("agent.sbom"));
        if (!Files.exists(file) && "offline=true".equals(System.getProperty("maven.mode"))) {
            // cyclonedx-maven-plugin's goals declare that they need Maven online, and Maven skips them with -o
            Assumptions.abort("Maven ran offline (-o), which skips the SBOM plugin: see docs/sbom.md");
        }
        assertThat(file).as("the SBOM the package phase writes").exists();
        bom = new ObjectMapper().readTree(file.toFile());
        components = new TreeMap<>();
        for (JsonNode c : bom.path("components")) {
            components.put(c.path("group").asText() + ":" + c.path("name").asText(), c.path("version").asText());
        }
    }

    @Test
    void itIsACycloneDxDocumentOfThisApplicationAtThisVersion() {
        assertThat(bom.path("bomFormat").asText()).isEqualTo("CycloneDX");
        assertThat(bom.path("specVersion").asText()).matches("1\\.\\d+");
        JsonNode application = bom.path("metadata").path("component");
        assertThat(application.path("type").asText()).isEqualTo("application");
        assertThat(application.path("group").asText() + ":" + application.path("name").asText())
                .isEqualTo("io.userflowsync:userflow-connector-sync");
        assertThat(application.path("version").asText()).isEqualTo(System.getProperty("project.version"));
    }

    @Test
    void itListsTheRuntimeDependenciesAndNoTestOnes() {
        assertThat(components).containsKeys("org.apache.camel:camel-main", "org.apache.camel:camel-core-engine",
                "com.microsoft.azure:msal4j", "org.eclipse.jgit:org.eclipse.jgit", "ch.qos.logback:logback-classic");
        assertThat(components.keySet()).doesNotContain("org.assertj:assertj-core",
                "org.apache.camel:camel-test-junit5", "org.apache.camel:camel-test-main-junit5",
                "org.junit.jupiter:junit-jupiter-api", "io.fabric8:kubernetes-server-mock");
        for (JsonNode c : bom.path("components")) {
            assertThat(c.path("scope").asText("required")).as(c.path("purl").asText()).isEqualTo("required");
        }
    }

    @Test
    void everyComponentHasTheMavenPackageUrlScannersMatchOn() {
        assertThat(bom.path("components")).isNotEmpty();
        for (JsonNode c : bom.path("components")) {
            String purl = "pkg:maven/" + c.path("group").asText() + "/" + c.path("name").asText() + "@"
                    + c.path("version").asText();
            assertThat(c.path("purl").asText()).as(purl).startsWith(purl);
        }
    }

    @Test
    void everyLibraryInTheRunnableJarIsInTheSbomAtItsVersion() throws IOException {
        Map<String, String> shipped = new HashMap<>();
        try (JarFile jar = new JarFile(System.getProperty("agent.jar"))) {
            for (JarEntry entry : jar.stream().toList()) {
                Matcher m = POM_PROPERTIES.matcher(entry.getName());
                if (m.matches()) {
                    Properties p = new Properties();
                    try (InputStream in = jar.getInputStream(entry)) {
                        p.load(in);
                    }
                    shipped.put(p.getProperty("groupId", m.group(1)) + ":" + p.getProperty("artifactId", m.group(2)),
                            p.getProperty("version"));
                }
            }
        }
        shipped.remove("io.userflowsync:userflow-connector-sync"); // the application itself: metadata.component
        assertThat(shipped).as("libraries in the jar").hasSizeGreaterThan(50);
        EMBEDDED.forEach((library, carrier) -> {
            assertThat(shipped).as(library + " ships inside " + carrier).containsKey(library);
            assertThat(components).containsKey(carrier);
            shipped.remove(library);
        });
        List<String> missing = shipped.entrySet().stream()
                .filter(e -> !e.getValue().equals(components.get(e.getKey())))
                .map(e -> e.getKey() + ":" + e.getValue() + " (SBOM: " + components.get(e.getKey()) + ")")
                .sorted().toList();
        assertThat(missing).as("in the jar, not in the SBOM at that version").isEmpty();
        assertThat(Set.copyOf(components.keySet())).containsAll(shipped.keySet());
    }
}
