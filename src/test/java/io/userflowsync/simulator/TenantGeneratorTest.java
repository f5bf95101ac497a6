package io.userflowsync.simulator;

import io.userflowsync.simulator.TenantGenerator.Generated;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TenantGeneratorTest {

    private static final String TENANT = "00000000-0000-0000-0000-0000000be7c4";
    private static final String CLIENT = "22222222-0000-0000-0000-000000000001";

    private static Generated generate(int flows, double drift, long seed) {
        return TenantGenerator.generate(flows, drift, seed, TENANT, CLIENT, "bench-secret");
    }

    /** flow → step → wanted connector id (empty = must call none), read with a real YAML parser. */
    @SuppressWarnings("unchecked")
    private static Map<String, Map<String, Optional<String>>> desired(Generated generated) {
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(generated.desiredYaml());
        Map<String, String> idByName = new HashMap<>();
        SimulatedTenant tenant = generated.tenant();
        for (String id : tenant.connectorIds()) {
            idByName.put(tenant.connector(id).orElseThrow().displayName(), id);
        }
        Map<String, Map<String, Optional<String>>> result = new HashMap<>();
        ((Map<String, Map<String, Object>>) root.get("userFlows")).forEach((flow, steps) -> {
            Map<String, Optional<String>> wanted = new HashMap<>();
            steps.forEach((step, value) -> {
                if (value == null) {
                    wanted.put(step, Optional.empty());
                } else if (value instanceof Map<?, ?> byId) {
                    assertThat(tenant.connectorIds()).contains((String) byId.get("id"));
                    wanted.put(step, Optional.of((String) byId.get("id")));
                } else {
                    assertThat(idByName).containsKey((String) value);
                    wanted.put(step, Optional.of(idByName.get((String) value)));
                }
            });
            result.put(flow, wanted);
        });
        return result;
    }

    @Test
    void theDesiredYamlDiffersFromTheTenantInExactlyTheDriftedSteps() {
        Generated generated = generate(200, 0.1, 42);
        Map<String, Map<String, Optional<String>>> desired = desired(generated);

        int differing = 0;
        for (var flow : desired.entrySet()) {
            assertThat(flow.getValue()).containsOnlyKeys("postFederationSignup", "postAttributeCollection");
            for (var step : flow.getValue().entrySet()) {
                if (!generated.tenant().binding(flow.getKey(), step.getKey()).equals(step.getValue())) {
                    differing++;
                }
            }
        }

        assertThat(desired).hasSize(200).containsKeys("B2X_1_flow0001", "B2X_1_flow0200");
        assertThat(generated.driftedSteps()).isEqualTo(40);
        assertThat(differing).isEqualTo(40);
        assertThat(generated.tenant().flowIds()).hasSize(200);
        assertThat(generated.tenant().connectorIds()).hasSize(20);
    }

    @Test
    void theYamlMixesAllThreeFormsAndQuotesNamesThatNeedIt() {
        String yaml = generate(50, 0.2, 7).desiredYaml();

        assertThat(yaml).startsWith("#").contains("\nuserFlows:\n")
                .contains(": null\n").contains(": {id: ").contains(": Check partner domain ")
                .contains(": \"Audit: sign-up #");
    }

    @Test
    void theSameSeedGivesTheSameTenantAndYaml() {
        Generated a = generate(100, 0.3, 1234);
        Generated b = generate(100, 0.3, 1234);
        Generated other = generate(100, 0.3, 4321);

        assertThat(a.desiredYaml()).isEqualTo(b.desiredYaml()).isNotEqualTo(other.desiredYaml());
        assertThat(a.tenant().connectorIds()).isEqualTo(b.tenant().connectorIds());
        for (String flow : a.tenant().flowIds()) {
            assertThat(a.tenant().bindings(flow)).isEqualTo(b.tenant().bindings(flow));
        }
        assertThat(a.driftedSteps()).isEqualTo(b.driftedSteps()).isEqualTo(60);
    }

    @Test
    void noDriftAndFullDriftAreBothPossible() {
        Generated none = generate(30, 0, 1);
        Generated all = generate(30, 1, 1);

        assertThat(none.driftedSteps()).isZero();
        assertThat(all.driftedSteps()).isEqualTo(60);
        assertThat(generate(0, 0.5, 1).desiredYaml()).contains("userFlows: {}");
    }

    @Test
    void theGeneratedTenantServesOverHttp() {
        Generated generated = generate(250, 0.05, 99);
        try (GraphSimulator simulator = GraphSimulator.start(generated.tenant(), 0)) {
            SimulatorClient client = new SimulatorClient(simulator).signIn(generated.tenant(), "bench-secret");
            assertThat(client.get("/v1.0/identity/b2xUserFlows?$top=999").json().get("value")).hasSize(250);
        }
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> generate(-1, 0.1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generate(10, 1.5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> generate(10, Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void yamlStringsArePlainOnlyWhenSafe() {
        assertThat(TenantGenerator.yamlString("Check partner domain")).isEqualTo("Check partner domain");
        assertThat(TenantGenerator.yamlString("Audit: x #1")).isEqualTo("\"Audit: x #1\"");
        assertThat(TenantGenerator.yamlString("null")).isEqualTo("\"null\"");
        assertThat(TenantGenerator.yamlString("say \"hi\"")).isEqualTo("\"say \\\"hi\\\"\"");
        assertThat(List.of("Yes", "12", "-x", "a ")).allSatisfy(s ->
                assertThat(TenantGenerator.yamlString(s)).startsWith("\""));
    }
}
