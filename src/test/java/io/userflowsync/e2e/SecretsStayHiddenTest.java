package io.userflowsync.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
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

    /** Characters that form encoding, percent encoding and JSON each write differently. */
    static final String ODD_SECRET = "Zq8~Echo+Secret/With \"odd\" chars-\u00fc";

    /**
     * Issue 6 item 4: a token endpoint (or a proxy before it, or before Graph) that echoes the request into its error
     * text. The agent prints and logs that text, so it must mask the client secret in every encoding, and the access
     * token, wherever the text goes: the error line, the retry warnings, a flow's error in the plan.
     */
    @Test
    void anEndpointThatEchoesTheRequestDoesNotMakeTheAgentPrintTheSecretOrToken() throws Exception {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", ODD_SECRET);
        tenant.addConnector("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07", "Check partner domain", "https://partner.example/check", "api", "pw-check-1");
        tenant.addFlow("B2X_1_partner_signup").addFlow("B2X_1_customers");
        Path desired = TestTenant.desired(dir, """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain
                  B2X_1_customers:
                    postFederationSignup: Check partner domain
                """);
        TestTenant.Result tokenEchoed;
        TestTenant.Result graphEchoed;
        TestTenant.Result flowEchoed;
        try (TestTenant t = TestTenant.of(tenant)) {
            Map<String, String> env = new HashMap<>(t.environment());
            env.put("AZURE_CLIENT_SECRET", ODD_SECRET);
            // Retried twice (two WARN lines), then the run fails with the third answer's text on stderr.
            t.simulator.inject(FaultRule.echoingRequest("POST", "/oauth2/v2\\.0/token$", 503, 3, "temporarily_unavailable"));
            tokenEchoed = t.run(env, "plan", "--desired", desired.toString());
            // A Graph listing that echoes the Authorization header fails the run.
            t.simulator.inject(FaultRule.echoingRequest("GET", "/identity/apiConnectors$", 400, 1, "BadRequest"));
            graphEchoed = t.run(env, "plan", "--desired", desired.toString());
            // One flow's read echoes it: an error in the plan itself, in text and in JSON.
            t.simulator.inject(FaultRule.echoingRequest("GET", "B2X_1_customers/apiConnectorConfiguration$", 400, 2, "BadRequest"));
            flowEchoed = t.run(env, "plan", "--desired", desired.toString());
            flowEchoed = new TestTenant.Result(flowEchoed.exitCode(), flowEchoed.out()
                    + t.run(env, "plan", "--desired", desired.toString(), "--output", "json").out(), flowEchoed.err());
        }
        String logged = logs.list.stream()
                .map(e -> e.getFormattedMessage() + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage()))
                .collect(Collectors.joining("\n"));
        String everything = tokenEchoed.all() + graphEchoed.all() + flowEchoed.all() + logged;

        String formEncoded = URLEncoder.encode(ODD_SECRET, StandardCharsets.UTF_8);
        assertThat(tokenEchoed.exitCode()).isEqualTo(1);
        assertThat(tokenEchoed.err()).as("the echo reached the error line, masked, on one line")
                .containsPattern("(?m)^error: .*The request was: POST .*client_secret=\\*\\*\\*.*$");
        assertThat(logged).as("and the retry warnings").contains("The request was: POST").contains("client_secret=***");
        assertThat(graphEchoed.err()).containsPattern("(?m)^error: .*The request was: GET .*Authorization: Bearer \\*\\*\\*");
        assertThat(flowEchoed.out()).contains("B2X_1_customers").contains("The request was: GET")
                .contains("Authorization: Bearer ***");
        assertThat(everything)
                .doesNotContain(ODD_SECRET)
                .doesNotContain(formEncoded)
                .doesNotContain(Pattern.compile("%[0-9A-F]{2}").matcher(formEncoded)
                        .replaceAll(m -> m.group().toLowerCase(Locale.ROOT)))
                .doesNotContain(formEncoded.replace("+", "%20"))
                .doesNotContain("Zq8~Echo")
                .doesNotContain("Zq8%7EEcho")
                .doesNotContainPattern("Bearer [A-Za-z0-9._-]{8,}");
    }
}
