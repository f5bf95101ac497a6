package io.userflowsync.trigger;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The Vert.x instance Camel's HTTP servers run on, with our limits on every HTTP server it creates.
 * <p>
 * Why a proxy: Camel 4.18's {@code VertxPlatformHttpServer.startServer()} (used for both {@code camel.server.*} and
 * {@code camel.management.*}) creates its server with {@code vertx.createHttpServer(new HttpServerOptions())}, and no
 * {@code camel.server.*} option reaches those options: no idle timeout, no connection limit, HTTP/2 upgrade on. It
 * does take its Vert.x from the registry when one is bound ({@code lookupVertx()}), so we bind this one; its
 * {@code createHttpServer} sets our options and puts an {@link HttpServerGuard} in front of the server. Everything
 * else goes to the real Vert.x unchanged. Checked against the 4.18.0 jars with javap.
 * <p>
 * Camel closes a Vert.x it found in the registry when each server stops, the first one while the other still runs;
 * here that close does nothing, and {@link #close(Vertx)} closes it once Camel has stopped.
 */
public final class GuardedVertx implements InvocationHandler {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final RefusalLog refusals;

    private GuardedVertx(Vertx vertx, HttpLimits limits, RefusalLog refusals) {
        this.vertx = vertx;
        this.limits = limits;
        this.refusals = refusals;
    }

    public static Vertx create(HttpLimits limits, RefusalLog refusals) {
        long timeoutNanos = limits.requestTimeout().toNanos();
        VertxOptions options = new VertxOptions()
                // Camel runs each request's route on a worker, and the webhook reads its body there: a slow client
                // holds one worker for at most the request timeout, and the connection cap of both servers bounds
                // how many can; sized so that every admitted connection can have one and a real request never waits.
                .setWorkerPoolSize(2 * limits.maxConnections() + VertxOptions.DEFAULT_WORKER_POOL_SIZE)
                // a worker blocked for the whole request timeout is expected, not a "thread blocked" warning
                .setMaxWorkerExecuteTime(Math.max(VertxOptions.DEFAULT_MAX_WORKER_EXECUTE_TIME, 2 * timeoutNanos))
                .setMaxWorkerExecuteTimeUnit(TimeUnit.NANOSECONDS);
        Vertx real = Vertx.vertx(options);
        return (Vertx) Proxy.newProxyInstance(GuardedVertx.class.getClassLoader(), interfacesOf(real),
                new GuardedVertx(real, limits, refusals));
    }

    /** Closes the Vert.x behind a {@link #create} result and waits for it; anything else is left alone. */
    public static void close(Vertx guarded) throws Exception {
        if (Proxy.isProxyClass(guarded.getClass()) && Proxy.getInvocationHandler(guarded) instanceof GuardedVertx g) {
            g.vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "createHttpServer" -> {
                HttpServerOptions options = args == null || args.length == 0
                        ? new HttpServerOptions() : new HttpServerOptions((HttpServerOptions) args[0]);
                return guarded(vertx.createHttpServer(harden(options)));
            }
            case "close" -> {
                if (args != null && args.length == 1 && args[0] instanceof Handler<?> done) {
                    ((Handler<AsyncResult<Void>>) done).handle(Future.succeededFuture());
                    return null;
                }
                if (args == null || args.length == 0) {
                    return Future.succeededFuture();
                }
                return call(vertx, method, args);
            }
            case "equals" -> {
                return proxy == args[0];
            }
            case "hashCode" -> {
                return System.identityHashCode(proxy);
            }
            default -> {
                return call(vertx, method, args);
            }
        }
    }

    private HttpServerOptions harden(HttpServerOptions options) {
        return options
                // nothing may stay silent longer than the request timeout (a client that stops reading our answer
                // included); the guard bounds the slow ones that do send
                .setIdleTimeout((int) limits.requestTimeout().toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                // webhooks, Prometheus and probes speak HTTP/1.1; cleartext HTTP/2 would multiplex requests past the
                // guard's one-request-per-connection view and adds a surface (rapid reset) for nothing
                .setHttp2ClearTextEnabled(false);
    }

    /** The real server, with the guard watching its connections and in front of its request handler. */
    private HttpServer guarded(HttpServer server) {
        HttpServerGuard guard = new HttpServerGuard(vertx, limits, refusals);
        server.connectionHandler(guard::onConnection);
        server.invalidRequestHandler(guard::onInvalidRequest);
        return (HttpServer) Proxy.newProxyInstance(GuardedVertx.class.getClassLoader(), interfacesOf(server),
                (proxy, method, args) -> {
                    if (method.getName().equals("requestHandler") && args != null && args.length == 1) {
                        @SuppressWarnings("unchecked")
                        Handler<HttpServerRequest> next = (Handler<HttpServerRequest>) args[0];
                        server.requestHandler(guard.guard(next));
                        return proxy;
                    }
                    return switch (method.getName()) {
                        case "equals" -> proxy == args[0];
                        case "hashCode" -> System.identityHashCode(proxy);
                        default -> call(server, method, args);
                    };
                });
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Class<?>[] interfacesOf(Object target) {
        Set<Class<?>> all = new LinkedHashSet<>();
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            all.addAll(Set.of(c.getInterfaces()));
        }
        return all.toArray(new Class<?>[0]);
    }
}
