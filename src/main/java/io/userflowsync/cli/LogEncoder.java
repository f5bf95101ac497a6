package io.userflowsync.cli;

import ch.qos.logback.classic.PatternLayout;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.pipeline.RunReporter;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes each log event as the agent's log format says (docs/logging.md): a text line (the pattern of
 * {@link StderrLogging}) or one JSON object per line. Either way the whole event, message, exception and MDC values,
 * goes through the agent's {@link SecretScrubber} first, so a secret that reaches a log call is written as
 * {@value SecretScrubber#MASK}.
 */
final class LogEncoder extends EncoderBase<ILoggingEvent> {
    /** ISO-8601 in UTC with milliseconds, always the same length: {@code 2026-12-07T05:40:12.345Z}. */
    static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Loaded with the first JSON line: the text format loads no Jackson class at start. */
    private static final class Json {
        static final JsonFactory FACTORY = new JsonFactory();
    }

    private final PatternLayout text = new PatternLayout();
    private final Supplier<SecretScrubber> secrets;
    private volatile LogFormat format;

    LogEncoder(String pattern, LogFormat format, Supplier<SecretScrubber> secrets) {
        this.text.setPattern(pattern);
        this.format = format;
        this.secrets = secrets;
    }

    LogFormat format() {
        return format;
    }

    /** Events encoded from now on use {@code format}. */
    void format(LogFormat format) {
        this.format = format;
    }

    @Override
    public void start() {
        text.setContext(getContext());
        text.start();
        super.start();
    }

    @Override
    public void stop() {
        text.stop();
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        SecretScrubber scrubber = secrets.get();
        String line = format == LogFormat.JSON ? json(event, scrubber) : scrubber.scrub(text.doLayout(event));
        return line.getBytes(StandardCharsets.UTF_8);
    }

    /** One line: time, level, logger, thread, tenant and runId (when the MDC has them), message, exception. */
    static String json(ILoggingEvent event, SecretScrubber scrubber) {
        StringWriter out = new StringWriter(256);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("time", UTC_TIME.format(event.getInstant()));
            g.writeStringField("level", event.getLevel().toString());
            g.writeStringField("logger", event.getLoggerName());
            g.writeStringField("thread", scrubber.scrub(event.getThreadName()));
            Map<String, String> mdc = event.getMDCPropertyMap();
            for (String key : new String[] {RunReporter.TENANT_MDC, RunReporter.RUN_ID_MDC}) {
                String value = mdc == null ? null : mdc.get(key);
                if (value != null) {
                    g.writeStringField(key, scrubber.scrub(value));
                }
            }
            g.writeStringField("message", scrubber.scrub(event.getFormattedMessage()));
            IThrowableProxy thrown = event.getThrowableProxy();
            if (thrown != null) {
                g.writeStringField("exception", scrubber.scrub(ThrowableProxyUtil.asString(thrown)));
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.append('\n').toString();
    }
}
