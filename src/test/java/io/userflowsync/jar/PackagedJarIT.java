package io.userflowsync.jar;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar as a user runs it (README's first command): every Camel component, route and resource it needs
 * must be inside it. Run from an empty folder so nothing in the checkout is used.
 */
class PackagedJarIT {
    @TempDir
    Path elsewhere;

    private record Run(int exit, String out, String err) {
    }

    private static List<String> javaCommand(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", Path.of(System.getProperty("agent.jar")).toAbsolutePath().toString()));
        command.addAll(List.of(args));
        return command;
    }

    private Run java(String... args) throws IOException, InterruptedException {
        List<String> command = javaCommand(args);
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
            ProcessBuilder daemon = new ProcessBuilder(javaCommand("run")).directory(elsewhere.toFile())
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
                // wait for the second run: the first one's summary ("1 of 5 managed steps in sync") says "in sync" too
                for (int i = 0; i < 120 && !status.contains("5 of 5 managed steps in sync"); i++) {
                    Thread.sleep(500);  // polling a separate process: there is no event to wait on
                    status = get(client, "http://127.0.0.1:" + http + "/status");
                }
                assertThat(status).contains("1 to bind, 1 to rebind, 2 to unbind").contains("5 of 5 managed steps in sync");
                assertThat(get(client, "http://127.0.0.1:" + management + "/observe/metrics"))
                        .contains("userflow_sync_runs_total").contains("userflow_sync_changes_total");
                assertThat(tenant.bindings("B2X_1_contractors")).isEmpty();
            } finally {
                p.destroy();  // SIGTERM
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();
            assertThat(Files.readString(elsewhere.resolve("daemon.err"))).contains("is shutdown")
                    .doesNotContain(SimulatedTenant.DEMO_CLIENT_SECRET);
        }
    }

    private static String get(HttpClient client, String url) {
        try {
            return client.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";  // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void unknownCommandPrintsUsage() throws Exception {
        Run run = java("frobnicate");

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("unknown command 'frobnicate'").contains("usage:");
    }
}
