package io.userflowsync.e2e;

import io.userflowsync.cli.Commands;
import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.RecordedBatch;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.simulator.TenantGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 7 end to end: the real {@code apply} and {@code plan} commands at F = 250 flows over HTTP, against a simulator
 * that answers each request after 20 ms (so that requests do overlap). The run sends only the requests the job needs,
 * batches of at most 20, never more than graph.max-concurrency at once, and converges; a second apply writes nothing.
 */
class BatchedReconcileAtScaleTest {
    private static final int FLOWS = 250;
    private static final int CONCURRENCY = 3;
    private static final String SECRET = "at-scale-secret";

    @TempDir
    Path dir;

    @Test
    void applyAt250FlowsConvergesWithOnlyTheRequestsItNeedsAndASecondApplyWritesNothing() throws Exception {
        TenantGenerator.Generated generated = TenantGenerator.generate(FLOWS, 0.2, 7L, "scale-tenant", "scale-client",
                SECRET);
        Path desired = dir.resolve("flows.yaml");
        Files.writeString(desired, generated.desiredYaml());
        // Lifted: this test counts the requests of one unpaced apply (over 500 in a minute), not Graph's throttling.
        try (GraphSimulator simulator = GraphSimulator.start(generated.tenant(), 0, Clock.systemUTC(),
                Duration.ofMillis(20), GraphQuota.unlimited())) {
            Map<String, String> env = environment(simulator);

            TestTenant.Result apply = run(env, "apply", "--desired", desired.toString());

            assertThat(apply.exitCode()).as(apply.all()).isZero();
            assertThat(apply.out()).contains("Apply: applied " + generated.driftedSteps() + ", verified "
                    + generated.driftedSteps() + ", not effective 0, unverified 0, failed 0");
            List<RecordedRequest> http = outer(simulator);
            List<RecordedBatch> batches = simulator.batches();
            Map<String, List<String>> writesByFlow = new TreeMap<>();
            for (RecordedBatch batch : batches) {
                batch.inner().stream().filter(r -> !r.method().equals("GET"))
                        .forEach(r -> writesByFlow.computeIfAbsent(r.path().split("/")[4], f -> new ArrayList<>())
                                .add(r.line()));
            }
            int writes = writesByFlow.values().stream().mapToInt(List::size).sum();
            int changedFlows = writesByFlow.size();
            long flowsWithTwoWrites = writesByFlow.values().stream().filter(w -> w.size() == 2).count();
            assertThat(writes).isEqualTo(generated.driftedSteps());
            // token, one page of connectors (25 < 100), ceil(250/20) reads, one audit-log query (the plan has drift:
            // who caused it, issue 9 item 4), the writes in two waves (a flow's second write after its first),
            // ceil(changed flows/20) re-reads; no flow listing, as every read succeeded
            long expected = 1 + 1 + ceil(FLOWS) + 1 + ceil(changedFlows) + ceil(flowsWithTwoWrites)
                    + ceil(changedFlows);
            assertThat(http).as(describe(http)).hasSize((int) expected);
            assertThat(http).filteredOn(r -> r.path().endsWith("/token")).hasSize(1);
            assertThat(http).filteredOn(r -> r.line().startsWith("GET /v1.0/identity/apiConnectors")).hasSize(1);
            assertThat(http).filteredOn(r -> r.path().endsWith("/b2xUserFlows")).as("no flow listing").isEmpty();
            assertThat(http).filteredOn(r -> r.path().endsWith("/auditLogs/directoryAudits")).hasSize(1);
            assertThat(batches).allSatisfy(b -> assertThat(b.size()).isBetween(1, 20));
            assertThat(batches.stream().mapToInt(RecordedBatch::size).sum())
                    .isEqualTo(FLOWS + writes + changedFlows);
            assertThat(simulator.maxInFlight()).as("graph.max-concurrency").isBetween(2, CONCURRENCY);

            simulator.clearRequests();
            TestTenant.Result again = run(env, "apply", "--desired", desired.toString());

            assertThat(again.exitCode()).as(again.all()).isZero();
            assertThat(again.out()).contains("No changes.");
            assertThat(simulator.writeCount()).isZero();
            assertThat(outer(simulator)).as("token, connectors, reads; no writes, no re-reads")
                    .hasSize(1 + 1 + (int) ceil(FLOWS));
        }
    }

    private static long ceil(long n) {
        return (n + 19) / 20;
    }

    private static List<RecordedRequest> outer(GraphSimulator simulator) {
        return simulator.requests().stream().filter(r -> !r.insideBatch()).toList();
    }

    private static String describe(List<RecordedRequest> http) {
        return http.stream().collect(Collectors.groupingBy(RecordedRequest::line, TreeMap::new,
                Collectors.counting())).toString();
    }

    private static Map<String, String> environment(GraphSimulator simulator) {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", simulator.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", simulator.baseUrl());
        env.put("AZURE_TENANT_ID", simulator.tenant().tenantId());
        env.put("AZURE_CLIENT_ID", simulator.tenant().clientId());
        env.put("AZURE_CLIENT_SECRET", SECRET);
        env.put("GRAPH_MAX_CONCURRENCY", Integer.toString(CONCURRENCY));
        env.put("GRAPH_MAX_REQUESTS_PER_MINUTE", "0"); // measures batching, not the quota
        // This test is about requests, not guards: 20% of 500 steps is over the default sync.max-unbinds and
        // sync.max-changes, which would hold the whole plan back (issue 8).
        env.put("SYNC_MAX_UNBINDS", "100%");
        env.put("SYNC_MAX_CHANGES", "100%");
        return env;
    }

    private static TestTenant.Result run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Commands(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env).run(args);
        return new TestTenant.Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
