package io.userflowsync.jar;

import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the packaged jar's one-off commands load, from the JVM's own class-loading log (issue 7 item 4): validate
 * starts no Camel at all; plan starts Camel with the pipeline only, no scheduler or HTTP server, and finds its routes
 * without reading through the jar.
 */
class OneOffStartIT {
    @TempDir
    Path dir;

    private record Run(int exit, String out, List<String> classes) {
    }

    private Run java(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path classes = dir.resolve("classes.txt");
        Path out = dir.resolve("out.txt");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + dir, "-Xlog:class+load=info:file=" + classes, "-jar",
                Path.of(System.getProperty("agent.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readAllLines(classes, StandardCharsets.UTF_8));
    }

    private Path example() throws IOException {
        Path desired = dir.resolve("flows.yaml");
        try (InputStream example = getClass().getResourceAsStream("/config/desired-state.example.yaml")) {
            Files.copy(example, desired);
        }
        return desired;
    }

    @Test
    void validateLoadsNoCamelClass() throws Exception {
        Run validate = java(Map.of(), "validate", "--desired", example().toString());

        assertThat(validate.exit()).as(validate.out()).isZero();
        assertThat(validate.classes()).isNotEmpty().noneMatch(line -> line.contains(" org.apache.camel."));
    }

    @Test
    void planStartsNoSchedulerNoHttpServerAndReadsNoJarToFindItsRoutes() throws Exception {
        SimulatedTenant tenant = SimulatedTenant.demo();
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0)) {
            Run plan = java(Map.of("GRAPH_ENDPOINT", simulator.baseUrl(), "AZURE_AUTHORITY_HOST", simulator.baseUrl(),
                    "AZURE_TENANT_ID", tenant.tenantId(), "AZURE_CLIENT_ID", tenant.clientId(),
                    "AZURE_CLIENT_SECRET", SimulatedTenant.DEMO_CLIENT_SECRET), "plan", "--desired", example().toString());

            assertThat(plan.exit()).as(plan.out()).isEqualTo(2);
            assertThat(plan.out()).contains("Plan: 1 to bind, 1 to rebind, 2 to unbind");
            assertThat(plan.classes()).as("the pipeline ran").anyMatch(line -> line.contains(" io.userflowsync.pipeline.PlanStage "));
            assertThat(plan.classes()).noneMatch(line -> line.contains(" org.quartz."))
                    .noneMatch(line -> line.contains(" org.apache.camel.component.quartz."))
                    .noneMatch(line -> line.contains(" org.apache.camel.component.seda."))
                    .noneMatch(line -> line.contains(" io.vertx.core.http."))
                    .noneMatch(line -> line.contains(" org.apache.camel.component.platform.http.main."))
                    .noneMatch(line -> line.contains(" org.apache.camel.support.scan.PackageScanJarResource "));
        }
    }
}
