package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.run.RunStatus;
import io.userflowsync.source.TestRemote;
import io.userflowsync.trigger.WebhookSignature;
import org.apache.camel.builder.NotifyBuilder;
import org.eclipse.jgit.revwalk.RevCommit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon with Git as the source of truth: real repositories (file://), the real Quartz scheduler, the real
 * embedded HTTP server for the push webhook and status, the simulated tenant over HTTP.
 */
class GitDaemonTest {
    private static final String WEBHOOK_SECRET = "whsec-Do-Not-Leak-5b1e";
    private static final String NEVER = "0 0 0 1 1 ? 2099";

    @TempDir
    Path tmp;
    private TestRemote remote;
    private TestTenant t;
    private final HttpClient http = HttpClient.newHttpClient();
    private int port;
    private final ch.qos.logback.classic.Logger root =
            (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> logs =
            new ch.qos.logback.core.read.ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        remote = TestRemote.create(tmp, "identity-config");
        t = TestTenant.demoLike();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @BeforeEach
    void captureLogs() {
        root.addAppender(logs);
        logs.start();
    }

    @AfterEach
    void stop() {
        t.close();
        remote.close();
        root.detachAppender(logs);
        assertThat(logs.list).as("the daemon logged").isNotEmpty()
                .noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(WEBHOOK_SECRET));
    }

    private AgentRuntime daemon(String schedule) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_GIT_URL", remote.fileUrl());
        env.put("SYNC_GIT_PATH", "tenants/prod");
        env.put("SYNC_GIT_WORK_DIR", tmp.resolve("work").toString());
        env.put("SYNC_SCHEDULE", schedule);
        env.put("SYNC_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(port));
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    /** Runs finish on the daemon's own thread; the first one (at start) may finish before a NotifyBuilder exists. */
    private static void awaitRuns(AgentRuntime daemon, int count) throws InterruptedException {
        for (int i = 0; i < 600 && daemon.status().recent().size() < count; i++) {
            Thread.sleep(50);
        }
        assertThat(daemon.status().recent()).hasSizeGreaterThanOrEqualTo(count);
    }

    private HttpResponse<String> push(byte[] body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/git"))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> signedPush() throws Exception {
        byte[] body = "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8);
        return push(body, Map.of(WebhookSignature.GITHUB_HEADER, WebhookSignature.gitHubSignature(body, WEBHOOK_SECRET)));
    }

    @Test
    void aSignedPushSyncsAtOnceAndBadOrMissingSignaturesAreRefused() throws Exception {
        RevCommit commit = remote.commit("Bind partner checks", Map.of("tenants/prod/flows.yaml",
                ReconcileCommandsTest.DESIRED));
        try (AgentRuntime daemon = daemon(NEVER)) {
            awaitRuns(daemon, 1); // the run at start
            t.simulator.clearRequests();
            byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
            // Counted where a push becomes a sync, not on the queue: the run at start is recorded in status a moment
            // before its exchange completes, and a builder on the queue created in that moment counted it.
            NotifyBuilder anyRun = new NotifyBuilder(daemon.camel()).fromRoute("push-debounce").whenReceived(1).create();
            assertThat(push(body, Map.of()).statusCode()).isEqualTo(401);
            assertThat(push(body, Map.of(WebhookSignature.GITHUB_HEADER, "sha256=" + "0".repeat(64))).statusCode()).isEqualTo(401);
            assertThat(push(body, Map.of(WebhookSignature.GITLAB_HEADER, "not-the-secret")).statusCode()).isEqualTo(401);
            // a push starts its sync one debounce (1 s) after it came: three seconds is long enough to see one
            assertThat(anyRun.matches(3, TimeUnit.SECONDS)).as("no sync from a refused call").isFalse();
            assertThat(daemon.status().recent()).hasSize(1);
            // the daemon's audit-log poll (sync.audit-poll) goes on meanwhile; nothing else reaches Graph
            assertThat(t.simulator.requests()).filteredOn(r -> !r.path().endsWith("/auditLogs/directoryAudits"))
                    .isEmpty();

            NotifyBuilder oneRun = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create();
            HttpResponse<String> accepted = signedPush();

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(oneRun.matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(daemon.status().recent()).hasSize(2).first().satisfies(r -> {
                assertThat(r.run().requireDesired().source().commitId()).contains(commit.name());
                assertThat(r.run().applied()).isPresent();
            });
            assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(ReconcileCommandsTest.CHECK);

            NotifyBuilder gitLabRun = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create();
            assertThat(push(body, Map.of(WebhookSignature.GITLAB_HEADER, WEBHOOK_SECRET)).statusCode()).isEqualTo(202);
            assertThat(gitLabRun.matches(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void aBurstOfPushesCoalescesAndRunsNeverOverlap() throws Exception {
        remote.commit("Bind partner checks", Map.of("tenants/prod/flows.yaml", ReconcileCommandsTest.DESIRED));
        try (AgentRuntime daemon = daemon(NEVER)) {
            awaitRuns(daemon, 1); // the run at start
            NotifyBuilder firstRun = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create();
            for (int i = 0; i < 10; i++) {
                assertThat(signedPush().statusCode()).isEqualTo(202);
            }
            assertThat(firstRun.matches(30, TimeUnit.SECONDS)).isTrue();
            // let a queued follow-up run (if any) finish: the queue holds at most one
            NotifyBuilder idle = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create();
            idle.matches(5, TimeUnit.SECONDS);

            List<RunStatus.FinishedRun> runs = new ArrayList<>(daemon.status().recent());
            assertThat(runs).as("the run at start, then the burst's").hasSizeBetween(2, 3);
            runs.sort(Comparator.comparing(r -> r.run().startedAt()));
            for (int i = 1; i < runs.size(); i++) {
                assertThat(runs.get(i).run().startedAt()).as("run %d starts after run %d finished", i, i - 1)
                        .isAfterOrEqualTo(runs.get(i - 1).finishedAt());
            }
            assertThat(t.writes()).hasSize(4);
        }
    }

    @Test
    void scheduledRunsFollowNewCommitsAndKeepTheLastGoodRevisionWhenTheNewestIsInvalid() throws Exception {
        RevCommit good = remote.commit("Bind partner checks", Map.of("tenants/prod/flows.yaml",
                ReconcileCommandsTest.DESIRED));
        try (AgentRuntime daemon = daemon("0/1 * * * * ?")) {
            assertThat(new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create()
                    .matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();

            // a broken commit: duplicate step key; the agent keeps the good revision and writes nothing from it
            RevCommit bad = remote.commit("Rebind contractors (typo)", Map.of("tenants/prod/flows.yaml", """
                    userFlows:
                      B2X_1_contractors:
                        postAttributeCollection: Legacy CRM hook
                        postAttributeCollection: null
                    """));
            t.simulator.clearRequests();
            assertThat(new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(2).create()
                    .matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(t.writes()).isEmpty();
            assertThat(t.tenant.bindings("B2X_1_contractors")).isEmpty();
            assertThat(daemon.status().last()).hasValueSatisfying(run -> {
                assertThat(run.requireDesired().source().commitId()).contains(good.name());
                assertThat(run.fallback()).hasValueSatisfying(f -> {
                    assertThat(f.failedRevision().flatMap(r -> r.commitId())).contains(bad.name());
                    assertThat(f.problems()).anySatisfy(p -> assertThat(p.toString())
                            .startsWith("tenants/prod/flows.yaml:4:5").contains("duplicate"));
                });
            });
            JsonNode status = new ObjectMapper().readTree(http.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/status")).build(), HttpResponse.BodyHandlers.ofString()).body());
            assertThat(status.at("/source/newestRevision/commit").asText()).isEqualTo(bad.name());
            assertThat(status.at("/source/lastGoodRevision/commit").asText()).isEqualTo(good.name());
            assertThat(status.at("/source/problem/problems/0").asText()).contains("tenants/prod/flows.yaml:4:5");

            // fixed: the next run catches up with the new revision
            RevCommit fixed = remote.commit("Rebind contractors", Map.of("tenants/prod/flows.yaml", """
                    userFlows:
                      B2X_1_contractors:
                        postAttributeCollection: Enrich partner profile
                    """));
            assertThat(new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(2).create()
                    .matches(30, TimeUnit.SECONDS)).isTrue();
            assertThat(t.tenant.binding("B2X_1_contractors", "postAttributeCollection")).contains(ReconcileCommandsTest.ENRICH);
            assertThat(daemon.status().last().orElseThrow().requireDesired().source().commitId()).contains(fixed.name());
            assertThat(daemon.status().last().orElseThrow().fallback()).isEmpty();
        }
    }
}
