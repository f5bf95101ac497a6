package io.userflowsync.simulator;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SimulatedTenantTest {

    private static InputStream json(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private static SimulatedTenant small() {
        return new SimulatedTenant("t", "c", "s3cr3t-value")
                .addConnector("c1", "One", "https://one.example", "u", "p")
                .addConnector("c2", "Two", "https://two.example", "u", "p")
                .addFlow("B2X_1_a");
    }

    @Test
    void bindsRebindsAndUnbinds() {
        SimulatedTenant tenant = small().bind("B2X_1_a", "postFederationSignup", "c1");
        tenant.bind("B2X_1_a", "postFederationSignup", "c2");
        tenant.bind("B2X_1_a", "postAttributeCollection", "c1");
        assertThat(tenant.bindings("B2X_1_a"))
                .containsExactly(Map.entry("postFederationSignup", "c2"), Map.entry("postAttributeCollection", "c1"));

        tenant.unbind("B2X_1_a", "postFederationSignup");
        assertThat(tenant.binding("B2X_1_a", "postFederationSignup")).isEmpty();
    }

    @Test
    void removingAConnectorUnbindsItEverywhere() {
        SimulatedTenant tenant = small().bind("B2X_1_a", "postAttributeCollection", "c1");

        tenant.removeConnector("c1");

        assertThat(tenant.bindings("B2X_1_a")).isEmpty();
        assertThat(tenant.connectorIds()).containsExactly("c2");
    }

    @Test
    void refusesWhatGraphCouldNotHold() {
        SimulatedTenant tenant = small();
        assertThatThrownBy(() -> tenant.addFlow("susi")).hasMessageContaining("B2X_1_");
        assertThatThrownBy(() -> tenant.bind("B2X_1_a", "postSignIn", "c1")).hasMessageContaining("postSignIn");
        assertThatThrownBy(() -> tenant.bind("B2X_1_a", "postFederationSignup", "c9")).hasMessageContaining("c9");
        assertThatThrownBy(() -> tenant.bindings("B2X_1_zz")).hasMessageContaining("B2X_1_zz");
        assertThatThrownBy(() -> tenant.pageSize(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void comparesTheSecretWithoutExposingIt() {
        SimulatedTenant tenant = small();

        assertThat(tenant.clientSecretMatches("s3cr3t-value")).isTrue();
        assertThat(tenant.clientSecretMatches("s3cr3t-valuE")).isFalse();
        assertThat(tenant.clientSecretMatches(null)).isFalse();
        assertThat(tenant.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void readsASeedFile() {
        SimulatedTenant tenant = SimulatedTenant.fromJson(json("""
                {"tenantId": "t1", "clientId": "c1", "clientSecret": "x", "pageSize": 5,
                 "connectors": [{"id": "k1", "displayName": "K", "targetUrl": "https://k.example"}],
                 "userFlows": {"B2X_1_a": {"postAttributeCollection": "k1", "postFederationSignup": null},
                               "B2C_1_b": {}}}
                """));

        assertThat(tenant.tenantId()).isEqualTo("t1");
        assertThat(tenant.flowIds()).containsExactly("B2C_1_b", "B2X_1_a");
        assertThat(tenant.bindings("B2X_1_a")).isEqualTo(Map.of("postAttributeCollection", "k1"));
        assertThat(tenant.pageSize()).isEqualTo(5);
    }

    @Test
    void aBadSeedNamesWhatIsWrong() {
        assertThatThrownBy(() -> SimulatedTenant.fromJson(json("{")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> SimulatedTenant.fromJson(json("{\"tenantId\": \"t\", \"clientId\": \"c\"}")))
                .hasMessageContaining("clientSecret");
        assertThatThrownBy(() -> SimulatedTenant.fromJson(json("""
                {"tenantId": "t", "clientId": "c", "clientSecret": "s", "connectors": [{"id": "k"}]}""")))
                .hasMessageContaining("connectors[0]").hasMessageContaining("displayName");
        assertThatThrownBy(() -> SimulatedTenant.fromJson(json("""
                {"tenantId": "t", "clientId": "c", "clientSecret": "s",
                 "userFlows": {"B2X_1_a": {"postAttributeCollection": "missing"}}}""")))
                .hasMessageContaining("userFlows.B2X_1_a.postAttributeCollection").hasMessageContaining("missing");
    }
}
