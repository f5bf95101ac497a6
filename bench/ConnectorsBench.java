import io.userflowsync.cli.Commands;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.RecordedRequest;
import io.userflowsync.simulator.SimulatedTenant;

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
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Connectors as code (issue 9 item 1): a simulated tenant with F user flows and no connectors, and a desired state
 * that declares C connectors (basic, passwords from env:) and binds each flow's postAttributeCollection to one of
 * them by {connector: key}. Runs, each as the real command in this JVM (Camel start included, nothing carried over
 * but the state directory): plan, apply (C creates, then F binds to connectors made in the same run), plan and apply
 * again (in sync: no writes, no secret re-sent), then apply after one password changed (exactly one PATCH). Prints
 * Graph requests, connector writes, all writes (PUT/PATCH/POST/DELETE, inside a $batch too), wall time and peak heap.
 *
 * Run through bench/connectors.sh, which builds the jar first. Not a test: nothing passes or fails.
 */
public class ConnectorsBench {
    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.camel"))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int flows = Integer.parseInt(option(args, "--flows", "200"));
        int connectors = Integer.parseInt(option(args, "--connectors", "20"));
        String secret = "bench-secret";
        Path work = Files.createTempDirectory("bench-connectors");
        SimulatedTenant tenant = new SimulatedTenant("bench-tenant", "bench-client", secret);
        StringBuilder yaml = new StringBuilder("connectors:\n");
        Map<String, String> env = new HashMap<>();
        for (int c = 0; c < connectors; c++) {
            yaml.append(String.format(Locale.ROOT, "  c%03d:%n    displayName: Connector %03d%n"
                    + "    targetUrl: https://api.example/c%03d%n"
                    + "    authentication: {type: basic, username: agent, password: env:PW_%03d}%n", c, c, c, c));
            env.put(String.format(Locale.ROOT, "PW_%03d", c), "password-" + c);
        }
        yaml.append("userFlows:\n");
        for (int f = 0; f < flows; f++) {
            String id = String.format(Locale.ROOT, "B2X_1_flow%05d", f);
            tenant.addFlow(id);
            yaml.append(String.format(Locale.ROOT, "  %s:%n    postAttributeCollection: {connector: c%03d}%n", id,
                    f % connectors));
        }
        Path desired = Files.writeString(work.resolve("desired.yaml"), yaml.toString());
        env.put("SYNC_GIT_WORK_DIR", work.resolve("state").toString());
        System.out.printf("flows=%d, connectors=%d, java %s, %d cores%n", flows, connectors,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        System.out.printf("%-28s %5s %15s %16s %11s %9s %14s%n", "command", "exit", "graph requests",
                "connector writes", "all writes", "wall ms", "peak heap MiB");
        try (GraphSimulator sim = GraphSimulator.start(tenant, 0)) {
            String[] plan = {"plan", "--desired", desired.toString(), "--set", "sync.max-changes=1000000"};
            String[] apply = {"apply", "--desired", desired.toString(), "--set", "sync.max-changes=1000000"};
            measure(sim, env, "plan (nothing exists)", secret, plan);
            measure(sim, env, "apply (create, then bind)", secret, apply);
            measure(sim, env, "plan (in sync)", secret, plan);
            measure(sim, env, "apply (in sync)", secret, apply);
            env.put("PW_000", "rotated");
            measure(sim, env, "apply (one password changed)", secret, apply);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void measure(GraphSimulator sim, Map<String, String> base, String label, String secret,
                                String... args) {
        Map<String, String> env = new HashMap<>(base);
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
        long connectorWrites = sim.requests().stream().filter(r -> !r.method().equals("GET")
                && r.path().contains("/identity/apiConnectors")).count();
        System.out.printf("%-28s %5d %15d %16d %11d %9d %14d%n", label, exit, sim.requests().size(), connectorWrites,
                sim.writeCount(), wallMs, peak / (1024 * 1024));
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
