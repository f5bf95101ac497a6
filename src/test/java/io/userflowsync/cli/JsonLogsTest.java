package io.userflowsync.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.LogSecrets;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.pipeline.RunReporter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sync.log.format=json (docs/logging.md): one JSON object per line on stderr, scrubbed of secrets like the text. */
class JsonLogsTest {
    private static final String SECRET = "Zq8~client-secret-value";
    /** A secret with characters JSON escapes, so only a scrub before the escaping finds it. */
    private static final String QUOTED_SECRET = "pa\"ss\\word/42";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream stderr;
    private SecretScrubber logSecretsBefore;
    private LoggerContext context;

    @BeforeEach
    void capture() {
        stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        logSecretsBefore = LogSecrets.current();
        context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what slf4j's service provider gives the agent's context
        StderrLogging logging = new StderrLogging();
        logging.setContext(context);
        logging.configure(context);
    }

    @AfterEach
    void restore() {
        System.setErr(stderr);
        LogSecrets.scrubWith(logSecretsBefore);
        context.stop();
    }

    @Test
    void textIsTheDefault() {
        assertThat(Setting.LOG_FORMAT.defaultValue()).isEqualTo("text");
        assertThat(Setting.LOG_FORMAT.envName()).isEqualTo("SYNC_LOG_FORMAT");

        context.getLogger("io.userflowsync.pipeline.AgentRuntime").info("Daemon started");

        assertThat(output()).endsWith("AgentRuntime - Daemon started" + System.lineSeparator()).doesNotContain("{");
    }

    @Test
    void eachLineIsOneJsonObjectWithTimeInUtcLevelLoggerThreadAndMessage() throws Exception {
        StderrLogging.use(context, LogFormat.JSON);
        Instant before = Instant.now();

        context.getLogger("io.userflowsync.pipeline.AgentRuntime").info("Daemon started on port {}", 8080);
        context.getLogger("io.userflowsync.source.GitFetcher").warn("Git fetch failed:\nline two");

        List<JsonNode> lines = lines();
        assertThat(lines).hasSize(2);
        JsonNode first = lines.get(0);
        assertThat(fieldNames(first)).containsExactly("time", "level", "logger", "thread", "message");
        assertThat(first.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(Duration.between(before, Instant.parse(first.get("time").asText())).abs())
                .isLessThan(Duration.ofMinutes(1));
        assertThat(first.get("level").asText()).isEqualTo("INFO");
        assertThat(first.get("logger").asText()).isEqualTo("io.userflowsync.pipeline.AgentRuntime");
        assertThat(first.get("thread").asText()).isEqualTo(Thread.currentThread().getName());
        assertThat(first.get("message").asText()).isEqualTo("Daemon started on port 8080");
        assertThat(lines.get(1).get("level").asText()).isEqualTo("WARN");
        assertThat(lines.get(1).get("message").asText()).as("a line break stays inside its line")
                .isEqualTo("Git fetch failed:\nline two");
    }

    @Test
    void aTenantsRunNamesItsTenantAndRunId() throws Exception {
        StderrLogging.use(context, LogFormat.JSON);
        context.getMDCAdapter().put(RunReporter.TENANT_MDC, "dev");
        context.getMDCAdapter().put(RunReporter.RUN_ID_MDC, "0123456789ab");

        context.getLogger("io.userflowsync.pipeline.RunReporter").info("Run apply in_sync");
        context.getMDCAdapter().clear();
        context.getLogger("io.userflowsync.pipeline.RunReporter").info("between runs");

        List<JsonNode> lines = lines();
        assertThat(lines.get(0).get("tenant").asText()).isEqualTo("dev");
        assertThat(lines.get(0).get("runId").asText()).isEqualTo("0123456789ab");
        assertThat(lines.get(0).get("message").asText()).as("JSON names the tenant in a field of its own")
                .isEqualTo("Run apply in_sync");
        assertThat(fieldNames(lines.get(1))).doesNotContain("tenant", "runId");
    }

    @Test
    void aSecretInTheMessageOrTheExceptionIsMaskedAndTheStackTraceKept() throws Exception {
        StderrLogging.use(context, LogFormat.JSON);
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember(SECRET);
        scrubber.remember(QUOTED_SECRET);
        LogSecrets.scrubWith(scrubber);
        Exception failure = new IllegalStateException("token endpoint said: client_secret=" + SECRET,
                new RuntimeException("echoed " + QUOTED_SECRET));

        context.getLogger("io.userflowsync.graph.MsalTokens").error("Sign-in failed for " + SECRET, failure);

        String output = output();
        assertThat(output).doesNotContain(SECRET).doesNotContain("Zq8").doesNotContain("ss\\\\word")
                .doesNotContain("pa\\\"ss");
        JsonNode line = lines().get(0);
        assertThat(line.get("message").asText()).isEqualTo("Sign-in failed for ***");
        assertThat(line.get("exception").asText())
                .startsWith("java.lang.IllegalStateException: token endpoint said: client_secret=***")
                .contains("\tat io.userflowsync.cli.JsonLogsTest.")
                .contains("Caused by: java.lang.RuntimeException: echoed ***");
    }

    @Test
    void textLinesAreScrubbedOfSecretsToo() {
        SecretScrubber scrubber = new SecretScrubber();
        scrubber.remember(SECRET);
        LogSecrets.scrubWith(scrubber);

        context.getLogger("io.userflowsync.graph.MsalTokens").error("Sign-in failed",
                new IllegalStateException("client_secret=" + SECRET));

        assertThat(output()).contains("client_secret=***").doesNotContain(SECRET)
                .contains("\tat io.userflowsync.cli.JsonLogsTest.");
    }

    @Test
    void aCommandsSettingsChooseTheFormatAndTheirSecretsAreScrubbed() throws Exception {
        // the agent's own logging context, which follow() switches: put back to text afterwards
        LoggerContext agent = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8), System.err,
                    Map.of("SYNC_LOG_FORMAT", "json", "AZURE_CLIENT_SECRET", SECRET))
                    .run("validate", "--desired", "config/desired-state.example.yaml");
            assertThat(code).as(out.toString(StandardCharsets.UTF_8)).isZero();
            // a line the agent's context writes now, on the stderr its appender was given when the JVM started
            assertThat(LogEncoderProbe.formatOf(agent)).isEqualTo(LogFormat.JSON);
            assertThat(LogSecrets.current().scrub("x " + SECRET)).isEqualTo("x ***");
        } finally {
            StderrLogging.use(agent, LogFormat.TEXT);
        }
        assertThat(LogEncoderProbe.formatOf(agent)).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void aValueThatIsNoFormatIsRefusedByName() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream commandErr = new ByteArrayOutputStream();

        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(commandErr, true, StandardCharsets.UTF_8), Map.of("SYNC_LOG_FORMAT", "yaml"))
                .run("validate", "--desired", "config/desired-state.example.yaml");

        assertThat(code).isEqualTo(Commands.ERROR);
        assertThat(commandErr.toString(StandardCharsets.UTF_8)).isEqualTo("error: setting sync.log.format (environment"
                + " variable SYNC_LOG_FORMAT) must be text or json, not 'yaml'" + System.lineSeparator());
    }

    private String output() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private List<JsonNode> lines() throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : output().split("\n")) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            lines.add(node);
        }
        return lines;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The format the STDERR appender of a context writes. */
    static final class LogEncoderProbe {
        static LogFormat formatOf(LoggerContext context) {
            var appender = (ch.qos.logback.core.OutputStreamAppender<?>) context
                    .getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
            return ((LogEncoder) appender.getEncoder()).format();
        }
    }
}
