import io.userflowsync.cli.Commands;
import io.userflowsync.simulator.AuditActor;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.simulator.TenantGenerator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Who caused the drift (issue 9 item 4): what the audit lookup costs a run. On a generated tenant with F user flows, a
 * share of drifted steps and an audit log of E outside changes (spread over the flows, the newest last), runs `plan`
 * as the real command in this JVM with sync.forensics=on and =off in turn, every request answered after L ms, and
 * prints the Graph requests (a $batch counts once), the audit-log requests among them, how many changes were
 * attributed (the cap of 5 pages of 100 leaves the older entries unread), the wall time and peak heap.
 *
 * Run through bench/forensics.sh, which builds the jar first. Not a test: nothing passes or fails.
 */
public class ForensicsBench {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int flows = Integer.parseInt(option(args, "--flows", "200"));
        double drift = Double.parseDouble(option(args, "--drift", "0.1"));
        int entries = Integer.parseInt(option(args, "--audit-entries", "1000"));
        int latency = Integer.parseInt(option(args, "--latency-ms", "30"));
        int runs = Integer.parseInt(option(args, "--runs", "3"));
        String secret = "bench-secret";
        Path work = Files.createTempDirectory("bench-forensics");
        Path desired = work.resolve("desired.yaml");
        TenantGenerator.Generated generated = TenantGenerator.generate(flows, drift, 42L, "bench-tenant",
                "bench-client", secret);
        Files.writeString(desired, generated.desiredYaml());
        SimulatedTenant tenant = generated.tenant();
        List<String> ids = tenant.flowIds();
        Instant now = Instant.now();
        for (int i = 0; i < entries; i++) {
            // Re-binds what a step already calls: the audit log grows, the drift stays what the generator made.
            String flow = ids.get(i % ids.size());
            AuditActor actor = AuditActor.user("user" + i + "@contoso.com");
            Instant at = now.minusSeconds(entries - i);
            var bound = tenant.binding(flow, "postAttributeCollection");
            if (bound.isPresent()) {
                tenant.bindOutside(flow, "postAttributeCollection", bound.get(), actor, at);
            } else {
                tenant.unbindOutside(flow, "postAttributeCollection", actor, at);
            }
        }
        System.out.printf("flows=%d, drifted steps=%d, audit entries=%d, latency=%d ms, java %s, %d cores%n", flows,
                generated.driftedSteps(), entries, latency, System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors());
        System.out.printf("%-16s %5s %15s %15s %11s %9s %14s%n", "plan", "exit", "graph requests", "audit requests",
                "attributed", "wall ms", "peak heap MiB");
        try (GraphSimulator sim = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(latency))) {
            for (int run = 0; run < runs; run++) {
                measure(sim, "forensics=on", secret, "on", desired);
                measure(sim, "forensics=off", secret, "off", desired);
            }
        } finally {
            Files.deleteIfExists(desired);
            Files.deleteIfExists(work);
        }
    }

    private static void measure(GraphSimulator sim, String label, String secret, String forensics, Path desired) {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", sim.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
        env.put("AZURE_TENANT_ID", sim.tenant().tenantId());
        env.put("AZURE_CLIENT_ID", sim.tenant().clientId());
        env.put("AZURE_CLIENT_SECRET", secret);
        env.put("SYNC_FORENSICS", forensics);
        // As Bench.java: the guards would hold back the larger plans; this measures the lookup, not the guards.
        env.put("SYNC_MAX_CHANGES", "100%");
        env.put("SYNC_MAX_UNBINDS", "100%");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        PrintStream stdout = new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        sim.clearRequests();
        long start = System.nanoTime();
        int exit = new Commands(stdout, sink, env).run("plan", "--desired", desired.toString(), "--output",
                "json");
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long outer = sim.requests().stream().filter(r -> !r.insideBatch()).count();
        long audit = sim.requests().stream().filter(r -> r.path().endsWith("/auditLogs/directoryAudits")).count();
        int attributed = out.toString(java.nio.charset.StandardCharsets.UTF_8).split("\"actorType\"", -1).length - 1;
        System.out.printf("%-16s %5d %15d %15d %11d %9d %14d%n", label, exit, outer, audit, attributed, wallMs,
                peak / (1024 * 1024));
    }

    private static String option(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
