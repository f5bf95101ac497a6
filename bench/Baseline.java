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
 * Baseline benchmark: a simulated tenant with F user flows, a share of whose steps have drifted; runs `plan`, then
 * `apply`, then `plan` again in this JVM, each as the real command (Camel start included), and prints for each the
 * Graph HTTP requests the simulator served, the wall time and the peak heap.
 *
 * Run through bench/run.sh, which builds the jar first.
 */
public class Baseline {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.camel.main"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int flows = Integer.parseInt(option(args, "--flows", "200"));
        double drift = Double.parseDouble(option(args, "--drift", "0.1"));
        String secret = "bench-secret";
        TenantGenerator.Generated gen = TenantGenerator.generate(flows, drift, 42L, "bench-tenant", "bench-client", secret);
        Path desired = Files.createTempFile("bench-desired", ".yaml");
        Files.writeString(desired, gen.desiredYaml());

        try (GraphSimulator sim = GraphSimulator.start(gen.tenant(), 0)) {
            Map<String, String> env = new HashMap<>();
            env.put("GRAPH_ENDPOINT", sim.baseUrl());
            env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
            env.put("AZURE_TENANT_ID", gen.tenant().tenantId());
            env.put("AZURE_CLIENT_ID", gen.tenant().clientId());
            env.put("AZURE_CLIENT_SECRET", secret);
            PrintStream sink = new PrintStream(OutputStream.nullOutputStream());
            Commands commands = new Commands(sink, System.err, env);

            System.out.printf("flows=%d, managed steps=%d, drifted steps=%d, java %s, %d cores%n", flows, flows * 2,
                    gen.driftedSteps(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.printf("%-8s %5s %15s %7s %9s %14s%n", "command", "exit", "graph requests", "writes", "wall ms", "peak heap MiB");
            for (String command : List.of("plan", "apply", "plan")) {
                System.gc();
                List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                        .filter(p -> p.getType() == MemoryType.HEAP).toList();
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                sim.clearRequests();
                long start = System.nanoTime();
                // The guards would hold back a plan this size (default 10 unbinds, 100 changes): the benchmark
                // measures reading and writing, so it lifts them to every managed step.
                int exit = commands.run(command, "--desired", desired.toString(), "--set", "sync.max-unbinds=100%",
                        "--set", "sync.max-changes=100%");
                long wallMs = (System.nanoTime() - start) / 1_000_000;
                long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
                System.out.printf("%-8s %5d %15d %7d %9d %14d%n", command, exit, sim.requests().size(), sim.writeCount(),
                        wallMs, peak / (1024 * 1024));
            }
        } finally {
            Files.deleteIfExists(desired);
        }
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
