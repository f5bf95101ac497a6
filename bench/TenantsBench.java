import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.TenantGenerator;

import java.lang.management.ManagementFactory;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * How far one replica goes (issue 9 item 3): the real daemon (AgentRuntime.startDaemon) with sync.tenants set to T
 * generated tenants of F flows each (both v1.0 steps managed, a share drifted at the start), each served by its own
 * simulator on loopback in this JVM, every request answered after L ms. Per T it prints how long until every tenant's
 * first run has ended (the drift applied), then over a window of W seconds of steady runs (sync.schedule, 1 s by
 * default, so a tenant can run at most about once a second) the runs finished per minute, the flows reconciled per
 * minute (runs x F), the slowest tenant's runs per minute, the CPU the JVM used (agent and simulators together) and
 * the heap in use after a collection at the end.
 *
 * Run through bench/tenants.sh, which builds the jar first. Not a test: nothing passes or fails.
 */
public class TenantsBench {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        List<Integer> sizes = new ArrayList<>();
        for (String s : option(args, "--tenants", "1,6,20").split(",")) {
            sizes.add(Integer.parseInt(s.trim()));
        }
        int flows = Integer.parseInt(option(args, "--flows", "100"));
        double drift = Double.parseDouble(option(args, "--drift", "0.1"));
        int latency = Integer.parseInt(option(args, "--latency-ms", "30"));
        int window = Integer.parseInt(option(args, "--window-s", "30"));
        String schedule = option(args, "--schedule", "1s");
        System.out.printf(Locale.ROOT, "flows per tenant=%d, drift=%.2f, latency=%d ms, schedule=%s, window=%d s,"
                        + " java %s, %d cores, load %.2f%n", flows, drift, latency, schedule, window,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), load());
        System.out.printf(Locale.ROOT, "%7s %9s %13s %10s %12s %16s %9s %10s%n", "tenants", "flows", "first runs s",
                "runs/min", "flows/min", "slowest runs/min", "cpu %", "heap MiB");
        for (int tenants : sizes) {
            measure(tenants, flows, drift, latency, window, schedule);
        }
        System.out.printf(Locale.ROOT, "load at the end %.2f%n", load());
    }

    private static void measure(int count, int flows, double drift, int latency, int window, String schedule)
            throws Exception {
        String secret = "bench-secret-value";
        Path work = Files.createTempDirectory("bench-tenants");
        List<GraphSimulator> sims = new ArrayList<>();
        List<String> names = new ArrayList<>();
        Map<String, String> env = new HashMap<>();
        try {
            String base = null;
            for (int i = 1; i <= count; i++) {
                String name = "t" + i;
                names.add(name);
                // The same seed: every tenant has the same flows and connectors (as dev, test and prod would), so
                // base/ holds the desired state and each tenant takes it unchanged.
                TenantGenerator.Generated g = TenantGenerator.generate(flows, drift, 42L,
                        String.format(Locale.ROOT, "00000000-0000-0000-0000-%012d", i), "bench-client", secret);
                base = g.desiredYaml();
                sims.add(GraphSimulator.start(g.tenant(), 0, Clock.systemUTC(), Duration.ofMillis(latency)));
                Path own = work.resolve("desired/tenants/" + name + "/flows.yaml");
                Files.createDirectories(own.getParent());
                Files.writeString(own, "userFlows: {}\n");
                String prefix = "SYNC_TENANTS_T" + i + "_";
                GraphSimulator sim = sims.get(i - 1);
                env.put(prefix + "AZURE_TENANT_ID", sim.tenant().tenantId());
                env.put(prefix + "AZURE_CLIENT_ID", sim.tenant().clientId());
                env.put(prefix + "AZURE_CLIENT_SECRET", secret);
                env.put(prefix + "AZURE_AUTHORITY_HOST", sim.baseUrl());
                env.put(prefix + "GRAPH_ENDPOINT", sim.baseUrl());
            }
            Path baseFile = work.resolve("desired/base/flows.yaml");
            Files.createDirectories(baseFile.getParent());
            Files.writeString(baseFile, base);
            env.put("SYNC_TENANTS", String.join(",", names));
            env.put("SYNC_DESIRED_PATH", work.resolve("desired").toString());
            env.put("SYNC_GIT_WORK_DIR", work.resolve("state").toString());
            env.put("SYNC_SCHEDULE", schedule);
            env.put("SYNC_HTTP_HOST", "127.0.0.1");
            env.put("SYNC_HTTP_PORT", Integer.toString(freePort()));
            env.put("SYNC_MANAGEMENT_PORT", Integer.toString(freePort()));
            // As Bench.java: the guards would hold back the first plans; this measures reading and writing.
            env.put("SYNC_MAX_CHANGES", "100%");
            env.put("SYNC_MAX_UNBINDS", "100%");
            long start = System.nanoTime();
            try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                    Optional.empty())) {
                MeterRegistry meters = daemon.camel().getRegistry().lookupByNameAndType("metricsRegistry",
                        MeterRegistry.class);
                while (names.stream().anyMatch(n -> daemon.status(n).recent().isEmpty())) {
                    if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                        throw new IllegalStateException("the first runs took over 10 minutes");
                    }
                    Thread.sleep(50);
                }
                double first = (System.nanoTime() - start) / 1e9;
                Map<String, Double> before = runs(meters, names);
                long cpuBefore = cpuNanos();
                long t0 = System.nanoTime();
                Thread.sleep(window * 1000L);
                double minutes = (System.nanoTime() - t0) / 60e9;
                double cpu = (cpuNanos() - cpuBefore) / ((System.nanoTime() - t0) * 1.0);
                Map<String, Double> after = runs(meters, names);
                double total = 0;
                double slowest = Double.MAX_VALUE;
                for (String n : names) {
                    double d = after.get(n) - before.get(n);
                    total += d;
                    slowest = Math.min(slowest, d / minutes);
                }
                System.gc();
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                System.out.printf(Locale.ROOT, "%7d %9d %13.1f %10.0f %12.0f %16.0f %9.0f %10d%n", count, flows,
                        first, total / minutes, total * flows / minutes, slowest, cpu * 100, heap >> 20);
            }
        } finally {
            sims.forEach(GraphSimulator::close);
        }
    }

    /** Finished runs per tenant so far, from the daemon's own metric userflow_sync_runs_total{tenant}. */
    private static Map<String, Double> runs(MeterRegistry meters, List<String> names) {
        Map<String, Double> runs = new HashMap<>();
        for (String n : names) {
            runs.put(n, meters.find("userflow.sync.runs").tag("tenant", n).counters().stream()
                    .mapToDouble(Counter::count).sum());
        }
        return runs;
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double load() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
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
