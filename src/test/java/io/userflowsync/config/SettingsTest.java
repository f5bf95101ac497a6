package io.userflowsync.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {
    @Test
    void overridesBeatEnvironmentWhichBeatsTheFileWhichBeatsDefaults() {
        Properties file = new Properties();
        file.setProperty("sync.policy", "upsert-only");
        file.setProperty("graph.endpoint", "https://graph.microsoft.us");
        file.setProperty("sync.schedule", "0 0 * * * ?");

        Settings s = Settings.resolve(Map.of("sync.schedule", "0/10 * * * * ?"),
                Map.of("GRAPH_ENDPOINT", "https://microsoftgraph.chinacloudapi.cn", "SYNC_SCHEDULE", "ignored"), file);

        assertThat(s.required(Setting.SCHEDULE)).isEqualTo("0/10 * * * * ?");
        assertThat(s.required(Setting.GRAPH_ENDPOINT)).isEqualTo("https://microsoftgraph.chinacloudapi.cn");
        assertThat(s.required(Setting.POLICY)).isEqualTo("upsert-only");
        assertThat(s.required(Setting.AUTHORITY_HOST)).isEqualTo("https://login.microsoftonline.com");
    }

    @Test
    void environmentNamesFollowTheAzureSdkNames() {
        assertThat(Setting.TENANT_ID.envName()).isEqualTo("AZURE_TENANT_ID");
        assertThat(Setting.CLIENT_SECRET.envName()).isEqualTo("AZURE_CLIENT_SECRET");
        assertThat(Setting.AUTHORITY_HOST.envName()).isEqualTo("AZURE_AUTHORITY_HOST");
        assertThat(Setting.GRAPH_ENDPOINT.envName()).isEqualTo("GRAPH_ENDPOINT");
        assertThat(Setting.SCHEDULE.envName()).isEqualTo("SYNC_SCHEDULE");
        assertThat(Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE.envName()).isEqualTo("SYNC_EXPERIMENTAL_PRE_TOKEN_ISSUANCE");
    }

    @Test
    void aSecretIsOnlyReadableAsASecretAndNeverPrints() {
        Settings s = Settings.resolve(Map.of(), Map.of("AZURE_CLIENT_SECRET", "hunter2-value"), new Properties());

        Secret secret = s.secret(Setting.CLIENT_SECRET).orElseThrow();

        assertThat(secret.reveal()).isEqualTo("hunter2-value");
        assertThat(secret.toString()).doesNotContain("hunter2");
        assertThat(String.valueOf(java.util.List.of(secret))).doesNotContain("hunter2");
        assertThatThrownBy(() -> s.optional(Setting.CLIENT_SECRET)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMissingRequiredSettingNamesItsEnvironmentVariable() {
        Settings s = Settings.resolve(Map.of(), Map.of(), new Properties());

        assertThatThrownBy(() -> s.required(Setting.TENANT_ID)).isInstanceOf(SettingsException.class)
                .hasMessageContaining("azure.tenant.id").hasMessageContaining("AZURE_TENANT_ID");
    }

    @Test
    void malformedNumbersAndBooleansAreRejected() {
        Settings s = Settings.resolve(Map.of("graph.max-attempts", "many",
                "sync.experimental.pre-token-issuance", "yes"), Map.of(), new Properties());

        assertThatThrownBy(() -> s.integer(Setting.GRAPH_MAX_ATTEMPTS)).hasMessageContaining("whole number");
        assertThatThrownBy(() -> s.bool(Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE)).hasMessageContaining("true or false");
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "--set {0} is refused: {1}")
    @CsvSource(delimiter = '|', value = {
            "sync.polcy            | unknown setting 'sync.polcy' given with --set. Did you mean 'sync.policy'?",
            "Sync.Policy           | unknown setting 'Sync.Policy' given with --set. Did you mean 'sync.policy'?",
            "sync.git.ssh.knownhosts | unknown setting 'sync.git.ssh.knownhosts' given with --set. Did you mean 'sync.git.ssh.known-hosts'?",
            "azure.client.secrt    | unknown setting 'azure.client.secrt' given with --set. Did you mean 'azure.client.secret'?",
            "frobnicate            | unknown setting 'frobnicate' given with --set; docs/settings.md lists them all",
            "camel.main.name       | camel.main.name is Camel's own setting: give it in the --config file, --set takes the agent's settings only"})
    void anUnknownKeyGivenWithSetIsRefusedByNameWithTheClosestSetting(String key, String message) {
        assertThatThrownBy(() -> Settings.resolve(Map.of(key, "hunter2-value"), Map.of(), new Properties()))
                .isInstanceOf(SettingsException.class).hasMessage(message);
    }

    @Test
    void environmentVariablesAreNotCheckedBecauseTheEnvironmentHoldsEverything() {
        Settings s = Settings.resolve(Map.of(), Map.of("SYNC_POLCY", "upsert-only", "PATH", "/bin"), new Properties());

        assertThat(s.required(Setting.POLICY)).isEqualTo("sync");
    }

    @Test
    void anUnknownKeyInTheConfigFileIsRefusedWithItsFileAndLine() throws IOException {
        Path file = write("settings.properties", """
                # our settings
                sync.policy = upsert-only
                sync.polcy = upsert-only
                camel.main.shutdown-timeout = 5
                  graph.endpointt : https://graph.microsoft.us
                """);

        assertThatThrownBy(() -> Settings.readFile(file)).isInstanceOf(SettingsException.class).hasMessage(
                "2 unknown settings in " + file + " (given with --config):\n"
                        + "  " + file + ":3: unknown setting 'sync.polcy'. Did you mean 'sync.policy'?\n"
                        + "  " + file + ":5: unknown setting 'graph.endpointt'. Did you mean 'graph.endpoint'?");
    }

    @Test
    void oneUnknownKeyInTheConfigFileIsOneLine() throws IOException {
        Path file = write("one.properties", "sync.polcy=upsert-only\n");

        assertThatThrownBy(() -> Settings.readFile(file)).isInstanceOf(SettingsException.class).hasMessage(
                file + ":1: unknown setting 'sync.polcy' (given with --config). Did you mean 'sync.policy'?");
    }

    @Test
    void camelsOwnKeysInTheConfigFilePassThroughAndOurKeysAreRead() throws IOException {
        Path file = write("ok.properties", """
                sync.policy = upsert-only
                camel.main.shutdown-timeout = 5
                """);

        Properties p = Settings.readFile(file);

        assertThat(Settings.resolve(Map.of(), Map.of(), p).required(Setting.POLICY)).isEqualTo("upsert-only");
        assertThat(p.getProperty("camel.main.shutdown-timeout")).isEqualTo("5");
    }

    @Test
    void aKeySetTwiceInTheConfigFileIsRefusedWithBothLines() throws IOException {
        Path file = write("twice.properties", "sync.policy = upsert-only\n\nsync.policy = sync\n");

        assertThatThrownBy(() -> Settings.readFile(file)).isInstanceOf(SettingsException.class).hasMessage(
                file + ":3: sync.policy is already set at line 1 (given with --config); set each setting once");
    }

    @Test
    void aMissingConfigFileSaysWhatIsMissingAndWhereItWasGiven() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> Settings.readFile(missing)).isInstanceOf(SettingsException.class)
                .hasMessage("the settings file " + missing + " (given with --config) does not exist");
    }

    @Test
    void aFolderGivenAsConfigFileIsRefused() {
        assertThatThrownBy(() -> Settings.readFile(dir)).isInstanceOf(SettingsException.class)
                .hasMessage("the settings file " + dir + " (given with --config) is a folder, not a properties file");
    }

    @Test
    void aConfigFileThatIsNotUtf8OrHasABrokenEscapeIsRefusedWithoutAStackTrace() throws IOException {
        Path latin1 = dir.resolve("latin1.properties");
        Files.write(latin1, "sync.git.username = J\u00f6rg\n".getBytes(StandardCharsets.ISO_8859_1));
        Path escape = write("escape.properties", "sync.git.username = \\uZZZZ\n");

        assertThatThrownBy(() -> Settings.readFile(latin1)).isInstanceOf(SettingsException.class)
                .hasMessage("the settings file " + latin1 + " (given with --config) is not UTF-8 text");
        assertThatThrownBy(() -> Settings.readFile(escape)).isInstanceOf(SettingsException.class)
                .hasMessageStartingWith("the settings file " + escape + " (given with --config) cannot be read: ")
                .hasMessageContaining("\\uxxxx");
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }
}
