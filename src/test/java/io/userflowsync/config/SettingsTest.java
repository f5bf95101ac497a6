package io.userflowsync.config;

import org.junit.jupiter.api.Test;

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
}
