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
import java.util.Optional;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code sync.tenants} and the per-tenant family {@code sync.tenants.<name>.*} (issue 9, item 3). */
class TenantSettingsTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} {1} -> {2} / {3}")
    @CsvSource({
            "dev,     TENANT_ID,              sync.tenants.dev.azure.tenant.id,             SYNC_TENANTS_DEV_AZURE_TENANT_ID",
            "prod-eu, CLIENT_SECRET,          sync.tenants.prod-eu.azure.client.secret,     SYNC_TENANTS_PROD_EU_AZURE_CLIENT_SECRET",
            "t1,      FEDERATED_TOKEN_FILE,   sync.tenants.t1.azure.federated.token.file,   SYNC_TENANTS_T1_AZURE_FEDERATED_TOKEN_FILE",
            "dev,     GRAPH_ENDPOINT,         sync.tenants.dev.graph.endpoint,              SYNC_TENANTS_DEV_GRAPH_ENDPOINT"})
    void aTenantsKeyAndEnvironmentNameFollowTheConventionOfEverySetting(String tenant, TenantSetting setting,
                                                                         String key, String env) {
        assertThat(setting.key(tenant)).isEqualTo(key);
        assertThat(setting.envName(tenant)).isEqualTo(env);
        assertThat(TenantSetting.parse(key)).contains(new TenantSetting.TenantKey(tenant, setting));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"sync.tenants", "sync.tenants.dev", "sync.tenants.dev.sync.policy", "sync.tenants.Dev.azure.tenant.id",
            "sync.tenants.dev_eu.azure.tenant.id", "sync.tenants..azure.tenant.id", "azure.tenant.id"})
    void aKeyOutsideTheFamilyIsNotParsedAsOne(String key) {
        assertThat(TenantSetting.parse(key)).isEmpty();
    }

    @Test
    void aTenantsViewReplacesTheSignInSettingsAndKeepsEveryOther() {
        Properties file = new Properties();
        file.setProperty("sync.tenants", "dev, prod");
        file.setProperty("sync.tenants.dev.azure.tenant.id", "dev-directory");
        file.setProperty("sync.tenants.dev.azure.client.id", "dev-app");
        file.setProperty("sync.tenants.prod.graph.endpoint", "https://graph.microsoft.us");
        file.setProperty("sync.policy", "upsert-only");
        Settings settings = Settings.resolve(Map.of("sync.tenants.dev.azure.client.id", "dev-app-from-set"),
                Map.of("AZURE_TENANT_ID", "global-directory", "AZURE_CLIENT_SECRET", "global-secret",
                        "SYNC_TENANTS_PROD_AZURE_TENANT_ID", "prod-directory"), file);

        Settings dev = settings.forTenant("dev");
        Settings prod = settings.forTenant("prod");

        assertThat(settings.tenants()).containsExactly("dev", "prod");
        assertThat(dev.tenant()).contains("dev");
        assertThat(dev.required(Setting.TENANT_ID)).isEqualTo("dev-directory");
        assertThat(dev.required(Setting.CLIENT_ID)).isEqualTo("dev-app-from-set");
        assertThat(dev.secret(Setting.CLIENT_SECRET)).as("never another tenant's credential").isEmpty();
        assertThat(dev.required(Setting.GRAPH_ENDPOINT)).isEqualTo("https://graph.microsoft.com");
        assertThat(dev.required(Setting.POLICY)).isEqualTo("upsert-only");
        assertThat(prod.required(Setting.TENANT_ID)).isEqualTo("prod-directory");
        assertThat(prod.required(Setting.GRAPH_ENDPOINT)).isEqualTo("https://graph.microsoft.us");
        assertThat(settings.required(Setting.TENANT_ID)).isEqualTo("global-directory");
    }

    @Test
    void aMissingTenantSettingIsNamedByItsPerTenantKeyAndEnvironmentVariable() {
        Settings dev = Settings.resolve(Map.of("sync.tenants", "dev"), Map.of("AZURE_CLIENT_ID", "global"),
                new Properties()).forTenant("dev");

        assertThatThrownBy(() -> dev.required(Setting.CLIENT_ID)).isInstanceOf(SettingsException.class)
                .hasMessage("setting sync.tenants.dev.azure.client.id (environment variable "
                        + "SYNC_TENANTS_DEV_AZURE_CLIENT_ID) is required for tenant 'dev'");
    }

    @Test
    void aSecretMayBeAReferenceToAnEnvironmentVariableOrAFile() throws IOException {
        Path file = dir.resolve("prod-password");
        Files.writeString(file, "prod-pfx-password\n", StandardCharsets.UTF_8);
        Settings settings = Settings.resolve(Map.of("sync.tenants", "dev,prod",
                        "sync.tenants.dev.azure.client.secret", "env:DEV_SECRET",
                        "sync.tenants.prod.azure.client.certificate.password", "file:" + file),
                Map.of("DEV_SECRET", "dev-secret-value"), new Properties());

        assertThat(settings.forTenant("dev").secret(Setting.CLIENT_SECRET).orElseThrow().reveal())
                .isEqualTo("dev-secret-value");
        assertThat(settings.forTenant("prod").secret(Setting.CLIENT_CERTIFICATE_PASSWORD).orElseThrow().reveal())
                .isEqualTo("prod-pfx-password");
    }

    @Test
    void anUnresolvableReferenceNamesTheKeyAndTheReferenceNeverAValue() {
        Settings settings = Settings.resolve(Map.of("sync.tenants", "dev",
                "sync.tenants.dev.azure.client.secret", "env:DEV_SECRET"), Map.of(), new Properties());

        Settings dev = settings.forTenant("dev");

        assertThat(dev.required(Setting.POLICY)).as("only the secret waits on the reference").isEqualTo("sync");
        assertThatThrownBy(() -> dev.secret(Setting.CLIENT_SECRET)).isInstanceOf(SettingsException.class)
                .hasMessage("setting sync.tenants.dev.azure.client.secret refers to environment variable DEV_SECRET,"
                        + " which is not set or empty");
    }

    @Test
    void aKeyForATenantThatSyncTenantsDoesNotListIsRefusedByName() throws IOException {
        Path config = dir.resolve("agent.properties");
        Files.writeString(config, "sync.tenants = dev, prod\nsync.tenants.prdo.azure.tenant.id = x\n",
                StandardCharsets.UTF_8);
        Properties file = Settings.readFile(config);

        assertThatThrownBy(() -> Settings.resolve(Map.of(), Map.of(), file)).isInstanceOf(SettingsException.class)
                .hasMessage("sync.tenants.prdo.azure.tenant.id (given with --config) names tenant 'prdo', which "
                        + "sync.tenants does not list (it lists dev, prod)");
        assertThatThrownBy(() -> Settings.resolve(Map.of("sync.tenants.qa.azure.client.id", "x"), Map.of(),
                new Properties())).isInstanceOf(SettingsException.class)
                .hasMessage("sync.tenants.qa.azure.client.id (given with --set) names tenant 'qa', which "
                        + "sync.tenants does not list");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "Dev        | tenant name 'Dev' is not valid",
            "dev_eu     | tenant name 'dev_eu' is not valid",
            "dev,,prod  | tenant name '' is not valid",
            "dev, dev   | lists tenant 'dev' twice"})
    void aBadTenantListIsRefused(String tenants, String message) {
        assertThatThrownBy(() -> Settings.resolve(Map.of("sync.tenants", tenants), Map.of(), new Properties()))
                .isInstanceOf(SettingsException.class).hasMessageContaining(message);
    }

    @Test
    void withoutSyncTenantsTheAgentIsOneTenantAndHasNoTenantViews() {
        Settings settings = Settings.resolve(Map.of(), Map.of("AZURE_TENANT_ID", "one"), new Properties());

        assertThat(settings.tenants()).isEmpty();
        assertThat(settings.tenant()).isEqualTo(Optional.empty());
        assertThatThrownBy(() -> settings.forTenant("dev")).isInstanceOf(SettingsException.class)
                .hasMessage("tenant 'dev' is not one of sync.tenants (none set)");
    }
}
