package io.userflowsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The logging set up in code (it replaced logback.xml, issue 7 item 4) logs as the XML did. */
class StderrLoggingTest {

    @Test
    void logbackUsesItWhenTheAgentStarts() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR")).isNotNull();
    }

    @Test
    void logLinesGoToStderrWithTimeLevelThreadAndLoggerAndNothingToStdout() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        LoggerContext context = configured();
        try {
            context.getLogger("io.userflowsync.pipeline.AgentRuntime").info("Daemon started");
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            context.stop();
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(err.toString(StandardCharsets.UTF_8)).matches(
                "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\[[^]]+] "
                        + "i\\.userflowsync\\.pipeline\\.AgentRuntime - Daemon started\\R");
    }

    @Test
    void aTenantsRunNamesItsTenantBeforeTheMessage() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        LoggerContext context = configured();
        try {
            // this test's own context has its own MDC; the agent's is the one org.slf4j.MDC reaches
            context.getMDCAdapter().put(io.userflowsync.pipeline.RunReporter.TENANT_MDC, "dev");
            context.getLogger("io.userflowsync.pipeline.RunReporter").info("Run apply in_sync");
        } finally {
            System.setErr(stderr);
            context.stop();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith("RunReporter - [dev] Run apply in_sync"
                + System.lineSeparator());
    }

    @Test
    void theAgentLogsAtInfoCamelAndTheLibrariesOnlyWhenTheyWarn() {
        LoggerContext context = configured();
        assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("io.userflowsync.pipeline").getEffectiveLevel()).isEqualTo(Level.INFO);
        assertThat(context.getLogger("org.apache.camel.main.MainSupport").getEffectiveLevel()).isEqualTo(Level.INFO);
        for (String library : new String[] {"org.apache.camel.component.quartz", "org.eclipse.jgit.transport",
            "org.apache.sshd.client", "org.quartz.core", "org.apache.hc.client5"}) {
            assertThat(context.getLogger(library).getEffectiveLevel()).as(library).isEqualTo(Level.WARN);
        }
        context.stop();
    }

    @Test
    void msal4jLogsNothingAsItsWarningsQuoteWhatTheAuthorityEchoed() {
        LoggerContext context = configured();
        assertThat(context.getLogger("com.microsoft.aad.msal4j.ConfidentialClientApplication").getEffectiveLevel())
                .isEqualTo(Level.OFF);
        context.stop();
    }

    @Test
    void aLogbackConfigurationFileGivenOnTheCommandLineIsLeftToLogback() {
        String before = System.getProperty("logback.configurationFile");
        System.setProperty("logback.configurationFile", "my-logback.xml");
        try {
            LoggerContext context = new LoggerContext();
            StderrLogging logging = new StderrLogging();
            logging.setContext(context);
            assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.INVOKE_NEXT_IF_ANY);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders().hasNext()).isFalse();
        } finally {
            if (before == null) {
                System.clearProperty("logback.configurationFile");
            } else {
                System.setProperty("logback.configurationFile", before);
            }
        }
    }

    private static LoggerContext configured() {
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter()); // what slf4j's service provider gives the agent's context
        StderrLogging logging = new StderrLogging();
        logging.setContext(context);
        assertThat(logging.configure(context)).isEqualTo(Configurator.ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        return context;
    }
}
