package io.userflowsync.e2e;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.userflowsync.config.Settings;
import io.userflowsync.pipeline.AgentRuntime;
import io.userflowsync.trigger.WebhookSignature;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.LongSummaryStatistics;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The daemon's HTTP endpoints (webhook and status on sync.http.port, metrics and health on sync.management.port)
 * against hostile or clumsy clients, over real HTTP and raw sockets on loopback (issue 6, items 1 to 3).
 */
class HostileHttpClientsTest {
    private static final String WEBHOOK_SECRET = "whsec-Hostile-Clients-7c2d";
    private static final String NEVER = "0 0 0 1 1 ? 2099";
    private static final String MARKER = "echo-marker-3f1a";
    /** Headers an answer may carry: the body's and the transport's, Allow on a 405; nothing taken from the request. */
    private static final Set<String> ALLOWED_RESPONSE_HEADERS =
            Set.of("content-type", "content-length", "transfer-encoding", "connection", "allow");
    private static final int ONE_MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private TestTenant t;
    private int port;
    private int management;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final ch.qos.logback.classic.Logger root =
            (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @BeforeEach
    void start() throws Exception {
        t = TestTenant.demoLike();
        port = Replicas.freePort();
        management = Replicas.freePort();
        logs.start();
        root.addAppender(logs);
    }

    @AfterEach
    void stop() {
        t.close();
        root.detachAppender(logs);
        assertThat(logs.list).noneSatisfy(e -> assertThat(e.getFormattedMessage()).contains(WEBHOOK_SECRET));
    }

    /**
     * What the HTTP side logged at this level or above: Vert.x runs every request (event loop, then a worker for the
     * Camel route) on its own threads. A sync run a test's push starts logs on Camel's threads, not counted here.
     */
    private List<ILoggingEvent> httpLog(Level atLeast) {
        return List.copyOf(logs.list).stream().filter(e -> e.getLevel().isGreaterOrEqual(atLeast))
                .filter(e -> e.getThreadName().startsWith("vert.x-")).toList();
    }

    private AgentRuntime daemon(Map<String, String> extra) throws Exception {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_DESIRED_PATH", TestTenant.desired(dir, ReconcileCommandsTest.DESIRED).toString());
        env.put("SYNC_SCHEDULE", NEVER);
        env.put("SYNC_WEBHOOK_SECRET", WEBHOOK_SECRET);
        env.put("SYNC_WEBHOOK_DEBOUNCE_MS", "100");
        env.put("SYNC_HTTP_HOST", "127.0.0.1");
        env.put("SYNC_HTTP_PORT", Integer.toString(port));
        env.put("SYNC_MANAGEMENT_PORT", Integer.toString(management));
        env.putAll(extra);
        return AgentRuntime.startDaemon(Settings.resolve(Map.of(), env, new Properties()), Optional.empty());
    }

    private AgentRuntime daemon() throws Exception {
        return daemon(Map.of());
    }

    /** One request of a table: what a client sends. */
    private record Call(String name, int port, String method, String pathAndQuery, String contentType, byte[] body,
                        Map<String, String> headers) {
        HttpRequest request() {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + pathAndQuery))
                    .timeout(Duration.ofSeconds(20))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            if (contentType != null) {
                b.header("Content-Type", contentType);
            }
            headers.forEach(b::header);
            return b.build();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String signature(byte[] body) {
        return WebhookSignature.gitHubSignature(body, WEBHOOK_SECRET);
    }

    /** GitHub's form delivery: the JSON payload URL-encoded in a {@code payload} field; the signature is over this. */
    private static byte[] gitHubForm(String json) {
        return bytes("payload=" + URLEncoder.encode(json, StandardCharsets.UTF_8));
    }

    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String JSON = "application/json";

    private HttpResponse<String> send(Call call) throws Exception {
        return http.send(call.request(), HttpResponse.BodyHandlers.ofString());
    }

    private NotifyBuilder pushes(AgentRuntime daemon) {
        return new NotifyBuilder(daemon.camel()).fromRoute("push-debounce").whenReceived(1).create();
    }

    // ---- item 1: request data never comes back as response headers

    @Test
    void noRequestHeaderQueryParameterOrFormFieldComesBackAsAResponseHeader() throws Exception {
        byte[] json = bytes("{\"ref\":\"refs/heads/main\"}");
        byte[] evilForm = bytes("Set-Cookie=a%3D" + MARKER + "&Location=https%3A%2F%2Fevil.example%2F" + MARKER
                + "&X-Anything=" + MARKER);
        Map<String, String> echo = Map.of("X-Anything", MARKER, "Set-Cookie", "a=" + MARKER,
                "Access-Control-Allow-Origin", MARKER);
        String query = "?Set-Cookie=a%3D" + MARKER + "&Location=https%3A%2F%2Fevil.example%2F" + MARKER;
        List<Call> calls = List.of(
                new Call("status with query and headers", port, "GET", "/status" + query, null, null, echo),
                new Call("webhook, JSON, valid signature", port, "POST", "/hooks/git" + query, JSON, json,
                        with(echo, WebhookSignature.GITHUB_HEADER, signature(json))),
                new Call("webhook, JSON, invalid signature", port, "POST", "/hooks/git" + query, JSON, json,
                        with(echo, WebhookSignature.GITHUB_HEADER, "sha256=" + "0".repeat(64))),
                new Call("webhook, form, valid signature", port, "POST", "/hooks/git", FORM, evilForm,
                        with(echo, WebhookSignature.GITHUB_HEADER, signature(evilForm))),
                new Call("webhook, form, invalid signature", port, "POST", "/hooks/git", FORM, evilForm,
                        with(echo, WebhookSignature.GITHUB_HEADER, "sha256=" + "1".repeat(64))),
                new Call("webhook, form, no signature", port, "POST", "/hooks/git" + query, FORM, evilForm, echo),
                new Call("webhook, GitLab token, form", port, "POST", "/hooks/git", FORM, evilForm,
                        with(echo, WebhookSignature.GITLAB_HEADER, WEBHOOK_SECRET)),
                new Call("webhook, wrong GitLab token", port, "POST", "/hooks/git", JSON, json,
                        with(echo, WebhookSignature.GITLAB_HEADER, "not-the-secret-" + MARKER)),
                new Call("webhook, GET", port, "GET", "/hooks/git" + query, null, null, echo),
                new Call("unknown path", port, "GET", "/nowhere" + query, null, null, echo),
                new Call("health", management, "GET", "/observe/health" + query, null, null, echo),
                new Call("metrics", management, "GET", "/observe/metrics" + query, null, null, echo),
                new Call("metrics, POST", management, "POST", "/observe/metrics" + query, FORM, evilForm, echo));

        try (AgentRuntime daemon = daemon()) {
            for (Call call : calls) {
                HttpResponse<String> answer = send(call);
                if (call.name().equals("health")) {
                    // DOWN (503) is an answer health gives on purpose until the first run has finished well
                    assertThat(answer.statusCode()).as(call.name()).isIn(200, 503);
                } else {
                    assertThat(answer.statusCode()).as(call.name()).isLessThan(500);
                }
                Map<String, List<String>> headers = answer.headers().map();
                assertThat(headers.keySet().stream().map(h -> h.toLowerCase(Locale.ROOT)))
                        .as("%s: response header names", call.name()).allMatch(ALLOWED_RESPONSE_HEADERS::contains);
                assertThat(headers.values().stream().flatMap(List::stream))
                        .as("%s: response header values", call.name())
                        .noneMatch(v -> v.contains(MARKER) || v.contains("evil") || v.contains(WEBHOOK_SECRET));
            }
        }
    }

    private static Map<String, String> with(Map<String, String> base, String key, String value) {
        Map<String, String> m = new HashMap<>(base);
        m.put(key, value);
        return m;
    }

    // ---- item 2: form-encoded deliveries, raw-body verification, body cap, client mistakes are 4xx

    @Test
    void aSignedFormEncodedGitHubPushIsVerifiedOverTheRawBodyAndRequestsASync() throws Exception {
        byte[] body = gitHubForm("{\"ref\":\"refs/heads/main\",\"after\":\"0123abc\"}");
        try (AgentRuntime daemon = daemon()) {
            NotifyBuilder push = pushes(daemon);
            NotifyBuilder run = new NotifyBuilder(daemon.camel()).fromRoute("sync-request-queue").whenCompleted(1).create();

            HttpResponse<String> answer = send(new Call("form push", port, "POST", "/hooks/git", FORM, body,
                    Map.of(WebhookSignature.GITHUB_HEADER, signature(body), "X-GitHub-Event", "push")));

            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(push.matches(10, TimeUnit.SECONDS)).as("a sync was requested").isTrue();
            assertThat(run.matches(30, TimeUnit.SECONDS)).as("a sync ran").isTrue();
            assertThat(t.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(ReconcileCommandsTest.CHECK);
        }
    }

    @Test
    void aGitLabTokenWithAFormContentTypeRequestsASync() throws Exception {
        try (AgentRuntime daemon = daemon()) {
            NotifyBuilder push = pushes(daemon);
            HttpResponse<String> answer = send(new Call("GitLab form", port, "POST", "/hooks/git", FORM,
                    bytes("object_kind=push&ref=refs%2Fheads%2Fmain"),
                    Map.of(WebhookSignature.GITLAB_HEADER, WEBHOOK_SECRET, "X-Gitlab-Event", "Push Hook")));

            assertThat(answer.statusCode()).isEqualTo(202);
            assertThat(push.matches(10, TimeUnit.SECONDS)).as("a sync was requested").isTrue();
        }
    }

    @Test
    void aBodyOverTheCapIsRefusedWith413AndABodyAtTheCapIsAccepted() throws Exception {
        byte[] atCap = new byte[ONE_MIB];
        Arrays.fill(atCap, (byte) 'a');
        byte[] overCap = new byte[ONE_MIB + 1];
        Arrays.fill(overCap, (byte) 'a');
        try (AgentRuntime daemon = daemon()) {
            NotifyBuilder push = pushes(daemon);
            // signed, so only the size can refuse it
            assertThat(send(new Call("over the cap", port, "POST", "/hooks/git", JSON, overCap,
                    Map.of(WebhookSignature.GITHUB_HEADER, signature(overCap)))).statusCode()).isEqualTo(413);
            // no Content-Length: the body streams in chunks until it passes the cap
            HttpRequest chunked = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/hooks/git"))
                    .timeout(Duration.ofSeconds(20)).header("Content-Type", JSON)
                    .header(WebhookSignature.GITHUB_HEADER, signature(new byte[4 * ONE_MIB]))
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(new byte[4 * ONE_MIB])))
                    .build();
            assertThat(sendTolerant(chunked)).as("chunked over the cap").isEqualTo(413);
            assertThat(send(new Call("status with a body", port, "POST", "/status", JSON, overCap, Map.of()))
                    .statusCode()).as("any endpoint").isIn(405, 413);
            assertThat(push.matches(1, TimeUnit.SECONDS)).as("no sync requested").isFalse();

            assertThat(send(new Call("at the cap", port, "POST", "/hooks/git", JSON, atCap,
                    Map.of(WebhookSignature.GITHUB_HEADER, signature(atCap)))).statusCode()).isEqualTo(202);
            assertThat(send(new Call("status after", port, "GET", "/status", null, null, Map.of())).statusCode())
                    .isEqualTo(200);
        }
    }

