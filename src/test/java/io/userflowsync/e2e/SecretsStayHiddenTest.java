package io.userflowsync.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client secret (and the connectors' basic-auth passwords, which Graph masks) never reach a log line, the plan,
 * the apply report or an error message — through success, throttling, refused writes and a rejected secret.
 */
class SecretsStayHiddenTest {
    @TempDir
    Path dir;
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private Logger root;
    private Level rootLevel;

    @BeforeEach
    void captureLogs() {
        root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        rootLevel = root.getLevel();
        root.setLevel(Level.DEBUG);
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void release() {
        root.detachAppender(logs);
        root.setLevel(rootLevel);
    }

    @Test
    void noRunPrintsOrLogsTheSecret() throws Exception {
        StringBuilder everything = new StringBuilder();
        try (TestTenant t = TestTenant.demoLike()) {
            Path desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
            t.simulator.inject(new FaultRule("PUT", Pattern.compile(".*/\\$ref"), 429, 1, Optional.of(0), "TooManyRequests"));
            t.simulator.inject(new FaultRule("DELETE", Pattern.compile(".*B2X_1_contractors.*"), 403, 1, Optional.empty(), "Authorization_RequestDenied"));
            everything.append(t.run("plan", "--desired", desired.toString(), "--output", "json").all());
            everything.append(t.run("apply", "--desired", desired.toString(), "--verbose").all());
            everything.append(t.run("apply", "--desired", desired.toString()).all());
            Map<String, String> wrong = new HashMap<>(t.environment());
            wrong.put("AZURE_CLIENT_SECRET", TestTenant.SECRET + "-rotated");
            everything.append(t.run(wrong, "apply", "--desired", desired.toString()).all());
        }
        String logged = logs.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        everything.append(logged);

        assertThat(logs.list).as("the runs did log").isNotEmpty();
        assertThat(everything.toString())
                .contains("Authorization_RequestDenied")
                .doesNotContain(TestTenant.SECRET)
                .doesNotContain("pw-check-1").doesNotContain("pw-legacy-4")
                .doesNotContainPattern("Bearer [A-Za-z0-9._-]{8,}");
    }
}
