package io.userflowsync.notify;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * A webhook receiver on loopback (the JDK's HttpServer): records every request as it arrives, answers as told
 * (a scripted status per request, then 200), and can hang until released, as a stuck receiver would.
 */
public final class Receiver implements AutoCloseable {
    /** One request as it arrived. */
    public record Delivery(String path, String contentType, String userAgent, String body, Instant at) {
    }

    private record Answer(int status, Optional<String> retryAfter) {
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-receiver");
        t.setDaemon(true);
        return t;
    });
    private final List<Delivery> deliveries = new ArrayList<>();
    private final Deque<Answer> script = new ArrayDeque<>();
    private int always = 200;
    private volatile CountDownLatch hang = new CountDownLatch(0);
    private final AtomicInteger blocked = new AtomicInteger();

    private Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            synchronized (this) {
                deliveries.add(new Delivery(exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("User-Agent"),
                        new String(body, StandardCharsets.UTF_8), Instant.now()));
                notifyAll();
            }
            CountDownLatch latch = hang;
            if (latch.getCount() > 0) {
                blocked.incrementAndGet();
                try {
                    latch.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    blocked.decrementAndGet();
                }
            }
            Answer answer;
            synchronized (this) {
                answer = script.isEmpty() ? new Answer(always, Optional.empty()) : script.pollFirst();
            }
            answer.retryAfter().ifPresent(r -> exchange.getResponseHeaders().add("Retry-After", r));
            byte[] text = (answer.status() / 100 == 2 ? "ok" : "no_service").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(answer.status(), text.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(text);
            }
        });
        server.start();
    }

    public static Receiver start() throws IOException {
        return new Receiver();
    }

    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    /** The next requests are answered with these statuses, in order; then {@link #always}. */
    public synchronized Receiver answer(int... statuses) {
        for (int s : statuses) {
            script.addLast(new Answer(s, Optional.empty()));
        }
        return this;
    }

    public synchronized Receiver answerWithRetryAfter(int status, String retryAfter) {
        script.addLast(new Answer(status, Optional.of(retryAfter)));
        return this;
    }

    /** Every request not scripted is answered with this status. */
    public synchronized Receiver always(int status) {
        always = status;
        return this;
    }

    /** From now on every request is held, unanswered, until {@link #release()}. */
    public Receiver hang() {
        hang = new CountDownLatch(1);
        return this;
    }

    public void release() {
        hang.countDown();
    }

    /** Requests held by {@link #hang()} right now. */
    public int blocked() {
        return blocked.get();
    }

    public synchronized List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    public synchronized List<Delivery> deliveries(String path) {
        return deliveries.stream().filter(d -> d.path().equals(path)).toList();
    }

    /** Waits (up to 30 s) until at least {@code n} requests have arrived and gives them. */
    public synchronized List<Delivery> await(int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (deliveries.size() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the receiver got " + deliveries.size() + " request(s), not " + n + ": "
                        + deliveries);
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return List.copyOf(deliveries);
    }

    /** Polls a condition (up to 30 s); for what the receiver cannot signal itself. */
    public static void awaitThat(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        threads.shutdownNow();
    }
}
