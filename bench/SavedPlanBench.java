import io.userflowsync.cli.Commands;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.TenantGenerator;

import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Saved plans (issue 9 item 5): on a generated tenant with F user flows and a share of drifted steps, runs
 * `plan --out FILE` and `apply FILE`, and on a second copy of the same tenant the plain `apply`, each as the real
 * command in this JVM (Camel start included), and prints the Graph requests, writes, wall time, peak heap and the
 * plan file's size. Then it applies the same file again, which is refused as stale (every step already changed).
 *
 * Run through bench/saved-plan.sh, which builds the jar first. Not a test: nothing passes or fails.
 */
public class SavedPlanBench {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.camel.main"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int flows = Integer.parseInt(option(args, "--flows", "200"));
        double drift = Double.parseDouble(option(args, "--drift", "0.1"));
        String secret = "bench-secret";
        Path work = Files.createTempDirectory("bench-saved-plan");
        Path desired = work.resolve("desired.yaml");
        Path planFile = work.resolve("bench.plan.json");
        TenantGenerator.Generated saved = TenantGenerator.generate(flows, drift, 42L, "bench-tenant", "bench-client", secret);
        TenantGenerator.Generated plain = TenantGenerator.generate(flows, drift, 42L, "bench-tenant", "bench-client", secret);
        Files.writeString(desired, saved.desiredYaml());
        System.out.printf("flows=%d, managed steps=%d, drifted steps=%d, java %s, %d cores%n", flows, flows * 2,
                saved.driftedSteps(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-22s %5s %15s %7s %9s %14s%n", "command", "exit", "graph requests", "writes", "wall ms",
                "peak heap MiB");
        try (GraphSimulator a = GraphSimulator.start(saved.tenant(), 0);
             GraphSimulator b = GraphSimulator.start(plain.tenant(), 0)) {
            measure(a, "plan --out FILE", secret, "plan", "--desired", desired.toString(), "--out", planFile.toString());
            System.out.printf("plan file: %d bytes%n", Files.size(planFile));
            measure(a, "apply FILE", secret, "apply", planFile.toString());
            measure(b, "apply (same tenant)", secret, "apply", "--desired", desired.toString());
            measure(a, "apply FILE again", secret, "apply", planFile.toString());
        } finally {
            Files.deleteIfExists(planFile);
            Files.deleteIfExists(desired);
            Files.deleteIfExists(work);
        }
    }

    private static void measure(GraphSimulator sim, String label, String secret, String... args) {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", sim.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
        env.put("AZURE_TENANT_ID", sim.tenant().tenantId());
        env.put("AZURE_CLIENT_ID", sim.tenant().clientId());
        env.put("AZURE_CLIENT_SECRET", secret);
        PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        sim.clearRequests();
        long start = System.nanoTime();
        int exit = new Commands(sink, sink, env).run(args);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        System.out.printf("%-22s %5d %15d %7d %9d %14d%n", label, exit, sim.requests().size(), sim.writeCount(),
                wallMs, peak / (1024 * 1024));
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
