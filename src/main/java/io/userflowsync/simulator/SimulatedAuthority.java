package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The simulated tenant's Entra authority over HTTPS on 127.0.0.1, for clients that speak to an authority only over
 * HTTPS: msal4j refuses any other scheme ({@code Authority.validateAuthority}: "authority should use the 'https'
 * scheme"), and the agent's certificate and workload identity credentials use msal4j. Serves the same token endpoint
 * as {@link GraphSimulator} (its tokens open Graph there) and the tenant's OpenID configuration
 * ({@code GET /{tenant}/v2.0/.well-known/openid-configuration}). msal4j 1.26.1 asks for nothing else for client
 * credentials with a tenant's authority, even with instance discovery and authority validation on (as
 * {@code SimulatedAuthorityTest} shows): {@code /common/discovery/instance} is not served.
 *
 * <p>Its TLS certificate is self-signed and made at start: a client trusts {@link #certificatePem()} (the agent:
 * written to a file named by {@code graph.ca-file}). Client assertions must name {@link #tokenUrl()} as their audience.
 * The request log holds method, path and status, never headers or bodies.
 */
public final class SimulatedAuthority implements AutoCloseable {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern OPENID_CONFIGURATION = Pattern.compile("^/([^/]+)/v2\\.0/\\.well-known/openid-configuration$");

    private final SimulatedTenant tenant;
    private final Clock clock;
    private final LoopbackTls tls;
    private final HttpsServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final TokenEndpoint tokens;
    private final FaultInjector faults = new FaultInjector();
    private final RequestLog log = new RequestLog();
    private final AtomicReference<Optional<CountDownLatch>> held = new AtomicReference<>(Optional.empty());

    private SimulatedAuthority(SimulatedTenant tenant, int port, Clock clock) throws IOException {
        this.tenant = tenant;
        this.clock = clock;
        this.tls = LoopbackTls.create();
        this.server = HttpsServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
        this.baseUrl = "https://127.0.0.1:" + server.getAddress().getPort();
        this.tokens = new TokenEndpoint(tenant);
        tenant.app().acceptAudience(tokenUrl());
        AtomicInteger count = new AtomicInteger();
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "simulated-authority-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code tenant}'s authority on an ephemeral port of 127.0.0.1. */
    public static SimulatedAuthority start(SimulatedTenant tenant) {
        return start(tenant, 0, Clock.systemUTC());
    }

    /** As {@link #start(SimulatedTenant)}, on {@code port} (0: ephemeral), with the clock that decides expiry. */
    public static SimulatedAuthority start(SimulatedTenant tenant, int port, Clock clock) {
        try {
            return new SimulatedAuthority(tenant, port, clock);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulated authority on 127.0.0.1:" + port, e);
        }
    }

    /** {@code https://127.0.0.1:PORT}: the authority host ({@code AZURE_AUTHORITY_HOST}). */
    public String baseUrl() {
        return baseUrl;
    }

    /** The tenant's token endpoint here: the audience of a certificate's client assertion. */
    public String tokenUrl() {
        return baseUrl + "/" + tenant.tenantId() + "/oauth2/v2.0/token";
    }

    /** The server's self-signed TLS certificate as PEM, for a client to trust. */
    public String certificatePem() {
        return tls.certificatePem();
    }

    public List<RecordedRequest> requests() {
        return log.requests();
    }

    public void inject(FaultRule rule) {
        faults.inject(rule);
    }

    /**
     * From now on every request is read and then left unanswered until {@link #close()}: an authority that hangs, for
     * a client's response timeout to end the wait.
     */
    public void holdAnswers() {
        held.set(Optional.of(new CountDownLatch(1)));
    }

    @Override
    public void close() {
        held.get().ifPresent(CountDownLatch::countDown);
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Headers in = exchange.getRequestHeaders();
            RequestContext context = new RequestContext(UUID.randomUUID().toString(),
                    Optional.ofNullable(in.getFirst("client-request-id")).filter(s -> !s.isBlank())
                            .orElse(UUID.randomUUID().toString()), clock.instant());
            String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
            URI uri = exchange.getRequestURI();
            String path = Optional.ofNullable(uri.getPath()).orElse("/");
            byte[] body;
            try (InputStream stream = exchange.getRequestBody()) {
                body = stream.readAllBytes();
            }
            Optional<CountDownLatch> hold = held.get();
            if (hold.isPresent()) {
                try {
                    hold.get().await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            SimResponse response = respond(context, method, uri, in, path, body);
            // As the Graph simulator logs its token endpoint: the query's names, never its values.
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? ""
                    : "?" + uri.getRawQuery().replaceAll("=[^&]*", "=***"));
            log.add(new RecordedRequest(method, path, "", response.status(), false, target), false, List.of());
            write(exchange, context, response);
        }
    }

    private SimResponse respond(RequestContext context, String method, URI uri, Headers in, String path, byte[] body) {
        Optional<FaultRule> fault = faults.take(method, path);
        if (fault.isPresent()) {
            FaultRule f = fault.get();
            SimResponse error = TokenEndpoint.oauthError(context, f.status(), f.errorCode(), 50196,
                    "The token endpoint failed (a fault injected into the simulated authority)."
                            + (f.echoesRequest() ? " The request was: " + RequestEcho.of(method, uri, in, body) : ""));
            return f.retryAfterSeconds().map(s -> error.withHeader("Retry-After", String.valueOf(s))).orElse(error);
        }
        if (TokenEndpoint.isTokenPath(path)) {
            return tokens.handle(context, method, path, body);
        }
        Matcher openid = OPENID_CONFIGURATION.matcher(path);
        if (openid.matches() && "GET".equals(method)) {
            if (!tenant.tenantId().equals(openid.group(1))) {
                return TokenEndpoint.oauthError(context, 400, "invalid_tenant", 90002, "Tenant '" + openid.group(1)
                        + "' not found.");
            }
            return openIdConfiguration();
        }
        return TokenEndpoint.oauthError(context, 404, "not_found", 90027, "The simulated authority serves "
                + "/{tenant}/oauth2/v2.0/token and /{tenant}/v2.0/.well-known/openid-configuration only.");
    }

    private SimResponse openIdConfiguration() {
        String tenantBase = baseUrl + "/" + tenant.tenantId();
        ObjectNode body = SimResponse.JSON.objectNode();
        body.put("token_endpoint", tokenUrl());
        body.putArray("token_endpoint_auth_methods_supported").add("client_secret_post").add("private_key_jwt");
        body.put("issuer", tenantBase + "/v2.0");
        body.put("authorization_endpoint", tenantBase + "/oauth2/v2.0/authorize");
        body.put("jwks_uri", tenantBase + "/discovery/v2.0/keys");
        body.putArray("response_types_supported").add("code").add("id_token").add("token");
        body.putArray("grant_types_supported").add("client_credentials");
        body.put("tenant_region_scope", "WW");
        return SimResponse.json(200, body);
    }

    private static void write(HttpExchange exchange, RequestContext context, SimResponse response) throws IOException {
        Headers out = exchange.getResponseHeaders();
        out.set("request-id", context.requestId());
        out.set("client-request-id", context.clientRequestId());
        response.headers().forEach(out::set);
        byte[] bytes = MAPPER.writeValueAsBytes(response.body().orElse(SimResponse.JSON.objectNode()));
        out.set("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(response.status(), bytes.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(bytes);
        }
    }
}
