package io.userflowsync.jar;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.userflowsync.jar.JarProcesses.freePort;
import static io.userflowsync.jar.JarProcesses.get;
import static io.userflowsync.jar.JarProcesses.javaCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it (README's first command): every Camel component, route and resource it needs
 * must be inside it. Run from an empty folder so nothing in the checkout is used, with a temporary folder of its own
 * so that the tests can see what a run leaves behind there.
 */
class PackagedJarIT {
    @TempDir
    Path elsewhere;
    Path tmp;

    private record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void ownTemporaryFolder() throws IOException {
        tmp = Files.createDirectory(elsewhere.resolve("tmp"));
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = javaCommand(tmp, args);
        Path out = elsewhere.resolve("out.txt");
        Path err = elsewhere.resolve("err.txt");
        Process p = new ProcessBuilder(command).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    @Test
    void demoPlansAppliesAndEndsInSync() throws Exception {
        Run demo = java("demo");

        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("Plan: 1 to bind, 1 to rebind, 2 to unbind")
                .contains("Apply: applied 4, verified 4, not effective 0, unverified 0, failed 0, skipped 0")
                .contains("No changes");
        assertThat(demo.err()).doesNotContain("ERROR");
        assertThat(leftIn(tmp)).as("the demo's copy of the example is removed").isEmpty();
    }

    private static List<String> leftIn(Path folder) throws IOException {
        try (var files = Files.walk(folder)) {
            return files.filter(f -> !f.equals(folder)).map(f -> folder.relativize(f).toString()).sorted().toList();
        }
    }

    @Test
    void validateRejectsABadFileWithItsLine() throws Exception {
        Path bad = elsewhere.resolve("bad.yaml");
        Files.writeString(bad, "userFlows:\n  B2X_1_a:\n    postFederationSignup:\n");

        Run validate = java("validate", "--desired", bad.toString());

        assertThat(validate.exit()).isEqualTo(1);
        assertThat(validate.err()).contains(bad + ":3:").contains("empty value");
    }

    @Test
    void theDaemonReconcilesServesStatusAndMetricsAndStopsOnSigterm() throws Exception {
        SimulatedTenant tenant = SimulatedTenant.demo();
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0)) {
            Path desired = elsewhere.resolve("flows.yaml");
            try (InputStream example = getClass().getResourceAsStream("/config/desired-state.example.yaml")) {
                Files.copy(example, desired);
            }
            int http = freePort();
            int management = freePort();
            ProcessBuilder daemon = new ProcessBuilder(javaCommand(tmp, "run")).directory(elsewhere.toFile())
                    .redirectOutput(elsewhere.resolve("daemon.out").toFile())
                    .redirectError(elsewhere.resolve("daemon.err").toFile());
            Map<String, String> env = daemon.environment();
            env.put("GRAPH_ENDPOINT", simulator.baseUrl());
            env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
            env.put("AZURE_TENANT_ID", tenant.tenantId());
            env.put("AZURE_CLIENT_ID", tenant.clientId());
            env.put("AZURE_CLIENT_SECRET", SimulatedTenant.DEMO_CLIENT_SECRET);
            env.put("SYNC_DESIRED_PATH", desired.toString());
            env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
            env.put("SYNC_HTTP_HOST", "127.0.0.1");
            env.put("SYNC_HTTP_PORT", Integer.toString(http));
            env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
            Process p = daemon.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                String status = "";
                // "1 of 5 managed steps in sync" (the first run's plan) also says "in sync": wait for the run after it.
                for (int i = 0; i < 120 && !status.contains("5 of 5 managed steps in sync"); i++) {
                    Thread.sleep(500);  // polling a separate process: there is no event to wait on
                    status = get(client, "http://127.0.0.1:" + http + "/status");
                }
                assertThat(status).contains("1 to bind, 1 to rebind, 2 to unbind").contains("5 of 5 managed steps in sync");
                assertThat(get(client, "http://127.0.0.1:" + management + "/observe/metrics"))
                        .contains("userflow_sync_runs_total").contains("userflow_sync_changes_total");
                assertThat(tenant.bindings("B2X_1_contractors")).isEmpty();
                // A form body is what made Vert.x create its upload folder (camel/camel-tmp-*) in /tmp.
                postForm(client, "http://127.0.0.1:" + http + "/hooks/git");
                postForm(client, "http://127.0.0.1:" + management + "/observe/health");
            } finally {
                p.destroy();  // SIGTERM
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            assertThat(Files.readString(elsewhere.resolve("daemon.err"))).contains("is shutdown")
                    .doesNotContain(SimulatedTenant.DEMO_CLIENT_SECRET);
            assertThat(leftIn(tmp)).as("the daemon leaves nothing in the temporary folder").isEmpty();
            assertThat(elsewhere.resolve("file-uploads")).as("nor in the working directory").doesNotExist();
        }
    }

    private static void postForm(HttpClient client, String url) throws Exception {
        client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("payload=%7B%7D")).build(), HttpResponse.BodyHandlers.discarding());
    }

    @Test
    void aMistypedCommandIsOneLineWithTheClosestCommand() throws Exception {
        Run run = java("plna");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: unknown command 'plna'. Did you mean 'plan'?\n"
                + "Run 'userflow-connector-sync --help' for usage.\n");
    }

    @Test
    void versionIsTheOneMavenBuilt() throws Exception {
        Run run = java("--version");

        assertThat(run.exit()).isZero();
        assertThat(run.out()).isEqualTo("userflow-connector-sync " + System.getProperty("project.version") + "\n");
    }
}
