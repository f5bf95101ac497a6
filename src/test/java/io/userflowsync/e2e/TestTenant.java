package io.userflowsync.e2e;

import io.userflowsync.cli.Commands;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A simulated tenant on loopback plus the environment that points the agent at it, and a way to run the real
 * commands in-process and capture what they print.
 */
final class TestTenant implements AutoCloseable {
    static final String SECRET = "s3cr3t-Value-That-Must-Never-Leak";

    final SimulatedTenant tenant;
    final GraphSimulator simulator;

    private TestTenant(SimulatedTenant tenant) {
        this(tenant, GraphSimulator.start(tenant, 0));
    }

    private TestTenant(SimulatedTenant tenant, GraphSimulator simulator) {
        this.tenant = tenant;
        this.simulator = simulator;
    }

    /** A tenant whose every answer takes {@code latency} (Graph's quota as published). */
    static TestTenant slow(SimulatedTenant tenant, java.time.Duration latency) {
        return new TestTenant(tenant, GraphSimulator.start(tenant, 0, java.time.Clock.systemUTC(), latency));
    }

    /** The demo tenant's flows and connectors, with a client secret of the test's own. */
    static TestTenant demoLike() {
        SimulatedTenant t = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", SECRET);
        t.addConnector("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07", "Check partner domain", "https://partner.example/check", "api", "pw-check-1")
                .addConnector("7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10", "Enrich partner profile", "https://partner.example/enrich", "api", "pw-enrich-2")
                .addConnector("c4a1e9d2-58b3-4f60-a7e2-91d0b3c5f824", "Validate loyalty number", "https://loyalty.example/validate", "api", "pw-loyal-3")
                .addConnector("e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056", "Legacy CRM hook", "https://crm.example/hook", "api", "pw-legacy-4");
        t.addFlow("B2X_1_partner_signup").addFlow("B2X_1_customers").addFlow("B2X_1_contractors").addFlow("B2X_1_employees");
        t.bind("B2X_1_partner_signup", "postAttributeCollection", "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056");
        t.bind("B2X_1_customers", "postFederationSignup", "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056");
        t.bind("B2X_1_customers", "postAttributeCollection", "c4a1e9d2-58b3-4f60-a7e2-91d0b3c5f824");
        t.bind("B2X_1_contractors", "postAttributeCollection", "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056");
        t.bind("B2X_1_employees", "postAttributeCollection", "e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056");
        return new TestTenant(t);
    }

    static TestTenant of(SimulatedTenant tenant) {
        return new TestTenant(tenant);
    }

    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", simulator.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
        env.put("AZURE_TENANT_ID", tenant.tenantId());
        env.put("AZURE_CLIENT_ID", tenant.clientId());
        env.put("AZURE_CLIENT_SECRET", SECRET);
        // Fast retries: the simulator's Retry-After is honoured, but tests should not wait long for backoff.
        env.put("GRAPH_MAX_ATTEMPTS", "3");
        return env;
    }

    Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    Result run(String... args) {
        return run(environment(), args);
    }

    /** Writes a desired-state file and gives its path. */
    static Path desired(Path dir, String yaml) throws IOException {
        Path file = dir.resolve("flows.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    List<String> writes() {
        List<String> writes = new ArrayList<>();
        simulator.requests().stream()
                .filter(r -> !r.method().equals("GET") && !r.path().endsWith("/token") && !r.path().endsWith("$batch"))
                .forEach(r -> writes.add(r.method() + " " + r.path()));
        return writes;
    }

    @Override
    public void close() {
        simulator.close();
    }

    record Result(int exitCode, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }
}
