package io.userflowsync.graph;

import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which credential the settings choose, for every combination of what is set (docs/credentials.md). */
class CredentialKindTest {

    @ParameterizedTest(name = "secret {0}, certificate {1}, password {2}, token file {3} -> {4}")
    @CsvSource(delimiter = '|', value = {
            // secret | certificate | password | token file | chosen, or the refusal | warned
            "false | false | false | false | no credential: set AZURE_CLIENT_SECRET       | false",
            "true  | false | false | false | CLIENT_SECRET                                | false",
            "false | true  | false | false | CERTIFICATE                                  | false",
            "false | true  | true  | false | CERTIFICATE                                  | false",
            "false | false | false | true  | WORKLOAD_IDENTITY                            | false",
            "true  | false | false | true  | CLIENT_SECRET                                | true",
            "false | true  | true  | true  | CERTIFICATE                                  | true",
            "true  | true  | false | false | two credentials are set, AZURE_CLIENT_SECRET | false",
            "true  | true  | true  | true  | two credentials are set, AZURE_CLIENT_SECRET | false",
            "false | false | true  | false | AZURE_CLIENT_CERTIFICATE_PASSWORD (azure.client.certificate.password) is set but | false",
            "true  | false | true  | false | AZURE_CLIENT_CERTIFICATE_PASSWORD (azure.client.certificate.password) is set but | false",
            "false | false | true  | true  | AZURE_CLIENT_CERTIFICATE_PASSWORD (azure.client.certificate.password) is set but | false"})
    void theSettingsChooseOneCredentialOrAreRefusedByName(boolean secret, boolean certificate, boolean password,
                                                          boolean tokenFile, String expected, boolean warned) {
        Map<String, String> env = new HashMap<>();
        if (secret) {
            env.put("AZURE_CLIENT_SECRET", "s3cret-value");
        }
        if (certificate) {
            env.put("AZURE_CLIENT_CERTIFICATE_PATH", "/etc/ucs/app.pem");
        }
        if (password) {
            env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", "pfx-password");
        }
        if (tokenFile) {
            env.put("AZURE_FEDERATED_TOKEN_FILE", "/var/run/secrets/azure/tokens/azure-identity-token");
        }
        Settings settings = Settings.resolve(Map.of(), env, new Properties());

        if (expected.equals(expected.toUpperCase(java.util.Locale.ROOT))) {
            CredentialKind.Choice choice = CredentialKind.choose(settings);
            assertThat(choice.kind()).isEqualTo(CredentialKind.valueOf(expected));
            assertThat(choice.warnings()).hasSize(warned ? 1 : 0)
                    .allSatisfy(w -> assertThat(w).startsWith("AZURE_FEDERATED_TOKEN_FILE (azure.federated.token.file)"
                            + " is set too").contains("is not used"));
        } else {
            assertThatThrownBy(() -> CredentialKind.choose(settings)).isInstanceOf(SettingsException.class)
                    .hasMessageStartingWith(expected)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret-value", "pfx-password"));
        }
    }
}
