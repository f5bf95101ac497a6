import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.pipeline.ScopeStage;
import io.userflowsync.run.RunStatus;
import io.userflowsync.run.SyncRun;
import io.userflowsync.scan.RunScope;
import io.userflowsync.scan.ScanStatus;
import io.userflowsync.simulator.AuditActor;
import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.simulator.TenantGenerator;
import io.userflowsync.trigger.WebhookSignature;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.transport.RefSpec;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * Under Graph's published quota (the simulator's default: 200 requests a minute per app, each $batch item counted),
 * 30 ms a request: how long a one-flow commit takes from its signed push to the tenant, with the daemon at its
 * defaults (graph.quota-per-minute 200, sync.scan-per-minute 60), at F flows; the 429s and the budget spent
 * over a steady window beside it; the rolling scan's measured pace and so its sweep period; and plan --changed-since
 * for a one-flow change, one java -jar process from start to exit. Not a test: nothing here passes or fails.
 *
 * The tenant is brought in sync first by a daemon without quota (a first full pass at 200 a minute would take F/200
 * minutes); the measured daemon then starts on a fresh simulator of the same tenant (empty quota windows) and goes on
 * from the cursor the first one left.
 */
public class QuotaBench {
    private static final String SECRET = "bench-secret-not-real";
    private static final String HOOK = "whsec-bench";
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    /** How late the simulated audit log shows an entry (the real one: minutes, by Microsoft's reporting latency). */
    private static final Duration AUDIT_DELAY = Duration.ofSeconds(60);

    public static void main(String[] args) throws Exception {
        List<Integer> flows = List.of(1000, 10000);
        int steadyMinutes = 5;
        int latency = 30;
        Path jar = Path.of("target/userflow-connector-sync.jar");
        boolean planOnly = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--flows" -> flows = java.util.Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                case "--steady-minutes" -> steadyMinutes = Integer.parseInt(args[++i]);
                case "--latency-ms" -> latency = Integer.parseInt(args[++i]);
                case "--plan-only" -> planOnly = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (planOnly) {
            System.out.println("flows  changed-since plan s  its requests  with AppCDS s");
            for (int f : flows) {
                System.out.println(measurePlan(f, latency, jar));
            }
            return;
        }
        System.out.println("flows  push→applied s  requests in push run  429s  steady min  requests/min  429s steady"
                + "  scan flows/min  sweep period min  changed-since plan s  its requests"
                + "  portal change undone s (audit delay " + AUDIT_DELAY.toSeconds() + " s)");
        for (int f : flows) {
            System.out.println(measure(f, steadyMinutes, latency, jar));
        }
    }

