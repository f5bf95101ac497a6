package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A stateful fake of the Microsoft Graph endpoints this project uses, and of the Entra token endpoint, served over
 * real HTTP on 127.0.0.1. Users try the agent against it ({@link SimulatedTenant#demo()}), tests assert on its state
 * and request log, and the benchmark drives large generated tenants ({@link TenantGenerator}).
 *
 * <p>{@link #baseUrl()} serves both the token endpoint ({@code POST /{tenantId}/oauth2/v2.0/token}) and Graph
 * ({@code /v1.0/...}, {@code /beta/...}). Every response carries {@code request-id} and {@code client-request-id}
 * (the client's, echoed, or a new one). The Graph semantics, and the choices made where Graph's reference is
 * silent, are documented on {@link GraphDispatcher}, {@link BatchProcessor}, {@link TokenEndpoint} and
 * {@link FaultRule}.
 *
 * <p>Nothing secret is kept or logged: the request log holds the request line (method, path, query) and the status
 * only.
 *
 * <p>For the benchmark and the concurrency tests it can answer every HTTP request after a fixed latency
 * ({@link #start(SimulatedTenant, int, Clock, Duration)}, {@code simulate --latency-ms N}), the way a distant
 * service would, and it counts how many requests it was answering at once ({@link #maxInFlight()}).
 *
 * <p>It enforces Graph's published quota by default ({@link GraphQuota#published()}: 200 requests a minute per app,
 * 300 for all apps of the tenant, the audit log 5 per 10 s per app), answering 429 {@code TooManyRequests} with an
 * honest {@code Retry-After} past it, a request inside a {@code $batch} counted on its own; the rules are
 * {@link QuotaWindows}'s. {@link #start(SimulatedTenant, int, GraphQuota)} and {@link #quota(GraphQuota)} change or
 * lift it ({@link GraphQuota#unlimited()}); {@link #throttledCount()} and {@link #quotaUsage()} say how it went.
 */
public final class GraphSimulator implements AutoCloseable {
    private static final int ACCEPT_BACKLOG = 1024;

    private static final System.Logger LOG = System.getLogger(GraphSimulator.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static {
        // The JDK server writes headers and body separately; without TCP_NODELAY each answer waits out the peer's
        // delayed ACK (~40 ms on Linux), which would make every benchmark measure the simulator instead of the agent.
        // Read once by the JDK when its first HttpServer is made, so it is set before that.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        // Past 200 idle keep-alive connections (the JDK's default) the server closes the surplus, and a client that
        // picks one of them from its pool gets "header parser received no bytes": a fault of the fake, not of Graph.
        if (System.getProperty("sun.net.httpserver.maxIdleConnections") == null) {
            System.setProperty("sun.net.httpserver.maxIdleConnections", "10000");
        }
    }
    /** More than any client here sends at once, so that {@link #maxInFlight()} counts the client, not this pool. */
    private static final int THREADS = 32;
    /** The outer {@code POST /{version}/$batch} is not itself a write; the requests inside it are. */
    private static final Pattern OPTION_VALUE = Pattern.compile("=[^&]*");
    private static final Pattern OUTER_BATCH = Pattern.compile("^/[^/]+/\\$batch/?$");

    private final SimulatedTenant tenant;
    private final Clock clock;
    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final TokenEndpoint tokens;
    private final GraphDispatcher dispatcher;
    private final BatchProcessor batches;
    private final FaultInjector faults = new FaultInjector();
    private final QuotaWindows quota;
    private final RequestLog log = new RequestLog();
    private final AgentLog agents = new AgentLog(Clock.systemUTC());
    private final Duration latency;
    private final Object inFlightLock = new Object();
    private int inFlight;
    private int maxInFlight;

    private GraphSimulator(SimulatedTenant tenant, int port, Clock clock, Duration latency, GraphQuota quota,
                           LongSupplier ticker) throws IOException {
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative: " + latency);
        }
        this.quota = new QuotaWindows(java.util.Objects.requireNonNull(quota, "quota"), ticker);
        this.tenant = tenant;
        this.clock = clock;
        this.latency = latency;
        // A deep accept queue: a test may open hundreds of connections at once, and with the system default (50)
        // the ones past it are refused or reset, which is the loopback's limit, not Graph's.
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port),
                ACCEPT_BACKLOG);
        this.baseUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        this.tokens = new TokenEndpoint(tenant);
        this.dispatcher = new GraphDispatcher(tenant, baseUrl);
        // An echoing proxy in front of Graph sees the batch, not the requests inside it: an inner fault's echo is
        // the inner request and then the whole outer one, headers (the access token) included.
        this.batches = new BatchProcessor((context, request, batchEcho) -> serveGraph(context, request, true, r -> { },
                () -> RequestEcho.of(request) + "\nin the batch request: " + batchEcho.get(), batchEcho));
        this.executor = Executors.newFixedThreadPool(THREADS, daemonThreads());
        server.setExecutor(executor);
        server.createContext("/", this::handle).getFilters().add(agents);
        server.start();
    }

    /** Starts serving {@code tenant} on 127.0.0.1:{@code port} (0 = an ephemeral port), with Graph's published quota. */
    public static GraphSimulator start(SimulatedTenant tenant, int port) {
        return start(tenant, port, Clock.systemUTC());
    }

    /** As {@link #start(SimulatedTenant, int)}, enforcing {@code quota} instead ({@link GraphQuota#unlimited()}: none). */
    public static GraphSimulator start(SimulatedTenant tenant, int port, GraphQuota quota) {
        return start(tenant, port, Clock.systemUTC(), Duration.ZERO, quota);
    }

    /** As {@link #start(SimulatedTenant, int)}, with the clock that decides token expiry and error dates. */
    public static GraphSimulator start(SimulatedTenant tenant, int port, Clock clock) {
        return start(tenant, port, clock, Duration.ZERO);
    }

    /**
     * As {@link #start(SimulatedTenant, int, Clock)}, answering every HTTP request (a {@code $batch} counts once, as
     * on the wire) no sooner than {@code latency} after it arrived: a stand-in for the distance to the real service.
     */
    public static GraphSimulator start(SimulatedTenant tenant, int port, Clock clock, Duration latency) {
        return start(tenant, port, clock, latency, GraphQuota.published());
    }

    /** As {@link #start(SimulatedTenant, int, Clock, Duration)}, enforcing {@code quota}. */
    public static GraphSimulator start(SimulatedTenant tenant, int port, Clock clock, Duration latency,
                                       GraphQuota quota) {
        return start(tenant, port, clock, latency, quota, System::nanoTime);
    }

    /** For the quota's tests: the windows measure time with {@code ticker} (nanoseconds, never going back). */
    static GraphSimulator start(SimulatedTenant tenant, int port, Clock clock, Duration latency, GraphQuota quota,
                                LongSupplier ticker) {
        try {
            return new GraphSimulator(tenant, port, clock, latency, quota, ticker);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Graph simulator on 127.0.0.1:" + port, e);
        }
    }

    /** {@code http://127.0.0.1:PORT}: the authority host and the Graph host at once. */
    public String baseUrl() {
        return baseUrl;
    }

    public SimulatedTenant tenant() {
        return tenant;
    }

    /** The requests answered since start or {@link #clearRequests()}, in arrival order; a $batch precedes its inner requests. */
    public List<RecordedRequest> requests() {
        return log.requests();
    }

    /**
     * PUT/PATCH/POST/DELETE requests to Graph resources in {@link #requests()}, whatever they were answered: inner
     * $batch requests count, the outer {@code POST $batch} and the token endpoint do not.
     */
    public long writeCount() {
        return log.writeCount();
    }

    /** The {@code $batch} requests in {@link #requests()}, each with the requests inside it. */
    public List<RecordedBatch> batches() {
        return log.batches();
    }

    /**
     * The most HTTP requests the simulator was answering at the same moment since start or {@link #clearRequests()}.
     * A request counts from the moment its handler starts until just before its answer is written, a window inside
     * the one in which the client waits for it, so a client that never has more than N requests open is never
     * counted above N.
     */
    public int maxInFlight() {
        synchronized (inFlightLock) {
            return maxInFlight;
        }
    }

    /**
     * Requests answered 429 by the quota since start or {@link #clearRequests()}, requests inside a {@code $batch}
     * included; an injected throttling fault ({@link FaultRule#throttling}) is not the quota's and is not counted.
     */
    public long throttledCount() {
        return quota.throttled();
    }

    /** What is in the quota's windows now, per app and for the tenant. */
    public QuotaUsage quotaUsage() {
        return quota.usage();
    }

    /** The quota enforced now. */
    public GraphQuota quota() {
        return quota.quota();
    }

    /**
     * Enforces {@code replacement} from the next request on, e.g. {@link GraphQuota#unlimited()} to lift it; the
     * requests already counted stay in the windows.
     */
    public void quota(GraphQuota replacement) {
        quota.quota(java.util.Objects.requireNonNull(replacement, "replacement"));
    }

    /**
     * Forgets the request log, the in-flight peak and {@link #throttledCount()}; not the quota's windows, which are
     * about time, and would otherwise let a client past Graph's limits by clearing a log.
     */
    public void clearRequests() {
        log.clear();
        quota.forgetThrottled();
        synchronized (inFlightLock) {
            maxInFlight = inFlight;
        }
    }

    /** Every request since start with its {@code User-Agent}, in the order answered (issue 8: who wrote what). */
    public List<AgentRequest> requestsByAgent() {
        return agents.requests();
    }

    /** Tells {@code listener} of every request as it is answered (the simulate command prints them). */
    public void onRequest(java.util.function.Consumer<AgentRequest> listener) {
        agents.listen(listener);
    }

    public void inject(FaultRule rule) {
        faults.inject(rule);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        synchronized (inFlightLock) {
            maxInFlight = Math.max(maxInFlight, ++inFlight);
        }
        boolean counted = true;
        try (exchange) {
            Headers in = exchange.getRequestHeaders();
            RequestContext context = new RequestContext(UUID.randomUUID().toString(),
                    Optional.ofNullable(in.getFirst("client-request-id")).filter(s -> !s.isBlank())
                            .orElse(UUID.randomUUID().toString()),
                    clock.instant());
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = exchange.getRequestURI();
            String path = Optional.ofNullable(uri.getPath()).orElse("/");
            byte[] body;
            try (InputStream stream = exchange.getRequestBody()) {
                body = stream.readAllBytes();
            }
            List<RecordedRequest> inner = new ArrayList<>();
            SimResponse response;
            boolean graphWrite = false;
            boolean token = TokenEndpoint.isTokenPath(path);
            // A token request's query is no place for a secret, but a careless client may put one there: its names
            // are kept (so a test sees any query at all), its values never.
            String loggedQuery = token ? "" : Optional.ofNullable(uri.getQuery()).orElse("");
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? ""
                    : "?" + (token ? namesOnly(uri.getRawQuery()) : uri.getRawQuery()));
            try {
                if (token) {
                    response = faults.take(method, path)
                            .map(fault -> tokenFault(context, fault, RequestEcho.of(method, uri, in, body)))
                            .orElseGet(() -> tokens.handle(context, method, path, body));
                } else {
                    graphWrite = RequestLog.isWriteMethod(method) && !OUTER_BATCH.matcher(path).matches();
                    // The token's roles go with the request (and each request inside a $batch): RoleCheck; and the
                    // app it was issued to, which the quota counts the request against.
                    Optional<String> authorization = Optional.ofNullable(in.getFirst("Authorization"));
                    RequestContext authorized = context.authorizedAs(tokens.roles(authorization),
                            tokens.appId(authorization));
                    response = authorize(context, in.getFirst("Authorization"))
                            .orElseGet(() -> serveGraph(authorized, method, path, uri.getRawQuery(), body, inner,
                                    () -> RequestEcho.of(method, uri, in, body),
                                    () -> RequestEcho.lineAndHeaders(method, uri, in)));
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Graph simulator failed on " + method + " " + path, e);
                response = SimResponse.graphError(context, 500, "InternalServerError",
                        "The Graph simulator failed; see its log.");
            }
            log.add(new RecordedRequest(method, path, loggedQuery, response.status(), false, target), graphWrite,
                    inner);
            // For the agent log: a $batch writes when a request inside it does.
            exchange.setAttribute(AgentLog.WRITES, graphWrite
                    || inner.stream().anyMatch(r -> RequestLog.isWriteMethod(r.method())));
            awaitLatency(arrived);
            synchronized (inFlightLock) {
                inFlight--;
            }
            counted = false;
            write(exchange, context, response);
        } finally {
            if (counted) {
                synchronized (inFlightLock) {
                    inFlight--;
                }
            }
        }
    }

    /** {@code client_secret=abc&x} → {@code client_secret=***&x} */
    private static String namesOnly(String rawQuery) {
        return OPTION_VALUE.matcher(rawQuery).replaceAll("=***");
    }

    private void awaitLatency(long arrivedNanos) {
        long remaining = latency.toNanos() - (System.nanoTime() - arrivedNanos);
        if (remaining > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(remaining);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private Optional<SimResponse> authorize(RequestContext context, String authorization) {
        return tokens.rejection(Optional.ofNullable(authorization), context.now())
                .map(message -> SimResponse.graphError(context, 401, "InvalidAuthenticationToken", message)
                        .withHeader("WWW-Authenticate", "Bearer realm=\"\", authorization_uri="
                                + "\"https://login.microsoftonline.com/common/oauth2/authorize\""));
    }

    private SimResponse serveGraph(RequestContext context, String method, String path, String rawQuery, byte[] body,
                                   List<RecordedRequest> innerLog, Supplier<String> echo, Supplier<String> batchEcho) {
        GraphRequest request;
        try {
            request = GraphRequest.of(method, path, rawQuery, body);
        } catch (IllegalArgumentException e) { // a malformed percent escape
            return SimResponse.badRequest(context, "The query string is malformed: " + e.getMessage());
        }
        return serveGraph(context, request, false, innerLog::add, echo, batchEcho);
    }

    /**
     * Fault rules, then the version, then $batch or the quota and the dispatcher: the same for outer and inner
     * requests. The outer {@code POST $batch} goes to the batch processor before the quota, so it is not counted; each
     * request inside it comes back here and is.
     */
    private SimResponse serveGraph(RequestContext context, GraphRequest request, boolean insideBatch,
                                   Consumer<RecordedRequest> innerLog, Supplier<String> echo,
                                   Supplier<String> batchEcho) {
        Optional<FaultRule> fault = faults.take(request.method(), request.fullPath());
        if (fault.isPresent()) {
            return graphFault(context, fault.get(), echo);
        }
        if (!GraphDispatcher.VERSIONS.contains(request.version())) {
            return SimResponse.badRequest(context, "Invalid version: " + request.version());
        }
        if (request.isBatch()) {
            return insideBatch ? SimResponse.badRequest(context, "A $batch request cannot contain a $batch request.")
                    : batches.process(context, request, innerLog, batchEcho);
        }
        Optional<QuotaWindows.Refusal> refusal = quota.admit(context.appId().orElse(""), QuotaWindows.meter(request));
        if (refusal.isPresent()) {
            return SimResponse.graphError(context, 429, "TooManyRequests", refusal.get().message())
                    .withHeader("Retry-After", String.valueOf(refusal.get().retryAfterSeconds()));
        }
        return RoleCheck.denial(context, request).orElseGet(() -> dispatcher.dispatch(context, request));
    }

    private static SimResponse graphFault(RequestContext context, FaultRule fault, Supplier<String> echo) {
        String message = switch (fault.status()) {
            case 429 -> "Too many requests. Retry after the number of seconds in the Retry-After header.";
            case 503 -> "The service is temporarily unavailable. Please retry.";
            case 504 -> "The gateway timed out. Please retry.";
            default -> "The request failed (a fault injected into the Graph simulator).";
        };
        return withRetryAfter(SimResponse.graphError(context, fault.status(), fault.errorCode(),
                message + echoed(fault, echo)), fault);
    }

    private static SimResponse tokenFault(RequestContext context, FaultRule fault, String echo) {
        return withRetryAfter(TokenEndpoint.oauthError(context, fault.status(), fault.errorCode(), 50196,
                "The token endpoint failed (a fault injected into the Graph simulator)." + echoed(fault, () -> echo)),
                fault);
    }

    private static String echoed(FaultRule fault, Supplier<String> echo) {
        return fault.echoesRequest() ? " The request was: " + echo.get() : "";
    }

    private static SimResponse withRetryAfter(SimResponse response, FaultRule fault) {
        return fault.retryAfterSeconds().map(s -> response.withHeader("Retry-After", String.valueOf(s)))
                .orElse(response);
    }

    private static void write(HttpExchange exchange, RequestContext context, SimResponse response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("request-id", context.requestId());
        out.set("client-request-id", context.clientRequestId());
        response.headers().forEach(out::set);
        if (response.body().isEmpty()) {
            exchange.sendResponseHeaders(response.status(), -1);
            return;
        }
        byte[] bytes = MAPPER.writeValueAsBytes(response.body().get());
        out.set("Content-Type", "application/json");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, "graph-simulator-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
