package io.userflowsync.source;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Git's smart HTTP protocol on loopback: a tiny CGI bridge from the JDK's HttpServer to {@code git http-backend},
 * optionally behind HTTP Basic auth like a forge that takes a token as the password. Test code only.
 */
final class GitHttpBridge implements AutoCloseable {
    static final Path GIT_BINARY = Path.of("/usr/bin/git");

    private final Path projectRoot;
    private final Optional<String> expectedAuthorization;
    private final Path scratch;
    private final AtomicInteger unauthorized = new AtomicInteger();
    private HttpServer server;
    private ExecutorService executor;
    private int port;

    /** @param basicCredentials {@code user:password} the bridge demands, or empty for anonymous access */
    GitHttpBridge(Path projectRoot, Optional<String> basicCredentials, Path scratch) {
        this.projectRoot = projectRoot;
        this.expectedAuthorization = basicCredentials.map(c ->
                "Basic " + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8)));
        this.scratch = scratch;
    }

    static boolean gitAvailable() {
        return Files.isExecutable(GIT_BINARY) && Files.exists(Path.of("/usr/lib/git-core/git-http-backend"));
    }

    /** Starts on {@code port} (0 = any free port) of 127.0.0.1. */
    GitHttpBridge start(int requestedPort) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 0);
        executor = Executors.newFixedThreadPool(4);
        server.setExecutor(executor);
        server.createContext("/git/", this::handle);
        server.start();
        port = server.getAddress().getPort();
        return this;
    }

    int port() {
        return port;
    }

    String url(String repoDirName) {
        return "http://127.0.0.1:" + port + "/git/" + repoDirName;
    }

    int unauthorizedAnswers() {
        return unauthorized.get();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (expectedAuthorization.isPresent()
                    && !expectedAuthorization.get().equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                unauthorized.incrementAndGet();
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
                exchange.sendResponseHeaders(401, -1);
                return;
            }
            ProcessBuilder pb = new ProcessBuilder(GIT_BINARY.toString(), "http-backend");
            Map<String, String> env = pb.environment();
            env.clear();
            env.put("PATH", "/usr/bin:/bin");
            env.put("HOME", scratch.toString());
            env.put("GIT_CONFIG_NOSYSTEM", "1");
            env.put("GIT_PROJECT_ROOT", projectRoot.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", exchange.getRequestURI().getRawPath().substring("/git".length()));
            env.put("QUERY_STRING", Optional.ofNullable(exchange.getRequestURI().getRawQuery()).orElse(""));
            env.put("REMOTE_ADDR", "127.0.0.1");
            copyHeader(exchange, "Content-Type", env, "CONTENT_TYPE");
            copyHeader(exchange, "Content-Length", env, "CONTENT_LENGTH");
            copyHeader(exchange, "Content-Encoding", env, "HTTP_CONTENT_ENCODING");
            copyHeader(exchange, "Git-Protocol", env, "GIT_PROTOCOL");
            expectedAuthorization.ifPresent(a -> env.put("REMOTE_USER", "token-user"));
            pb.redirectError(ProcessBuilder.Redirect.appendTo(scratch.resolve("http-backend.err").toFile()));
            Process process = pb.start();
            Thread feeder = new Thread(() -> {
                try (InputStream in = exchange.getRequestBody(); OutputStream out = process.getOutputStream()) {
                    in.transferTo(out);
                } catch (IOException ignored) {
                    // the backend stopped reading; its answer tells what went wrong
                }
            }, "http-backend-stdin");
            feeder.start();
            byte[] output;
            try (InputStream out = process.getInputStream()) {
                output = out.readAllBytes();
            }
            sendCgiResponse(exchange, output);
        }
    }

    private static void copyHeader(HttpExchange exchange, String header, Map<String, String> env, String variable) {
        String value = exchange.getRequestHeaders().getFirst(header);
        if (value != null) {
            env.put(variable, value);
        }
    }

    /** A CGI answer is header lines, an empty line, then the body; {@code Status:} carries the HTTP status. */
    private static void sendCgiResponse(HttpExchange exchange, byte[] output) throws IOException {
        int headerEnd = -1;
        int bodyStart = -1;
        for (int i = 0; i < output.length - 1; i++) {
            if (output[i] == '\n' && output[i + 1] == '\n') {
                headerEnd = i;
                bodyStart = i + 2;
                break;
            }
            if (i < output.length - 3 && output[i] == '\r' && output[i + 1] == '\n' && output[i + 2] == '\r' && output[i + 3] == '\n') {
                headerEnd = i;
                bodyStart = i + 4;
                break;
            }
        }
        if (headerEnd < 0) {
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        int status = 200;
        for (String line : new String(output, 0, headerEnd, StandardCharsets.ISO_8859_1).split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            if (name.equalsIgnoreCase("Status")) {
                status = Integer.parseInt(value.split(" ")[0]);
            } else {
                exchange.getResponseHeaders().add(name, value);
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(output, bodyStart, output.length - bodyStart);
        exchange.sendResponseHeaders(status, body.size() == 0 ? -1 : body.size());
        if (body.size() > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                body.writeTo(out);
            }
        }
    }
}
