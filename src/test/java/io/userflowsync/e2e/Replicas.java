package io.userflowsync.e2e;

import io.userflowsync.config.Settings;
import io.userflowsync.ha.Election;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.simulator.AgentRequest;
import io.userflowsync.trigger.WebhookSignature;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Daemons of one deployment in one JVM (sync.ha), each with its own ports and instance id, against one simulated
 * tenant: what the HA tests start, ask and assert on.
 */
class Replicas implements AutoCloseable {
    static final String WEBHOOK_SECRET = "whsec-Two-Replicas-41b9";
    /** Short lease timings, so a takeover is seconds (the defaults are 15, 10 and 2). */
    static final int LEASE = 5;
    private static final Pattern INSTANCE = Pattern.compile("\\(instance ([^)]+)\\)");

    record Replica(String name, AgentRuntime runtime, int httpPort, int managementPort) {
        Election election() {
            return runtime.election();
        }
    }

    private final TestTenant tenant;
    private final Map<String, String> common;
    private final Map<String, Replica> running = new LinkedHashMap<>();
    private final HttpClient http = HttpClient.newHttpClient();

    Replicas(TestTenant tenant, Map<String, String> common) {
        this.tenant = tenant;
        this.common = common;
    }

    /** The environment of one replica: the tenant's, the deployment's, then its own ports and name. */
    Map<String, String> environment(String name) throws Exception {
        Map<String, String> env = new HashMap<>(tenant.environment());
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("SYNC_WEBHOOK_DEBOUNCE_MS", "200");
        env.put("SYNC_HA_LEASE_DURATION_SECONDS", Integer.toString(LEASE));
        env.put("SYNC_HA_RENEW_DEADLINE_SECONDS", "3");
        env.put("SYNC_HA_RETRY_PERIOD_SECONDS", "1");
        env.put("SYNC_INSTANCE_ID", name);
        env.putAll(common);
        return env;
    }

    Replica start(String name) throws Exception {
        Map<String, String> env = environment(name);
        int httpPort = freePort();
        int managementPort = freePort();
        env.put("SYNC_HTTP_PORT", Integer.toString(httpPort));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(managementPort));
        AgentRuntime runtime = AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()),
                Optional.empty());
        Replica r = new Replica(name, runtime, httpPort, managementPort);
        running.put(name, r);
        return r;
    }

    void stop(Replica r) throws Exception {
        running.remove(r.name());
        r.runtime().close();
    }

    /** The one replica that leads, once one does (and no other does at the same time). */
    Replica awaitLeader() throws InterruptedException {
        await("a leader", () -> running.values().stream().filter(r -> r.election().isLeader()).count() == 1);
        return running.values().stream().filter(r -> r.election().isLeader()).findFirst().orElseThrow();
    }

    Replica other(Replica r) {
        return running.values().stream().filter(x -> x != r).findFirst().orElseThrow();
    }

    /** Every Graph (and token) request with the instance its User-Agent names, in the order answered. */
    List<String> callers() {
        List<String> callers = new ArrayList<>();
        for (AgentRequest r : tenant.simulator.requestsByAgent()) {
            Matcher m = INSTANCE.matcher(r.userAgent());
            callers.add(m.find() ? m.group(1) : "(no instance: " + r.userAgent() + ")");
        }
        return callers;
    }

    /** The callers with repeats collapsed: {@code [a, b]} when a called, then b and never a again. */
    List<String> turns() {
        List<String> turns = new ArrayList<>();
        for (String c : callers()) {
            if (turns.isEmpty() || !turns.get(turns.size() - 1).equals(c)) {
                turns.add(c);
            }
        }
        return turns;
    }

    /** The instances that wrote (PUT/DELETE/PATCH/POST to Graph), each once, in the order they first wrote. */
    List<String> writers() {
        List<String> writers = new ArrayList<>();
        for (AgentRequest r : tenant.simulator.requestsByAgent()) {
            Matcher m = INSTANCE.matcher(r.userAgent());
            String who = m.find() ? m.group(1) : "(none)";
            if (r.write() && !writers.contains(who)) {
                writers.add(who);
            }
        }
        return writers;
    }

    HttpResponse<String> get(int port, String path) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(path + ": " + e.getMessage(), e);
        }
    }

    HttpResponse<String> push(Replica r) throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.httpPort() + "/hooks/git"))
                .header("Content-Type", "application/json").header("X-GitHub-Event", "push")
                .header("X-Hub-Signature-256", WebhookSignature.gitHubSignature(body, WEBHOOK_SECRET))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        await(what, Duration.ofSeconds(60), condition);
    }

    static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (Instant.now().isBefore(deadline)) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (IllegalStateException notYet) {
                // a server that is not listening yet
            }
            Thread.sleep(20);
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        for (Replica r : List.copyOf(running.values())) {
            try {
                r.runtime().close();
            } catch (Exception e) {
                // closing the rest matters more
            }
        }
        running.clear();
    }
}
