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
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Export benchmark: a generated simulated tenant with F user flows (TenantGenerator, seed 42, no drift); runs
 * `export --output DIR/` twice and `plan` of the export, each as the real command in this JVM, and prints for each
 * the Graph HTTP requests the simulator served, the wall time, the peak heap, and for the exports the files and
 * bytes written and whether the second export is byte-identical to the first.
 *
 * Run through bench/export.sh, which builds the jar first. Not a test: nothing here passes or fails.
 */
public class ExportBench {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int flows = Integer.parseInt(option(args, "--flows", "1000"));
        String secret = "bench-secret";
        TenantGenerator.Generated gen = TenantGenerator.generate(flows, 0.0, 42L, "bench-tenant", "bench-client", secret);
        Path work = Files.createTempDirectory("export-bench");
        try (GraphSimulator sim = GraphSimulator.start(gen.tenant(), 0)) {
            Map<String, String> env = new HashMap<>();
            env.put("GRAPH_ENDPOINT", sim.baseUrl());
            env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
            env.put("AZURE_TENANT_ID", gen.tenant().tenantId());
            env.put("AZURE_CLIENT_ID", gen.tenant().clientId());
            env.put("AZURE_CLIENT_SECRET", secret);
            Commands commands = new Commands(new PrintStream(OutputStream.nullOutputStream()), System.err, env);

            System.out.printf("flows=%d, java %s, %d cores%n", flows, System.getProperty("java.version"),
                    Runtime.getRuntime().availableProcessors());
            System.out.printf("%-16s %5s %15s %9s %14s %6s %10s%n", "command", "exit", "graph requests", "wall ms",
                    "peak heap MiB", "files", "bytes");
            Path first = work.resolve("first");
            Path second = work.resolve("second");
            measure(sim, commands, "export", first, "export", "--output", first + "/");
            measure(sim, commands, "export again", second, "export", "--output", second + "/");
            measure(sim, commands, "plan of export", null, "plan", "--desired", first.toString());
            System.out.println("second export byte-identical: " + identical(first, second));
        } finally {
            try (Stream<Path> all = Files.walk(work)) {
                for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static void measure(GraphSimulator sim, Commands commands, String label, Path folder, String... args)
            throws Exception {
        System.gc();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        sim.clearRequests();
        long start = System.nanoTime();
        int exit = commands.run(args);
        long wallMs = (System.nanoTime() - start) / 1_000_000;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        long files = 0;
        long bytes = 0;
        if (folder != null && Files.isDirectory(folder)) {
            try (Stream<Path> written = Files.list(folder)) {
                for (Path p : written.toList()) {
                    files++;
                    bytes += Files.size(p);
                }
            }
        }
        System.out.printf("%-16s %5d %15d %9d %14d %6s %10s%n", label, exit, sim.requests().size(), wallMs,
                peak / (1024 * 1024), folder == null ? "" : files, folder == null ? "" : bytes);
    }

    private static boolean identical(Path a, Path b) throws Exception {
        try (Stream<Path> files = Files.list(a)) {
            for (Path p : files.toList()) {
                if (Files.mismatch(p, b.resolve(p.getFileName())) != -1) {
                    return false;
                }
            }
        }
        return true;
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
