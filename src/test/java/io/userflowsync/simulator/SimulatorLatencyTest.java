package io.userflowsync.simulator;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;

import static io.userflowsync.simulator.GraphSimulatorTest.SECRET;
import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's stand-in for distance (issue 7): a latency per HTTP request, and the peak of requests at once. */
class SimulatorLatencyTest {

    @Test
    void everyAnswerComesNoSoonerThanTheLatencyAndTheSimulatorCountsTheMostRequestsAtOnce() {
        SimulatedTenant tenant = SimulatedTenant.demo();
        try (GraphSimulator simulator = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(500))) {
            SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);
            simulator.clearRequests();

            long start = System.nanoTime();
            client.get("/v1.0/identity/b2xUserFlows");
            Duration oneRequest = Duration.ofNanos(System.nanoTime() - start);
            int sequential = simulator.maxInFlight();

            HttpClient http = HttpClient.newHttpClient();
            List<CompletableFuture<HttpResponse<Void>>> five = IntStream.range(0, 5).mapToObj(i -> http.sendAsync(
                    HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1.0/identity/apiConnectors"))
                            .header("Authorization", "Bearer " + client.token()).build(),
                    HttpResponse.BodyHandlers.discarding())).toList();
            five.forEach(f -> assertThat(f.join().statusCode()).isEqualTo(200));

            assertThat(oneRequest).isGreaterThanOrEqualTo(Duration.ofMillis(500));
            assertThat(sequential).isEqualTo(1);
            assertThat(simulator.maxInFlight()).isEqualTo(5);
            simulator.clearRequests();
            assertThat(simulator.maxInFlight()).isZero();
        }
    }

    @Test
    void aNegativeLatencyIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> GraphSimulator.start(SimulatedTenant.demo(), 0,
                Clock.systemUTC(), Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);
    }
}
