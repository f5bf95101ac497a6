package io.userflowsync.cli;

import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * Serves a simulated tenant on loopback until the process is stopped, for trying the agent against it. The simulator
 * enforces Graph's published quota unless {@code --quota-per-app}, {@code --quota-per-tenant},
 * {@code --other-apps-per-minute} or {@code --no-quota} say otherwise ({@link QuotaOptions}).
 */
final class Simulate {
    private final PrintStream out;

    Simulate(PrintStream out) {
        this.out = out;
    }

    int run(CommandLine cmd) throws Exception {
        SimulatedTenant tenant;
        if (cmd.seed().isPresent()) {
            try (InputStream in = Files.newInputStream(cmd.seed().get())) {
                tenant = SimulatedTenant.fromJson(in);
            }
        } else {
            tenant = SimulatedTenant.demo();
        }
        GraphSimulator simulator = GraphSimulator.start(tenant, cmd.port().orElse(8089), Clock.systemUTC(),
                Duration.ofMillis(cmd.latencyMs().orElse(0)), cmd.quota().quota());
        if (cmd.verbose()) {
            // One line per request with its User-Agent: which agent instance called (issue 8, deploy/container-test).
            simulator.onRequest(r -> out.println(r.line()));
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }));
        out.println("Simulated tenant serving on " + simulator.baseUrl()
                + cmd.latencyMs().filter(ms -> ms > 0).map(ms -> ", answering each request after " + ms + " ms")
                .orElse("") + " (Ctrl-C to stop).");
        out.println("Graph's quota: " + simulator.quota()
                + (simulator.quota().limited() ? "; past it, 429 with Retry-After (--no-quota lifts it)." : "."));
        out.println("Point the agent at it:");
        out.println("  export GRAPH_ENDPOINT=" + simulator.baseUrl() + " AZURE_AUTHORITY_HOST=" + simulator.baseUrl());
        out.println("  export AZURE_TENANT_ID=" + tenant.tenantId() + " AZURE_CLIENT_ID=" + tenant.clientId());
        out.println("  export AZURE_CLIENT_SECRET=...   # the seed's client secret (the demo tenant's is in docs/simulator.md)");
        stopped.await();
        return Commands.OK;
    }
}
