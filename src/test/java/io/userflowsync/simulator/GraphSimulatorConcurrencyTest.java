package io.userflowsync.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSimulatorConcurrencyTest {

    @Test
    void concurrentWritesAndReadsAllLand() {
        TenantGenerator.Generated generated = TenantGenerator.generate(120, 0, 5, "t", "c", "s");
        SimulatedTenant tenant = generated.tenant();
        String connector = tenant.connectorIds().get(0);
        // Lifted: 240 requests at once are about concurrency; past 200 Graph's quota would answer 429.
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0, GraphQuota.unlimited())) {
            String token = new SimulatorClient(simulator).signIn(tenant, "s").token();
            simulator.clearRequests();
            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
            for (String flow : tenant.flowIds()) {
                String config = simulator.baseUrl() + "/v1.0/identity/b2xUserFlows/" + flow
                        + "/apiConnectorConfiguration";
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(config + "/postAttributeCollection/$ref"))
                        .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString("{\"@odata.id\":\"https://graph.microsoft.com/v1.0"
                                + "/identity/apiConnectors/" + connector + "\"}")).build(),
                        HttpResponse.BodyHandlers.ofString()));
                calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(config + "?$expand=postFederationSignup"))
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString()));
            }

            assertThat(calls).allSatisfy(call -> assertThat(call.join().statusCode()).isIn(200, 204));
            assertThat(tenant.flowIds()).allSatisfy(flow ->
                    assertThat(tenant.binding(flow, "postAttributeCollection")).contains(connector));
            assertThat(simulator.requests()).hasSize(240);
            assertThat(simulator.writeCount()).isEqualTo(120);
        }
    }
}