    /** The status code, or 413 when the server answered and closed while the client was still sending. */
    private int sendTolerant(HttpRequest request) throws Exception {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
        } catch (IOException e) {
            return -1;
        }
    }

    @Test
    void aClientThatAsksBeforeSendingItsBodyIsToldToGoOnOrThatTheBodyIsTooLarge() throws Exception {
        byte[] body = bytes("{\"ref\":\"refs/heads/main\"}");
        String head = "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nExpect: 100-continue\r\n";
        try (AgentRuntime daemon = daemon()) {
            try (Socket tooLarge = new Socket("127.0.0.1", port)) {
                tooLarge.setSoTimeout(20_000);
                tooLarge.getOutputStream().write(bytes(head + "Content-Length: " + (2 * ONE_MIB) + "\r\n\r\n"));
                assertThat(new String(tooLarge.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                        .as("refused before the body is sent").isEqualTo("HTTP/1.1 413");
            }
            try (Socket signed = new Socket("127.0.0.1", port)) {
                signed.setSoTimeout(20_000);
                signed.getOutputStream().write(bytes(head + WebhookSignature.GITHUB_HEADER + ": " + signature(body)
                        + "\r\nContent-Length: " + body.length + "\r\n\r\n"));
                InputStream in = signed.getInputStream();
                assertThat(new String(in.readNBytes(25), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
                signed.getOutputStream().write(body);
                assertThat(new String(in.readNBytes(12), StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 202");
            }
        }
    }

    @Test
    void garbageContentTypesAndBodiesAreClientErrorsWithOneShortLogLineNeverServerErrors() throws Exception {
        byte[] binary = new byte[4096];
        new java.util.Random(6).nextBytes(binary);
        List<Call> calls = new ArrayList<>();
        Map<String, byte[]> bodies = Map.of("binary", binary, "broken form", bytes("%%%=&&=%zz&payload=%E0%A4%A"),
                "empty", new byte[0], "broken JSON", bytes("{\"ref\":"), "broken multipart", bytes("--x\r\nContent-Disposition: form-data; name=\"payload\"\r\n\r\nabc"));
        List<String> contentTypes = List.of(FORM, "multipart/form-data; boundary=x", "multipart/form-data",
                "application/json; charset=no-such-charset", "text/plain; charset=\"", ";;;==", "text/plain;;",
                "text/plain; a=\"\\\"\"", "text/plain; charset=\"\"", "*/*", "application/x-www-form-urlencoded; charset=utf-16");
        for (String type : contentTypes) {
            for (Map.Entry<String, byte[]> body : bodies.entrySet()) {
                calls.add(new Call(type + " / " + body.getKey() + " / unsigned", port, "POST", "/hooks/git", type,
                        body.getValue(), Map.of()));
                calls.add(new Call(type + " / " + body.getKey() + " / bad signature", port, "POST", "/hooks/git", type,
                        body.getValue(), Map.of(WebhookSignature.GITHUB_HEADER, "sha256=zz" + MARKER)));
                calls.add(new Call(type + " / " + body.getKey() + " / status", port, "GET", "/status", type,
                        body.getValue(), Map.of()));
            }
        }
        Set<String> malformed = Set.of(";;;==", "text/plain; charset=\"");
        calls.add(new Call("PUT webhook", port, "PUT", "/hooks/git", JSON, bytes("{}"), Map.of()));
        calls.add(new Call("DELETE status", port, "DELETE", "/status", null, null, Map.of()));
        calls.add(new Call("two signatures", port, "POST", "/hooks/git", JSON, bytes("{}"),
                Map.of(WebhookSignature.GITHUB_HEADER, "sha256=" + "0".repeat(64), WebhookSignature.GITLAB_HEADER, "x")));

        try (AgentRuntime daemon = daemon()) {
            NotifyBuilder push = pushes(daemon);
            logs.list.clear();
            for (Call call : calls) {
                HttpResponse<String> answer = send(call);
                if (call.pathAndQuery().equals("/status") && call.method().equals("GET")) {
                    assertThat(answer.statusCode()).as(call.name()).isLessThan(500);
                } else {
                    assertThat(answer.statusCode()).as(call.name()).isBetween(400, 499);
                }
                assertThat(answer.body()).as(call.name()).doesNotContain("Exception").doesNotContain("\tat ");
            }
            // a signed garbage body is still authentic: the signature covers the raw bytes, whatever they are
            for (String type : contentTypes.stream().filter(type -> !malformed.contains(type)).toList()) {
                assertThat(send(new Call("signed " + type, port, "POST", "/hooks/git", type, binary,
                        Map.of(WebhookSignature.GITHUB_HEADER, signature(binary)))).statusCode()).as(type).isEqualTo(202);
            }
            assertThat(push.matches(10, TimeUnit.SECONDS)).isTrue();
        }
        List<ILoggingEvent> noisy = httpLog(Level.WARN);
        assertThat(noisy).as("refused calls are logged").isNotEmpty();
        assertThat(noisy).as("never more lines than refused calls").hasSizeLessThanOrEqualTo(calls.size());
        assertThat(noisy).allSatisfy(e -> {
            assertThat(e.getLevel()).as(e.getFormattedMessage()).isEqualTo(Level.WARN);
            assertThat(e.getThrowableProxy()).as("no stack trace: " + e.getFormattedMessage()).isNull();
            assertThat(e.getFormattedMessage()).hasSizeLessThan(200).doesNotContain("\n");
        });
    }

    @Test
    void requestsVertxCannotParseOrWeCannotServeAreClientErrorsLoggedQuietly() throws Exception {
        List<String> requests = List.of("GARBAGE\r\n\r\n", "GET /status HTTP/9.9\r\nHost: x\r\n\r\n",
                "GET /status HTTP/1.1\r\nHost: x\r\nX-Long: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 7\r\n\r\nhello",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 2\r\n\r\n{}",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Type: text/pl\u00e4in\r\nContent-Length: 2\r\n\r\n{}",
                "GET /status HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain; charset=\"\r\n\r\n");
        try (AgentRuntime daemon = daemon()) {
            logs.list.clear();
            for (String request : requests) {
                String label = request.substring(0, Math.min(70, request.length())).replace("\r\n", "|");
                try (Socket socket = new Socket("127.0.0.1", port)) {
                    socket.setSoTimeout(20_000);
                    socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                    String statusLine = new String(socket.getInputStream().readNBytes(12), StandardCharsets.ISO_8859_1);
                    // Vert.x answers an HTTP version it does not speak with 501 (in that version), and closes the
                    // connection without an answer when the body's chunked encoding breaks after the headers
                    assertThat(statusLine).as(label).matches(request.contains("HTTP/9.9") ? "HTTP/9\\.9 501"
                            : request.contains("chunked") ? "" : "HTTP/1\\.[01] 4\\d\\d");
                }
            }
        }
        assertThat(httpLog(Level.TRACE)).noneSatisfy(e -> assertThat(e.getLevel()).isEqualTo(Level.ERROR))
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
    }

    @Test
    void clientsThatHangUpHalfwayLeaveNoErrorInTheLog() throws Exception {
        List<String> halves = List.of(
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ref",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nabcde\r\n",
                "GET /status HTTP/1.1\r\nHost: x\r\n\r\n",
                "POST /hooks/git HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n" + WebhookSignature.GITLAB_HEADER + ": "
                        + WEBHOOK_SECRET + "\r\n\r\n{}",
                "GET /observe/metrics HTTP/1.1\r\nHost: x\r\n\r\n");
        try (AgentRuntime daemon = daemon()) {
            logs.list.clear();
            for (String half : halves) {
                for (boolean reset : List.of(false, true)) {
                    try (Socket socket = new Socket("127.0.0.1", half.contains("/observe") ? management : port)) {
                        socket.getOutputStream().write(half.getBytes(StandardCharsets.ISO_8859_1));
                        if (reset) {
                            socket.setSoLinger(true, 0); // close with RST instead of FIN
                        }
                    }
                }
            }
            // the server has noticed every hang-up once a real client is answered after them
            Thread.sleep(500);
            assertThat(send(new Call("status", port, "GET", "/status", null, null, Map.of())).statusCode()).isEqualTo(200);
            Thread.sleep(500);
        }
        assertThat(httpLog(Level.TRACE)).noneSatisfy(e -> assertThat(e.getLevel()).as(e.getFormattedMessage()).isEqualTo(Level.ERROR))
                .allSatisfy(e -> assertThat(e.getThrowableProxy()).as(e.getFormattedMessage()).isNull());
    }

    // ---- item 3: stalled connections, timeouts and the connection cap

    @Test
    void aThousandStalledConnectionsNeitherStopASignedPushNorStatusAndAreClosedAfterTheTimeout() throws Exception {
        int timeoutSeconds = 2;
        List<String> halves = List.of("POST /hooks/gi",
                "POST /hooks/git HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Hub-Signature-256: sha2",
                "POST /hooks/git HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"ref\":");
        try (AgentRuntime daemon = daemon(Map.of("SYNC_HTTP_REQUEST_TIMEOUT_SECONDS", Integer.toString(timeoutSeconds)));
             StalledClients stalled = new StalledClients()) {
            logs.list.clear();
            long start = System.nanoTime();
            for (int i = 0; i < 1000; i++) {
                stalled.open(i % 10 == 9 ? management : port, halves.get(i % halves.size()));
            }
            long flooded = System.nanoTime();
            long stillOpenAfterFlood = stalled.clients().stream().filter(c -> !c.closed()).count();

            byte[] body = bytes("{\"ref\":\"refs/heads/main\"}");
            NotifyBuilder push = pushes(daemon);
            long before = System.nanoTime();
            HttpResponse<String> accepted = send(new Call("signed push", port, "POST", "/hooks/git", JSON, body,
                    Map.of(WebhookSignature.GITHUB_HEADER, signature(body))));
            HttpResponse<String> status = send(new Call("status", port, "GET", "/status", null, null, Map.of()));
            HttpResponse<String> health = send(new Call("health", management, "GET", "/observe/health", null, null, Map.of()));
            long answered = System.nanoTime();

            // The server sees a connection only once it accepts it: on a busy machine that lags the client's
            // connect by seconds (plain Vert.x too), hence the generous deadline; the timings are printed.
            boolean allClosed = stalled.awaitAllClosed(flooded + TimeUnit.SECONDS.toNanos(timeoutSeconds + 15));
            LongSummaryStatistics open = stalled.clients().stream().filter(StalledClients.Client::closed)
                    .mapToLong(StalledClients.Client::openMillis).summaryStatistics();
            System.out.printf(Locale.ROOT, "1000 stalled connections opened in %d ms, %d still open right after (cap %s"
                            + " per server); push, status and health answered in %d ms; stalled connections closed"
                            + " %d to %d ms after they opened (timeout %d s)%n",
                    TimeUnit.NANOSECONDS.toMillis(flooded - start), stillOpenAfterFlood,
                    io.userflowsync.config.Setting.HTTP_MAX_CONNECTIONS.defaultValue(),
                    TimeUnit.NANOSECONDS.toMillis(answered - before), open.getMin(), open.getMax(), timeoutSeconds);

            assertThat(accepted.statusCode()).isEqualTo(202);
            assertThat(status.statusCode()).isEqualTo(200);
            assertThat(health.statusCode()).as("health answers, UP or DOWN").isIn(200, 503);
            assertThat(push.matches(10, TimeUnit.SECONDS)).isTrue();
            assertThat(allClosed).as("every stalled connection is closed by the server; still open: %s",
                    stalled.clients().stream().filter(c -> !c.closed())
                            .collect(Collectors.groupingBy(StalledClients.Client::toString, Collectors.counting())))
                    .isTrue();
        }
        List<ILoggingEvent> noisy = httpLog(Level.WARN);
        assertThat(noisy).as("a thousand refused connections are a few rate-limited lines: %s",
                noisy.stream().map(ILoggingEvent::getFormattedMessage).collect(Collectors.joining("\n"))).hasSizeLessThanOrEqualTo(5);
        assertThat(noisy).allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
    }

    @Test
    void overTheConnectionCapTheOldestStalledConnectionsAreDroppedFirst() throws Exception {
        try (AgentRuntime daemon = daemon(Map.of("SYNC_HTTP_MAX_CONNECTIONS", "20",
                "SYNC_HTTP_REQUEST_TIMEOUT_SECONDS", "30"));
             StalledClients stalled = new StalledClients()) {
            for (int i = 0; i < 60; i++) {
                stalled.open(port, "GET /sta");
            }
            List<StalledClients.Client> clients = stalled.clients();
            // the 40 oldest are dropped to make room, long before the timeout; the 20 newest stay
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (System.nanoTime() < deadline && !clients.subList(0, 40).stream().allMatch(StalledClients.Client::closed)) {
                Thread.sleep(20);
            }
            Thread.sleep(200);
            assertThat(clients.subList(0, 40)).allMatch(StalledClients.Client::closed);
            assertThat(clients.subList(40, 60)).noneMatch(StalledClients.Client::closed);
            // and a real client still gets through, with the cap full of stalled connections
            assertThat(send(new Call("status", port, "GET", "/status", null, null, Map.of())).statusCode()).isEqualTo(200);
            Thread.sleep(200);
            assertThat(clients.subList(0, 41)).as("the oldest made room for it").allMatch(StalledClients.Client::closed);
        }
    }
}
