import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Settings;
import io.userflowsync.model.Connector;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.notify.AgentInfo;
import io.userflowsync.notify.Notifier;
import io.userflowsync.notify.NotifyFormat;
import io.userflowsync.notify.NotifyTarget;
import io.userflowsync.notify.RetryPolicy;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.plan.ChangeKind;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.plan.Policy;
import io.userflowsync.run.RunMode;
import io.userflowsync.run.SyncRun;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.simulator.TenantGenerator;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;

/**
 * Notification benchmark (bench/notify.sh). Part 1: the real daemon against a generated simulated tenant (200 flows,
 * 40 drifted steps), reconciling every second, posts to a json, a slack and a teams receiver on loopback; between
 * messages one bound step is unbound in the simulator so that the next run applies again and notifies. Latency is
 * each message's arrival at the receiver minus the finishedAt the message carries. Part 2: Notifier.finished, the
 * only notification work a run's thread does, timed per call with runs of 200 changes, new drift every time, against
 * a receiver that answers and against one that hangs.
 */
public class Notifications {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME))
                .setLevel(ch.qos.logback.classic.Level.WARN);
        int messages = Integer.parseInt(option(args, "--messages", "20"));
        int calls = Integer.parseInt(option(args, "--calls", "20000"));
        System.out.printf(Locale.ROOT, "java %s, %d cores, load average %.1f%n", System.getProperty("java.version"),
                Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        endToEnd(messages);
        runThreadCost(calls);
        System.exit(0);
    }

    /** Receives posts, keeps each one's arrival time and body; hangs every request while {@code hang} is closed. */
    static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<Map.Entry<String, Instant>> arrivals = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hang = new CountDownLatch(0);

        Receiver() throws Exception {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.setExecutor(Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r);
                t.setDaemon(true);
                return t;
            }));
            server.createContext("/", exchange -> {
                byte[] body;
                try (InputStream in = exchange.getRequestBody()) {
                    body = in.readAllBytes();
                }
                Instant at = Instant.now();
                arrivals.add(Map.entry(exchange.getRequestURI().getPath() + " " + new String(body), at));
                try {
                    hang.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponseHeaders(200, -1);
                exchange.close();
            });
            server.start();
        }

        URI url(String path) {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        }

        @Override
        public void close() {
            hang.countDown();
            server.stop(0);
        }
    }

    private static void endToEnd(int messages) throws Exception {
        TenantGenerator.Generated gen = TenantGenerator.generate(200, 0.1, 42L, "bench-tenant", "bench-client", "bench-secret");
        Path desired = Files.createTempFile("bench-desired", ".yaml");
        Files.writeString(desired, gen.desiredYaml());
        SimulatedTenant tenant = gen.tenant();
        try (GraphSimulator sim = GraphSimulator.start(tenant, 0); Receiver receiver = new Receiver()) {
            Map<String, String> env = new HashMap<>();
            env.put("GRAPH_ENDPOINT", sim.baseUrl());
            env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
            env.put("AZURE_TENANT_ID", tenant.tenantId());
            env.put("AZURE_CLIENT_ID", tenant.clientId());
            env.put("AZURE_CLIENT_SECRET", "bench-secret");
            env.put("SYNC_DESIRED_PATH", desired.toString());
            env.put("SYNC_SCHEDULE", "1s");
            env.put("SYNC_HTTP_HOST", "127.0.0.1");
            env.put("SYNC_HTTP_PORT", Integer.toString(freePort()));
            env.put("SYNC_MANAGEMENT_PORT", Integer.toString(freePort()));
            env.put("SYNC_NOTIFY_URL", "json:" + receiver.url("/json") + ",slack:" + receiver.url("/slack")
                    + ",teams:" + receiver.url("/teams"));
            try (AgentRuntime daemon = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                    Optional.empty())) {
                String flow = "B2X_1_flow0001";
                for (int i = 1; i <= messages; i++) {
                    awaitJson(receiver, i);
                    // the desired state binds this flow's steps (or says null); unbinding a bound one is new drift
                    Map<String, String> bound = tenant.bindings(flow);
                    if (bound.isEmpty()) {
                        flow = tenant.flowIds().stream().filter(f -> !tenant.bindings(f).isEmpty()).findFirst().orElseThrow();
                        bound = tenant.bindings(flow);
                    }
                    tenant.unbind(flow, bound.keySet().iterator().next());
                }
                awaitJson(receiver, messages + 1);
            }
            Map<String, List<Long>> latency = new ConcurrentHashMap<>();
            for (Map.Entry<String, Instant> a : receiver.arrivals) {
                String path = a.getKey().substring(0, a.getKey().indexOf(' '));
                String body = a.getKey().substring(a.getKey().indexOf(' ') + 1);
                Instant finished = finishedAt(path, body);
                latency.computeIfAbsent(path, p -> new ArrayList<>()).add(Duration.between(finished, a.getValue()).toMillis());
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "1. end to end: run finished -> message received (%d runs that applied, 200 flows)%n",
                    messages + 1);
            System.out.printf(Locale.ROOT, "%-8s %9s %9s %9s %9s%n", "format", "messages", "min ms", "median ms", "max ms");
            for (String path : List.of("/json", "/slack", "/teams")) {
                List<Long> l = new ArrayList<>(latency.getOrDefault(path, List.of()));
                Collections.sort(l);
                System.out.printf(Locale.ROOT, "%-8s %9d %9d %9d %9d%n", path.substring(1), l.size(), l.get(0),
                        l.get(l.size() / 2), l.get(l.size() - 1));
            }
        } finally {
            Files.deleteIfExists(desired);
        }
    }

    private static void awaitJson(Receiver receiver, int n) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(120);
        while (receiver.arrivals.stream().filter(a -> a.getKey().startsWith("/json ")).count() < n) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("no message " + n + " within 120 s");
            }
            Thread.sleep(10);
        }
    }

    /** json: the top-level finishedAt; slack: the context line; teams: the Finished fact. */
    private static Instant finishedAt(String path, String body) throws Exception {
        var tree = JSON.readTree(body);
        String text = switch (path) {
            case "/json" -> tree.get("finishedAt").asText();
            case "/slack" -> {
                String context = tree.at("/blocks").get(tree.at("/blocks").size() - 1).at("/elements/0/text").asText();
                yield context.substring(context.lastIndexOf("finished ") + "finished ".length());
            }
            default -> {
                String found = "";
                for (var fact : tree.at("/attachments/0/content/body/2/facts")) {
                    if (fact.get("title").asText().equals("Finished")) {
                        found = fact.get("value").asText();
                    }
                }
                yield found;
            }
        };
        return Instant.parse(text);
    }

    private static void runThreadCost(int calls) throws Exception {
        List<PlanChange> a = new ArrayList<>();
        List<PlanChange> b = new ArrayList<>();
        Connector check = new Connector("3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07", "Check partner domain");
        for (int i = 0; i < 200; i++) {
            String flow = String.format(Locale.ROOT, "B2X_1_flow%04d", i + 1);
            a.add(new PlanChange(flow, Step.POST_ATTRIBUTE_COLLECTION, ChangeKind.BIND, Optional.empty(),
                    Optional.of(check), new SourceLocation("flows.yaml", i + 1, 5)));
            b.add(new PlanChange(flow, Step.POST_FEDERATION_SIGNUP, ChangeKind.BIND, Optional.empty(),
                    Optional.of(check), new SourceLocation("flows.yaml", i + 1, 5)));
        }
        DesiredState desired = new DesiredState(List.of(), SourceRevision.folder("flows.yaml"));
        SyncRun runA = SyncRun.start(RunMode.PLAN, Instant.now()).withDesired(desired)
                .withPlan(new Plan(Policy.SYNC, a, List.of(), List.of(), 400, 200));
        SyncRun runB = SyncRun.start(RunMode.PLAN, Instant.now()).withDesired(desired)
                .withPlan(new Plan(Policy.SYNC, b, List.of(), List.of(), 400, 200));
        AgentInfo agent = new AgentInfo("userflow-connector-sync", "bench", "bench");
        System.out.println();
        System.out.printf(Locale.ROOT, "2. the run thread: Notifier.finished per run (%d runs, 200 changes each, new drift"
                + " every run, json+slack+teams receivers)%n", calls);
        System.out.printf(Locale.ROOT, "%-22s %9s %9s %9s %9s %9s%n", "receiver", "median us", "p99 us", "max us",
                "sent", "dropped");
        for (String kind : List.of("none (rules only)", "answers at once", "hangs (never answers)")) {
            try (Receiver receiver = new Receiver()) {
                boolean hanging = kind.startsWith("hangs");
                if (hanging) {
                    receiver.hang = new CountDownLatch(1);
                }
                SimpleMeterRegistry meters = new SimpleMeterRegistry();
                List<NotifyTarget> targets = kind.startsWith("none") ? List.of() : List.of(
                        new NotifyTarget(NotifyFormat.JSON, receiver.url("/json"), 1),
                        new NotifyTarget(NotifyFormat.SLACK, receiver.url("/slack"), 2),
                        new NotifyTarget(NotifyFormat.TEAMS, receiver.url("/teams"), 3));
                Notifier notifier = Notifier.start(targets, new SecretScrubber(), meters, agent, RetryPolicy.DEFAULT,
                        Notifier.QUEUE_CAPACITY);
                long[] nanos = new long[calls];
                for (int i = 0; i < calls; i++) {
                    long start = System.nanoTime();
                    notifier.finished(i % 2 == 0 ? runA : runB, Instant.now());
                    nanos[i] = System.nanoTime() - start;
                }
                notifier.close();
                java.util.Arrays.sort(nanos);
                double sent = meters.find("userflow.sync.notifications").tag("outcome", "sent").counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                double dropped = meters.find("userflow.sync.notifications").tag("outcome", "dropped").counters().stream()
                        .mapToDouble(c -> c.count()).sum();
                System.out.printf(Locale.ROOT, "%-22s %9.1f %9.1f %9.1f %9.0f %9.0f%n", kind, nanos[calls / 2] / 1000.0,
                        nanos[(int) (calls * 0.99)] / 1000.0, nanos[calls - 1] / 1000.0, sent, dropped);
            }
        }
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
