package io.userflowsync.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import io.userflowsync.config.LogSecrets;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.Optional;

/**
 * The agent's logging, set up in code instead of a {@code logback.xml}: logback's XML configurator loads about 700
 * classes (its model pipeline and the JDK's XML parser) and took 0.5 s of CPU at every start, half of what
 * {@code validate} costs (issue 7, item 4). Logback finds this class through {@code META-INF/services}.
 *
 * <p>Logs go to stderr, so that what {@code plan} and {@code apply} print on stdout stays machine-readable. With
 * {@code -Dlogback.configurationFile=FILE} the file is used instead (logback's own configurator runs next).
 *
 * <p>{@code sync.log.format} chooses text lines or one JSON object per line (docs/logging.md). Logback starts before
 * the settings are read, so the first lines follow the environment variable alone; once a command has its settings,
 * {@link #follow(Settings)} applies the setting from wherever it came. Every line is scrubbed of the secrets the
 * agent knows ({@link LogSecrets}), in either format.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_NORMAL_PRIORITY)
public final class StderrLogging extends ContextAwareBase implements Configurator {
    /** A tenant's run (sync.tenants) names its tenant, {@code [name] }, before the message; other lines as before. */
    static final String PATTERN = "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{36} - "
            + "%replace([%X{tenant}] ){'^\\[\\] $', ''}%msg%n";

    /** Camel's per-route chatter and the libraries' internals stay out of an operator's log unless they warn. */
    static final Map<String, Level> LEVELS = Map.of(
            "org.apache.camel", Level.WARN,
            "org.apache.camel.main", Level.INFO,
            "org.eclipse.jgit", Level.WARN,
            "org.apache.sshd", Level.WARN,
            "org.quartz", Level.WARN,
            "org.apache.hc", Level.WARN,
            // msal4j logs a failed token request's raw error_description at WARN, and an endpoint that echoes the
            // request fills it with the client assertion; the agent reports every failure itself, made safe
            // (graph/MsalTokens).
            "com.microsoft.aad.msal4j", Level.OFF);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        // Before the settings are read: the environment variable, if it names a format (follow() reports a bad one).
        LogFormat format = Optional.ofNullable(System.getenv(Setting.LOG_FORMAT.envName())).map(String::strip)
                .flatMap(LogFormat::byValue).orElse(LogFormat.TEXT);
        LogEncoder encoder = new LogEncoder(PATTERN, format, LogSecrets::current);
        encoder.setContext(context);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(stderr);
        LEVELS.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    /**
     * The process's log follows {@code settings}: the format {@code sync.log.format} names (a value that is no format
     * is a {@link io.userflowsync.config.SettingsException}), scrubbed of every secret setting, the tenants' too.
     */
    public static void follow(Settings settings) {
        LogFormat format = LogFormat.of(settings.required(Setting.LOG_FORMAT));
        SecretScrubber scrubber = SecretScrubber.of(settings);
        for (String tenant : settings.tenants()) {
            scrubber.rememberSecretsOf(settings.forTenant(tenant));
        }
        LogSecrets.scrubWith(scrubber);
        use((LoggerContext) LoggerFactory.getILoggerFactory(), format);
    }

    /** Switches the STDERR appender of {@code context} to {@code format}; a logback.xml's appenders are left alone. */
    static void use(LoggerContext context, LogFormat format) {
        Appender<ILoggingEvent> appender = context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("STDERR");
        if (appender instanceof OutputStreamAppender<ILoggingEvent> stream
                && stream.getEncoder() instanceof LogEncoder encoder) {
            encoder.format(format);
        }
    }
}
