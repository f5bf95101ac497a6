package io.userflowsync.jar;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.userflowsync.jar.JarProcesses.freePort;
import static io.userflowsync.jar.JarProcesses.get;
import static io.userflowsync.jar.JarProcesses.javaCommand;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged jar with {@code SYNC_LOG_FORMAT=json} (docs/logging.md), the daemon and a one-off command as the image
 * runs them: every line on stderr is one JSON object, Camel's and the libraries' lines included, and a run's lines
 * carry its runId.
 */
class JsonLogsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path elsewhere;

    @Test
    void theDaemonLogsOneJsonObjectPerLineWithItsRunsIdsAndNoSecret() throws Exception {
        SimulatedTenant tenant = SimulatedTenant.demo();
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0)) {
            Path desired = elsewhere.resolve("flows.yaml");
            try (InputStream example = getClass().getResourceAsStream("/config/desired-state.example.yaml")) {
                Files.copy(example, desired);
            }
            int http = freePort();
            Path err = elsewhere.resolve("daemon.err");
            ProcessBuilder daemon = new ProcessBuilder(javaCommand(elsewhere, "run")).directory(elsewhere.toFile())
                    .redirectOutput(elsewhere.resolve("daemon.out").toFile()).redirectError(err.toFile());
            Map<String, String> env = daemon.environment();
            env.put("SYNC_LOG_FORMAT", "json");
            env.put("GRAPH_ENDPOINT", simulator.baseUrl());
            env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
            env.put("AZURE_TENANT_ID", tenant.tenantId());
            env.put("AZURE_CLIENT_ID", tenant.clientId());
            env.put("AZURE_CLIENT_SECRET", SimulatedTenant.DEMO_CLIENT_SECRET);
            env.put("SYNC_DESIRED_PATH", desired.toString());
            env.put("SYNC_SCHEDULE", "0/1 * * * * ?");
            env.put("SYNC_HTTP_HOST", "127.0.0.1");
            env.put("SYNC_HTTP_PORT", Integer.toString(http));
            env.put("SYNC_MANAGEMENT_PORT", Integer.toString(freePort()));
            Process p = daemon.start();
            try {
                HttpClient client = HttpClient.newHttpClient();
                String status = "";
                for (int i = 0; i < 120 && !status.contains("5 of 5 managed steps in sync"); i++) {
                    Thread.sleep(500);  // polling a separate process: there is no event to wait on
                    status = get(client, "http://127.0.0.1:" + http + "/status");
                }
                assertThat(status).contains("5 of 5 managed steps in sync");
            } finally {
                p.destroy();  // SIGTERM
            }
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("stopped on SIGTERM").isTrue();

            String log = Files.readString(err, StandardCharsets.UTF_8);
            assertThat(log).doesNotContain(SimulatedTenant.DEMO_CLIENT_SECRET);
            List<JsonNode> lines = objects(log);
            assertThat(lines).anySatisfy(l -> assertThat(l.get("logger").asText()).startsWith("org.apache.camel"))
                    .anySatisfy(l -> assertThat(l.get("message").asText()).contains("is shutdown"));
            List<JsonNode> runs = lines.stream()
                    .filter(l -> l.get("logger").asText().equals("io.userflowsync.pipeline.RunReporter")).toList();
            assertThat(runs).as("the runs' result lines").hasSizeGreaterThanOrEqualTo(2)
                    .allSatisfy(l -> assertThat(l.path("runId").asText()).matches("[0-9a-f]{12}"));
            assertThat(runs.stream().map(l -> l.get("runId").asText()).distinct().count()).isEqualTo(runs.size());
        }
    }

    @Test
    void aOneOffCommandsLogIsJsonAndWhatItPrintsForPeopleStaysOnStdout() throws Exception {
        Path out = elsewhere.resolve("demo.out");
        Path err = elsewhere.resolve("demo.err");
        ProcessBuilder demo = new ProcessBuilder(javaCommand(elsewhere, "demo", "--verbose")).directory(elsewhere.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        demo.environment().put("SYNC_LOG_FORMAT", "json");
        Process p = demo.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("finished").isTrue();

        assertThat(p.exitValue()).isZero();
        assertThat(Files.readString(out, StandardCharsets.UTF_8)).contains("No changes").doesNotContain("{\"time\"");
        assertThat(objects(Files.readString(err, StandardCharsets.UTF_8)))
                .anySatisfy(l -> assertThat(l.get("message").asText()).contains("Apache Camel"));
    }

    /** Every line parsed: each must be one JSON object with the fields every line has. */
    private static List<JsonNode> objects(String log) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : log.split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node != null && node.isObject()).as("one JSON object: %s", line).isTrue();
            for (String field : new String[] {"time", "level", "logger", "thread", "message"}) {
                assertThat(node.hasNonNull(field)).as(field + " in " + line).isTrue();
            }
            lines.add(node);
        }
        assertThat(lines).isNotEmpty();
        return lines;
    }
}
