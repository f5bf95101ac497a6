package io.userflowsync.e2e;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Configuration mistakes on the real command line against a real (simulated) tenant: each one is a single clear
 * {@code error:} line, nothing reaches Graph, and no Java class name or stack trace reaches the user (issue 6,
 * items 9 and 14).
 */
class SettingsErrorsTest {
    // A Java class name as a user would see one: dotted lower-case package and a capitalised Exception or Error.
    private static final String CLASS_NAME = ".*(\\b[a-z]+\\.)+[A-Z]\\w*|.*\\b\\w+(Exception|Error)\\b.*";

    @TempDir
    Path dir;
    TestTenant t;
    Path desired;

    @BeforeEach
    void start() throws Exception {
        t = TestTenant.demoLike();
        desired = TestTenant.desired(dir, ReconcileCommandsTest.DESIRED);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void aMisspeltSettingGivenWithSetIsRefusedInsteadOfPlanningWithTheDefault() {
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--set", "sync.polcy=upsert-only");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("error: unknown setting 'sync.polcy' given with --set. Did you mean 'sync.policy'?\n");
        assertThat(plan.out()).isEmpty();
        assertThat(t.simulator.requests()).as("nothing reached Graph").isEmpty();
    }

    @Test
    void aMisspeltSettingInTheConfigFileIsRefusedWithItsLine() throws Exception {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "# policy for prod\nsync.polcy = upsert-only\n");

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--config", config.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("error: " + config
                + ":2: unknown setting 'sync.polcy' (given with --config). Did you mean 'sync.policy'?\n");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void theShippedApplicationPropertiesIsAcceptedAsTheConfigFile() {
        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--config", "config/application.properties");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
    }

    @Test
    void aCamelSettingCamelRefusesIsNamedWithoutJavaClassNames() throws Exception {
        Path config = dir.resolve("camel.properties");
        Files.writeString(config, "camel.main.shutdown-timout = 5\n");

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--config", config.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("error: Camel refused its setting camel.main.shutdownTimout:"
                + " Camel has no such option\n");
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void aMissingConfigFileSaysWhatIsMissing() {
        Path missing = dir.resolve("prod.properties");

        TestTenant.Result plan = t.run("plan", "--desired", desired.toString(), "--config", missing.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).isEqualTo("error: the settings file " + missing + " (given with --config) does not exist\n");
    }

    @Test
    void planWithAMissingDesiredPathFailsBeforeCamelStarts() {
        Path missing = dir.resolve("tenants/prod");
        try (CamelLog camel = new CamelLog()) {
            TestTenant.Result plan = t.run("plan", "--desired", missing.toString());

            assertThat(plan.exitCode()).isEqualTo(1);
            assertThat(plan.err()).isEqualTo("error: the desired state " + missing
                    + " (sync.desired.path, --desired) does not exist: give a YAML file or a folder of them\n");
            assertThat(camel.events()).as("Camel never started").isEmpty();
        }
        assertThat(t.simulator.requests()).isEmpty();
    }

    @Test
    void planWithoutCredentialsOrWithABadPolicyNamesEveryProblemBeforeCamelStarts() {
        try (CamelLog camel = new CamelLog()) {
            TestTenant.Result plan = t.run(java.util.Map.of(), "plan", "--desired", desired.toString(), "--policy", "upsert");

            assertThat(plan.exitCode()).isEqualTo(1);
            assertThat(plan.err()).isEqualTo("""
                    error: 4 problems with the settings:
                      setting azure.tenant.id (environment variable AZURE_TENANT_ID) is required
                      setting azure.client.id (environment variable AZURE_CLIENT_ID) is required
                      no credential: set AZURE_CLIENT_SECRET (azure.client.secret), AZURE_CLIENT_CERTIFICATE_PATH (azure.client.certificate.path) or AZURE_FEDERATED_TOKEN_FILE (azure.federated.token.file)
                      setting sync.policy must be sync or upsert-only, got 'upsert'
                    """);
            assertThat(camel.events()).isEmpty();
        }
    }

    @Test
    void anUnexpectedFailureIsOneLineWithoutJavaClassNames() throws Exception {
        Path seed = dir.resolve("seed.json");
        Files.writeString(seed, "not json");

        TestTenant.Result simulate = t.run("simulate", "--seed", seed.toString(), "--port", "0");

        assertThat(simulate.exitCode()).isEqualTo(1);
        assertThat(simulate.err()).startsWith("error: the tenant seed is not valid JSON: ")
                .endsWith(" (run with --verbose for the details)\n");
        assertThat(simulate.err().lines()).hasSize(1).noneMatch(l -> l.matches(CLASS_NAME));
    }

    @Test
    void aMissingFileIsNamedAsMissingNotJustByItsPath() {
        Path missing = dir.resolve("seed.json");

        TestTenant.Result simulate = t.run("simulate", "--seed", missing.toString(), "--port", "0");

        assertThat(simulate.exitCode()).isEqualTo(1);
        assertThat(simulate.err()).isEqualTo("error: " + missing + ": no such file or folder\n");
    }

    /** Everything Camel logs while it is open. */
    static final class CamelLog implements AutoCloseable {
        private final Logger camel = (Logger) LoggerFactory.getLogger("org.apache.camel");
        private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

        CamelLog() {
            appender.start();
            camel.addAppender(appender);
        }

        List<String> events() {
            return appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        }

        @Override
        public void close() {
            camel.detachAppender(appender);
        }
    }
}
