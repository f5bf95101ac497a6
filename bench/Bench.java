import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.TenantGenerator;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The benchmark (issue 7 item 6): the agent as a user runs it, one {@code java -jar} process per command, against a
 * generated simulated tenant that answers every HTTP request after a fixed latency. For each tenant size it runs
 * {@code plan} and {@code apply} with drift, then {@code plan} and {@code apply} again with none, and prints per
 * command: the HTTP requests the tenant served, the writes, the wall time from JVM start to exit, the CPU time, the
 * peak heap and the peak RSS. Then F = 10 with no added latency, and a daemon (JVM already up) reconciling a tenant
 * with no drift.
 *
 * <p>Run through bench/run.sh, which builds the jar first; options are listed there. It is a script, not a test:
 * nothing passes or fails.
 */
public class Bench {
    private static final String SECRET = "bench-secret";
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        // The JDK HTTP server waits out the peer's delayed ACK without it (GraphSimulator sets it too).
        System.setProperty("sun.net.httpserver.nodelay", "true");
        Path work = Files.createTempDirectory("ucs-bench");
        try {
            System.out.printf(Locale.ROOT, "userflow-connector-sync benchmark: %s, java %s, %d cores, load average %s%n",
                    o.jar.getFileName(), System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                    loadAverage());
            System.out.printf(Locale.ROOT, "latency: %s; %.0f%% of steps drifted; agent JVM options: %s%n%n",
                    Latency.describe(o.latencyMs), o.drift * 100,
                    o.javaOptions.isEmpty() ? "(none)" : String.join(" ", o.javaOptions));
            List<Row> rows = new ArrayList<>();
            System.out.println(Row.HEADER);
            for (int run = 1; run <= o.runs; run++) {
                for (int flows : o.flows) {
                    rows.addAll(commands(o, work, flows, o.drift, o.latencyMs, run));
                }
                if (o.small) {
                    rows.addAll(commands(o, work, 10, o.drift, 0, run));
                }
            }
            if (o.runs > 1) {
                System.out.println();
                System.out.println("Median of " + o.runs + " runs (min - max wall):");
                System.out.println(Row.HEADER);
                Row.medians(rows).forEach(System.out::println);
            }
            for (int flows : o.daemonFlows) {
                System.out.println();
                daemon(o, work, flows);
            }
            System.out.printf(Locale.ROOT, "%nload average at the end: %s%n", loadAverage());
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** plan and apply with drift, then plan and apply again once apply has removed it. */
    private static List<Row> commands(Options o, Path work, int flows, double drift, int latencyMs, int run)
            throws Exception {
        TenantGenerator.Generated gen = TenantGenerator.generate(flows, drift, 42L, "bench-tenant", "bench-client", SECRET);
        Path desired = desiredFolder(work.resolve("desired-" + flows), gen.desiredYaml());
        List<Row> rows = new ArrayList<>();
        try (GraphSimulator sim = Latency.simulator(gen.tenant(), latencyMs);
             Latency graph = Latency.in(sim, latencyMs)) {
            int drifted = gen.driftedSteps();
            for (String command : List.of("plan", "apply", "plan", "apply")) {
                sim.clearRequests();
                Measured m = agent(o, work, graph.url(), List.of(command, "--desired", desired.toString()));
                Row row = new Row(flows, latencyMs, drifted, command, m, httpRequests(sim), sim.writeCount(), run);
                System.out.println(row);
                rows.add(row);
                if (command.equals("apply")) {
                    drifted = 0;
                }
            }
        }
        return rows;
    }

    /**
     * The daemon ({@code run}) reconciling a tenant with no drift every second: the first run (at start, in a cold
     * JVM) and the later ones, each the whole pipeline from the desired state to the report.
     */
    private static void daemon(Options o, Path work, int flows) throws Exception {
        TenantGenerator.Generated gen = TenantGenerator.generate(flows, 0, 42L, "bench-tenant", "bench-client", SECRET);
        Path desired = desiredFolder(work.resolve("daemon-" + flows), gen.desiredYaml());
        int httpPort = freePort();
        try (GraphSimulator sim = Latency.simulator(gen.tenant(), o.latencyMs);
             Latency graph = Latency.in(sim, o.latencyMs)) {
            Map<String, String> env = Map.of("SYNC_DESIRED_PATH", desired.toString(), "SYNC_SCHEDULE", "1s",
                    "SYNC_HTTP_HOST", "127.0.0.1", "SYNC_HTTP_PORT", Integer.toString(httpPort),
                    "SYNC_MANAGEMENT_PORT", Integer.toString(freePort()));
            Process daemon = start(o, work, graph.url(), List.of("run"), env, work.resolve("daemon.log"));
            List<Duration> runs = new ArrayList<>();
            long requestsAfterFirst = 0;
            long writesAfterFirst = 0;
            int counted = 0;
            try {
                HttpClient http = HttpClient.newHttpClient();
                Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
                int cleared = -1;
                while (runs.size() < o.daemonRuns + 1 && Instant.now().isBefore(deadline) && daemon.isAlive()) {
                    Thread.sleep(20);
                    List<Duration> finished = status(http, httpPort);
                    if (finished.size() > runs.size()) {
                        if (cleared < 0) {
                            sim.clearRequests(); // from here on, the requests of the runs after the one at start
                            cleared = finished.size();
                        } else {
                            requestsAfterFirst = httpRequests(sim);
                            writesAfterFirst = sim.writeCount();
                            counted = finished.size() - cleared;
                        }
                        runs.clear();
                        runs.addAll(finished);
                    }
                }
            } finally {
                daemon.destroy();
                daemon.waitFor();
            }
            if (runs.size() < 2 || counted == 0) {
                System.out.println("daemon: fewer than two runs finished:");
                Files.readAllLines(work.resolve("daemon.log")).stream().limit(30).forEach(l -> System.out.println("  | " + l));
                return;
            }
            List<Long> later = runs.subList(1, runs.size()).stream().map(Duration::toMillis).sorted().toList();
            System.out.printf(Locale.ROOT, "daemon (run), %d flows, no drift, %d ms latency: first run (JVM cold) %.2f s;"
                            + " next %d runs: median %.2f s (%.2f - %.2f), %d HTTP requests per run, writes %d%n",
                    flows, o.latencyMs, runs.get(0).toMillis() / 1000.0, later.size(),
                    later.get(later.size() / 2) / 1000.0, later.get(0) / 1000.0, later.get(later.size() - 1) / 1000.0,
                    requestsAfterFirst / counted, writesAfterFirst);
        }
    }

    /** The finished runs' durations, oldest first, from the daemon's GET /status. */
    private static List<Duration> status(HttpClient http, int port) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/status"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return List.of();
            }
            List<Duration> runs = new ArrayList<>();
            for (JsonNode run : JSON.readTree(r.body()).path("runs")) {
                runs.add(Duration.between(Instant.parse(run.path("startedAt").asText()),
                        Instant.parse(run.path("finishedAt").asText())));
            }
            java.util.Collections.reverse(runs); // /status lists the newest first
            return runs;
        } catch (IOException e) {
            return List.of(); // not listening yet
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /**
     * The generated desired state as a folder of files of at most 1,000 flows each: a desired-state file may hold
     * 1 MiB, and 10,000 flows are about 1.5 MiB (docs/desired-state.md: a folder is read as its *.yaml files, merged).
     */
    private static Path desiredFolder(Path folder, String yaml) throws IOException {
        Files.createDirectories(folder);
        List<String> lines = yaml.lines().toList();
        List<List<String>> flows = new ArrayList<>();
        for (String line : lines) {
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                flows.add(new ArrayList<>()); // "  B2X_1_flow0001:" starts a flow; its steps are indented further
            }
            if (line.startsWith("  ")) {
                flows.get(flows.size() - 1).add(line);
            }
        }
        if (flows.isEmpty()) {
            Files.writeString(folder.resolve("flows.yaml"), "userFlows: {}\n");
        }
        for (int i = 0; i < flows.size(); i += 1000) {
            StringBuilder file = new StringBuilder("userFlows:\n");
            flows.subList(i, Math.min(i + 1000, flows.size())).forEach(f -> f.forEach(l -> file.append(l).append('\n')));
            Files.writeString(folder.resolve(String.format(Locale.ROOT, "flows-%05d.yaml", i / 1000)), file);
        }
        return folder;
    }

    /** HTTP requests the tenant served: a $batch is one, however many requests it carries. */
    private static long httpRequests(GraphSimulator sim) {
        return sim.requests().stream().filter(r -> !r.insideBatch()).count();
    }

    private static Measured agent(Options o, Path work, String graph, List<String> args) throws Exception {
        Path log = work.resolve("agent.log");
        Path gc = work.resolve("gc.log");
        Path time = work.resolve("time.txt");
        Files.deleteIfExists(gc);
        long start = System.nanoTime();
        Process p = start(o, work, graph, args, Map.of(), log, gc, time);
        int exit = p.waitFor();
        long wallNanos = System.nanoTime() - start;
        if (exit == 1) {
            System.out.println("  the agent exited 1:");
            Files.readAllLines(log).stream().limit(20).forEach(l -> System.out.println("  | " + l));
        }
        Heap heap = Heap.of(gc);
        Optional<double[]> t = GnuTime.read(time);
        return new Measured(exit, wallNanos / 1e9, t.map(v -> v[0]).orElse(Double.NaN), heap.peakMiB, heap.liveMiB,
                t.map(v -> v[1] / 1024).orElse(Double.NaN));
    }

    private static Process start(Options o, Path work, String graph, List<String> args, Map<String, String> extraEnv,
                                 Path log) throws IOException {
        return start(o, work, graph, args, extraEnv, log, null, null);
    }

    private static Process start(Options o, Path work, String graph, List<String> args, Map<String, String> extraEnv,
                                 Path log, Path gcLog, Path timeFile) throws IOException {
        List<String> command = new ArrayList<>();
        if (timeFile != null && GnuTime.AVAILABLE) {
            command.addAll(List.of(GnuTime.PATH, "-o", timeFile.toString(), "-f", "%U %S %M"));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(o.javaOptions);
        if (gcLog != null) {
            // Every collection's heap before and after, and the heap at exit: the peak heap without an agent inside.
            command.add("-Xlog:gc,gc+heap+exit:file=" + gcLog);
        }
        command.addAll(List.of("-jar", o.jar.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
                .directory(work.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("SYNC_") || k.startsWith("AZURE_") || k.startsWith("GRAPH_")
                || k.equals("JAVA_TOOL_OPTIONS") || k.equals("JDK_JAVA_OPTIONS"));
        env.put("GRAPH_ENDPOINT", graph);
        env.put("AZURE_AUTHORITY_HOST", graph);
        env.put("AZURE_TENANT_ID", "bench-tenant");
        env.put("AZURE_CLIENT_ID", "bench-client");
        env.put("AZURE_CLIENT_SECRET", SECRET);
        // The benchmark measures reading and writing, not the guards (docs/operations.md, Guard rails and report-only mode):
        // 10% of 2,000 steps is over the default sync.max-unbinds and sync.max-changes, which would write nothing.
        env.put("SYNC_MAX_UNBINDS", "100%");
        env.put("SYNC_MAX_CHANGES", "100%");
        env.putAll(extraEnv);
        return pb.start();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    record Measured(int exit, double wallSeconds, double cpuSeconds, double peakHeapMiB, double liveHeapMiB,
                    double rssMiB) {
    }

    record Row(int flows, int latencyMs, int drifted, String command, Measured m, long requests, long writes, int run) {
        static final String HEADER = String.format(Locale.ROOT, "%6s %7s %6s %-7s %4s %9s %7s %8s %7s %10s %10s %8s",
                "flows", "latency", "drift", "command", "exit", "requests", "writes", "wall s", "cpu s",
                "peak heap", "live heap", "RSS MiB");

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%6d %5dms %6d %-7s %4d %9d %7d %8.2f %7.2f %10.0f %10.0f %8.0f", flows,
                    latencyMs, drifted, command, m.exit, requests, writes, m.wallSeconds, m.cpuSeconds, m.peakHeapMiB,
                    m.liveHeapMiB, m.rssMiB);
        }

        /** Per tenant size, latency and command (in order): the median of every figure, with the wall range. */
        static List<String> medians(List<Row> rows) {
            record Key(int flows, int latencyMs, int drifted, String command) {
            }
            Map<Key, List<Row>> groups = new java.util.LinkedHashMap<>();
            rows.forEach(r -> groups.computeIfAbsent(new Key(r.flows, r.latencyMs, r.drifted, r.command),
                    k -> new ArrayList<>()).add(r));
            List<String> out = new ArrayList<>();
            groups.forEach((k, g) -> {
                double[] wall = g.stream().mapToDouble(r -> r.m.wallSeconds).sorted().toArray();
                out.add(String.format(Locale.ROOT, "%6d %5dms %6d %-7s %4d %9d %7d %8.2f %7.2f %10.0f %10.0f %8.0f  (%.2f - %.2f)",
                        k.flows, k.latencyMs, k.drifted, k.command, g.get(0).m.exit, g.get(0).requests,
                        g.get(0).writes, median(wall), median(g.stream().mapToDouble(r -> r.m.cpuSeconds).toArray()),
                        median(g.stream().mapToDouble(r -> r.m.peakHeapMiB).toArray()),
                        median(g.stream().mapToDouble(r -> r.m.liveHeapMiB).toArray()),
                        median(g.stream().mapToDouble(r -> r.m.rssMiB).toArray()), wall[0], wall[wall.length - 1]));
            });
            return out;
        }

        private static double median(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return v[v.length / 2];
        }
    }

    /**
     * From {@code -Xlog:gc,gc+heap+exit}: the peak is the largest heap use seen, before a collection or at exit (it
     * counts garbage not yet collected); live is the largest heap left after a collection (0 when none ran).
     */
    record Heap(double peakMiB, double liveMiB) {
        private static final Pattern PAUSE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\(");
        private static final Pattern EXIT_USED = Pattern.compile("used (\\d+)K");

        static Heap of(Path gcLog) throws IOException {
            double peak = 0;
            double live = 0;
            if (!Files.exists(gcLog)) {
                return new Heap(Double.NaN, Double.NaN);
            }
            for (String line : Files.readAllLines(gcLog)) {
                Matcher pause = PAUSE.matcher(line);
                if (line.contains("Pause") && pause.find()) {
                    peak = Math.max(peak, mib(pause.group(1), pause.group(2)));
                    live = Math.max(live, mib(pause.group(3), pause.group(4)));
                }
                Matcher used = EXIT_USED.matcher(line);
                if (line.contains("heap") && used.find()) {
                    peak = Math.max(peak, Long.parseLong(used.group(1)) / 1024.0);
                }
            }
            return new Heap(peak, live);
        }

        private static double mib(String amount, String unit) {
            double n = Double.parseDouble(amount);
            return switch (unit) {
                case "K" -> n / 1024;
                case "G" -> n * 1024;
                default -> n;
            };
        }
    }

    /** GNU time, for the child's CPU time and peak RSS (the JDK cannot read a child's rusage). */
    static final class GnuTime {
        static final String PATH = "/usr/bin/time";
        static final boolean AVAILABLE = Files.isExecutable(Path.of(PATH));

        /** user + system seconds, max RSS in KiB. */
        static Optional<double[]> read(Path file) throws IOException {
            if (!AVAILABLE || !Files.exists(file)) {
                return Optional.empty();
            }
            List<String> lines = Files.readAllLines(file);
            String[] f = lines.get(lines.size() - 1).trim().split(" ");
            return Optional.of(new double[] {Double.parseDouble(f[0]) + Double.parseDouble(f[1]),
                Double.parseDouble(f[2])});
        }
    }

    /**
     * Every HTTP request answered after a fixed delay, as a remote Graph would: by the simulator itself where it has
     * a latency ({@code GraphSimulator.start(tenant, port, clock, latency)}, from the batching work of issue 7), else
     * by a small forwarding proxy in front of it.
     */
    interface Latency extends AutoCloseable {
        String url();

        @Override
        void close();

        /** The simulator, answering after {@code latencyMs} where it can (looked up, so this runs either way). */
        static GraphSimulator simulator(io.userflowsync.simulator.SimulatedTenant tenant, int latencyMs) {
            if (latencyMs > 0 && SIMULATOR_LATENCY.isPresent()) {
                try {
                    return (GraphSimulator) SIMULATOR_LATENCY.get().invoke(null, tenant, 0, java.time.Clock.systemUTC(),
                            Duration.ofMillis(latencyMs));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException(e);
                }
            }
            return GraphSimulator.start(tenant, 0);
        }

        Optional<java.lang.reflect.Method> SIMULATOR_LATENCY = simulatorLatency();

        private static Optional<java.lang.reflect.Method> simulatorLatency() {
            try {
                return Optional.of(GraphSimulator.class.getMethod("start", io.userflowsync.simulator.SimulatedTenant.class,
                        int.class, java.time.Clock.class, Duration.class));
            } catch (NoSuchMethodException e) {
                return Optional.empty();
            }
        }

        static String describe(int latencyMs) {
            return latencyMs <= 0 ? "none" : latencyMs + " ms per HTTP request, "
                    + (SIMULATOR_LATENCY.isPresent() ? "by the simulator" : "by a delaying proxy in front of the simulator");
        }

        static Latency in(GraphSimulator sim, int latencyMs) throws IOException {
            if (latencyMs <= 0 || SIMULATOR_LATENCY.isPresent()) {
                return new Latency() {
                    public String url() {
                        return sim.baseUrl();
                    }

                    public void close() {
                    }
                };
            }
            return new DelayingProxy(URI.create(sim.baseUrl()), latencyMs);
        }
    }

    static final class DelayingProxy implements Latency {
        /** Hop-by-hop and length headers the proxy's own client and server set themselves. */
        private static final Set<String> NOT_FORWARDED = Set.of("host", "connection", "content-length", "expect",
                "upgrade", "keep-alive", "transfer-encoding", "te", "trailer", "date");
        private final HttpServer server;
        private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "bench-latency");
            t.setDaemon(true);
            return t;
        });
        private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(threads).build();
        private final URI target;
        private final long latencyMs;

        DelayingProxy(URI target, long latencyMs) throws IOException {
            this.target = target;
            this.latencyMs = latencyMs;
            this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 100);
            server.setExecutor(threads);
            server.createContext("/", this::forward);
            server.start();
        }

        @Override
        public String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        private void forward(HttpExchange exchange) throws IOException {
            try (exchange) {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Thread.sleep(latencyMs);
                HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                        .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(v -> request.header(name, v));
                    }
                });
                HttpResponse<byte[]> answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                answer.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                byte[] out = answer.body();
                exchange.sendResponseHeaders(answer.statusCode(), out.length == 0 ? -1 : out.length);
                try (OutputStream os = exchange.getResponseBody()) {
                    os.write(out);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }

    record Options(Path jar, List<Integer> flows, double drift, int latencyMs, int runs, boolean small,
                   List<Integer> daemonFlows, int daemonRuns, List<String> javaOptions) {
        static Options parse(String[] args) {
            Path jar = Path.of("target/userflow-connector-sync.jar");
            List<Integer> flows = List.of(100, 1000, 10000);
            double drift = 0.1;
            int latency = 30;
            int runs = 1;
            boolean small = true;
            List<Integer> daemon = List.of(1000);
            int daemonRuns = 5;
            List<String> javaOptions = List.of();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--jar" -> jar = Path.of(args[++i]);
                    case "--flows" -> flows = ints(args[++i]);
                    case "--drift" -> drift = Double.parseDouble(args[++i]);
                    case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--no-small" -> small = false;
                    case "--daemon-flows" -> daemon = ints(args[++i]);
                    case "--daemon-runs" -> daemonRuns = Integer.parseInt(args[++i]);
                    case "--java-options" -> javaOptions = List.of(args[++i].trim().split("\\s+"));
                    default -> throw new IllegalArgumentException("unknown option " + a + " (see bench/run.sh)");
                }
            }
            return new Options(jar.toAbsolutePath(), flows, drift, latency, runs, small, daemon, daemonRuns,
                    javaOptions.stream().filter(s -> !s.isEmpty()).toList());
        }

        private static List<Integer> ints(String list) {
            return list.isBlank() || list.equals("none") ? List.of()
                    : Arrays.stream(list.split(",")).map(String::trim).map(Integer::parseInt).toList();
        }
    }
}