    private static String measure(int f, int steadyMinutes, int latency, Path jar) throws Exception {
        Path dir = Files.createTempDirectory("quota-bench-");
        TenantGenerator.Generated g = TenantGenerator.generate(f, 0.0, 7, "10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", SECRET);
        SimulatedTenant tenant = g.tenant();
        Path bare = dir.resolve("config.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path file = dir.resolve("author/tenants/prod");
        try (Git author = Git.init().setInitialBranch("main").setDirectory(dir.resolve("author").toFile()).call()) {
            commit(author, bare, file, g.desiredYaml(), "generated tenant");

            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            // Settle without quota: the first full pass.
            try (GraphSimulator sim = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(latency),
                    GraphQuota.unlimited());
                 AgentRuntime daemon = daemon(sim, bare, dir, port, Map.of("GRAPH_QUOTA_PER_MINUTE", "0"))) {
                await(() -> scan(daemon).flatMap(ScanStatus::verifiedSince).isPresent(), Duration.ofMinutes(10));
            }
            // The measured daemon: defaults, Graph's quota.
            String flow = boundFlow(tenant, f);
            String changed = unbind(g.desiredYaml(), flow);
            double pushSeconds;
            long pushRequests;
            long pushThrottled;
            double portalSeconds;
            String steady;
            try (GraphSimulator sim = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(latency));
                 AgentRuntime daemon = daemon(sim, bare, dir, port, Map.of())) {
                await(() -> !daemon.status().recent().isEmpty(), Duration.ofMinutes(2));
                Thread.sleep(3000); // a few scan slices: the push comes while the scan runs
                sim.clearRequests();
                commit(author, bare, file, changed, "unbind " + flow);
                long t0 = System.nanoTime();
                push(port);
                await(() -> tenant.bindings(flow).isEmpty(), Duration.ofMinutes(10));
                pushSeconds = (System.nanoTime() - t0) / 1e9;
                String applying = runs(daemon).stream().filter(r -> r.scope().scope().covers(flow)
                                && r.applied().isPresent()).map(r -> r.scope().kind() + " " + r.scope().scope().reason()
                                + " → " + r.result()).reduce((a, b) -> b).orElse("(not among the recent runs)");
                pushRequests = sim.requests().stream().filter(r -> !r.path().endsWith("/token")
                        && !r.path().endsWith("$batch")).count();
                pushThrottled = sim.throttledCount();
                // A portal change: one step of another flow unbound by a person, seen in the audit log after its
                // (simulated) delay; undone by a targeted run once the poll has read it.
                String portal = boundFlow(tenant, f, flow);
                String portalStep = "postAttributeCollection";
                String portalConnector = tenant.binding(portal, portalStep).orElseThrow();
                tenant.auditDelay(AUDIT_DELAY);
                long p0 = System.nanoTime();
                tenant.unbindOutside(portal, portalStep, AuditActor.user("alice@contoso.com"), java.time.Instant.now());
                await(() -> tenant.binding(portal, portalStep).filter(portalConnector::equals).isPresent(),
                        Duration.ofMinutes(10));
                portalSeconds = (System.nanoTime() - p0) / 1e9;
                // Steady: what the daemon spends over the window, and how fast the scan goes.
                sim.clearRequests();
                // The sweep's position, sampled each second: a window may hold several sweeps, each wrap adds the
                // flows up to the end and from the start.
                int position = scan(daemon).map(ScanStatus::sweptFlows).orElse(0);
                long swept = 0;
                long start = System.nanoTime();
                long end = start + TimeUnit.MINUTES.toNanos(steadyMinutes);
                while (System.nanoTime() < end) {
                    Thread.sleep(1000);
                    int now = scan(daemon).map(ScanStatus::sweptFlows).orElse(position);
                    swept += now >= position ? now - position : now + f - position;
                    position = now;
                }
                double minutes = (System.nanoTime() - start) / 6e10;
                long requests = sim.requests().stream().filter(r -> !r.path().endsWith("/token")
                        && !r.path().endsWith("$batch")).count();
                double perMinute = swept / minutes;
                steady = String.format(Locale.ROOT, "%10d  %12.0f  %11d  %14.0f  %16.0f", steadyMinutes,
                        requests / minutes, sim.throttledCount(), perMinute, f / Math.max(1, perMinute));
                System.err.println("F = " + f + ", the run that applied the push: " + applying);
            }
            // plan --changed-since HEAD~1: one process, from start to exit, against a fresh quota.
            Plan plan = plan(tenant, file, latency, jar, List.of());
            String planSeconds = plan.seconds();
            long planRequests = plan.requests();
            return String.format(Locale.ROOT, "%5d  %14.2f  %20d  %4d  %s  %20s  %12d  %22.1f", f, pushSeconds,
                    pushRequests, pushThrottled, steady, planSeconds, planRequests, portalSeconds);
        }
    }

    private record Plan(String seconds, long requests) {
    }

    /**
     * plan --changed-since HEAD~1 for a one-flow commit, from JVM start to exit: plainly, and with an AppCDS archive
     * of the classes such a plan loads (made by one plan run first, not measured), as the recipe in docs/performance.md makes it.
     */
    private static String measurePlan(int f, int latency, Path jar) throws Exception {
        Path dir = Files.createTempDirectory("quota-bench-");
        TenantGenerator.Generated g = TenantGenerator.generate(f, 0.0, 7, "10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", SECRET);
        Path bare = dir.resolve("config.git");
        Git.init().setBare(true).setInitialBranch("main").setDirectory(bare.toFile()).call().close();
        Path file = dir.resolve("author/tenants/prod");
        try (Git author = Git.init().setInitialBranch("main").setDirectory(dir.resolve("author").toFile()).call()) {
            commit(author, bare, file, g.desiredYaml(), "generated tenant");
            String flow = boundFlow(g.tenant(), f);
            commit(author, bare, file, unbind(g.desiredYaml(), flow), "unbind " + flow);
        }
        Plan plain = plan(g.tenant(), file, latency, jar, List.of());
        Path archive = dir.resolve("plan.jsa");
        plan(g.tenant(), file, latency, jar, List.of("-XX:ArchiveClassesAtExit=" + archive));
        Plan cds = plan(g.tenant(), file, latency, jar, List.of("-XX:SharedArchiveFile=" + archive));
        return String.format(Locale.ROOT, "%5d  %20s  %12d  %16s", f, plain.seconds(), plain.requests(), cds.seconds());
    }

    private static Plan plan(SimulatedTenant tenant, Path file, int latency, Path jar, List<String> jvm)
            throws Exception {
        try (GraphSimulator sim = GraphSimulator.start(tenant, 0, Clock.systemUTC(), Duration.ofMillis(latency))) {
            List<String> command = new java.util.ArrayList<>(List.of("java"));
            command.addAll(jvm);
            command.addAll(List.of("-jar", jar.toString(), "plan", "--desired", file.toString(), "--changed-since",
                    "HEAD~1"));
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().putAll(environment(sim));
            pb.redirectErrorStream(true);
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int code = p.waitFor();
            String seconds = String.format(Locale.ROOT, "%.2f (exit %d)", (System.nanoTime() - t0) / 1e9, code);
            long requests = sim.requests().stream().filter(r -> !r.path().endsWith("/token")
                    && !r.path().endsWith("$batch")).count();
            if (!out.contains("Partial plan")) {
                System.err.println(out);
            }
            return new Plan(seconds, requests);
        }
    }

    private static Map<String, String> environment(GraphSimulator sim) {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", sim.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", sim.baseUrl());
        env.put("AZURE_TENANT_ID", sim.tenant().tenantId());
        env.put("AZURE_CLIENT_ID", sim.tenant().clientId());
        env.put("AZURE_CLIENT_SECRET", SECRET);
        return env;
    }

    private static AgentRuntime daemon(GraphSimulator sim, Path bare, Path dir, int port, Map<String, String> extra)
            throws Exception {
        Map<String, String> env = new HashMap<>(environment(sim));
        env.put("SYNC_GIT_URL", bare.toUri().toString());
        env.put("SYNC_GIT_PATH", "tenants/prod");
        env.put("SYNC_GIT_WORK_DIR", dir.resolve("work").toString());
        env.put("SYNC_SCHEDULE", NEVER);
        env.put("SYNC_WEBHOOK_SECRET", HOOK);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(port));
        env.put("SYNC_MAX_UNBINDS", "100%");
        env.put("SYNC_MAX_CHANGES", "100%");
        env.putAll(extra);
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    private static Optional<ScanStatus> scan(AgentRuntime daemon) {
        return daemon.camel().getRegistry().lookupByNameAndType("scopeStage", ScopeStage.class).status();
    }

    private static List<SyncRun> runs(AgentRuntime daemon) {
        List<SyncRun> runs = new ArrayList<>(daemon.status().recent().stream().map(RunStatus.FinishedRun::run).toList());
        java.util.Collections.reverse(runs);
        return runs;
    }

    private static String boundFlow(SimulatedTenant tenant, int f) {
        return boundFlow(tenant, f, "");
    }

    private static String boundFlow(SimulatedTenant tenant, int f, String not) {
        for (int i = f / 2; i <= f; i++) {
            String id = String.format(Locale.ROOT, "B2X_1_flow%04d", i);
            if (tenant.bindings(id).size() == 2 && !id.equals(not)) {
                return id;
            }
        }
        throw new IllegalStateException("no flow with both steps bound");
    }

    /** The desired state with both of {@code flow}'s steps calling no connector. */
    private static String unbind(String yaml, String flow) {
        StringBuilder out = new StringBuilder();
        boolean in = false;
        for (String line : yaml.split("\n", -1)) {
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                in = line.equals("  " + flow + ":");
            } else if (in && line.startsWith("    ")) {
                line = line.substring(0, line.indexOf(':') + 1) + " null";
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    /** The desired state as files of at most 2,000 flows each (a desired-state file may not exceed 1 MiB). */
    private static void commit(Git author, Path bare, Path folder, String yaml, String message) throws Exception {
        Files.createDirectories(folder);
        List<String> flows = new ArrayList<>();
        StringBuilder current = null;
        for (String line : yaml.split("\n")) {
            if (line.startsWith("  ") && !line.startsWith("    ")) {
                if (current != null) {
                    flows.add(current.toString());
                }
                current = new StringBuilder();
            }
            if (current != null) {
                current.append(line).append('\n');
            }
        }
        if (current != null) {
            flows.add(current.toString());
        }
        for (int part = 0; part * 2000 < Math.max(1, flows.size()); part++) {
            StringBuilder file = new StringBuilder("userFlows:\n");
            flows.subList(part * 2000, Math.min(flows.size(), (part + 1) * 2000)).forEach(file::append);
            Files.writeString(folder.resolve(String.format(Locale.ROOT, "flows-%02d.yaml", part)), file.toString());
        }
        author.add().addFilepattern(".").call();
        author.commit().setMessage(message).setAuthor("bench", "bench@example.com").setSign(false).call();
        author.push().setRemote(bare.toUri().toString()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main"))
                .call();
    }

    private static void push(int port) throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/hooks/git"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json")
                .header(WebhookSignature.GITHUB_HEADER, WebhookSignature.gitHubSignature(body, HOOK)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException("the push was answered " + answer.statusCode());
        }
    }

    private static void await(java.util.function.BooleanSupplier done, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + within);
            }
            Thread.sleep(10);
        }
    }
}
