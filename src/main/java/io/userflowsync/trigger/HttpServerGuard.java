package io.userflowsync.trigger;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The front door of one HTTP server: it sees every connection and every request before Vert.x Web and Camel do.
 * <ul>
 *   <li>A connection must deliver a complete request within {@link HttpLimits#requestTimeout()} of opening or of
 *       its previous answer, and the request must be answered within as long again; otherwise it is closed. Vert.x's
 *       idle timeout alone does not do this: a client that sends a byte every few seconds is never idle.</li>
 *   <li>At most {@link HttpLimits#maxConnections()} connections are open. A new one past the cap pushes out the
 *       oldest connection that has no request being answered (a stalled one, or an idle keep-alive), so a flood of
 *       half-open connections cannot lock a real client out; when every connection is busy the new one is closed.</li>
 *   <li>A request that announces a body over {@link HttpLimits#maxBodyBytes()} is answered 413 here; endpoints that
 *       read a body enforce the cap again while reading (a chunked body announces no length). A malformed or
 *       repeated Content-Type is answered 400 here (Vert.x Web throws on some), and a request Netty cannot decode
 *       gets Vert.x's own answer.</li>
 *   <li>Each refusal is one line in the {@link RefusalLog}, which logs one per interval; an idle keep-alive
 *       connection that reaches the timeout after an answer is closed without a line.</li>
 * </ul>
 * Vert.x runs a server's connections on one event loop; the connection table is still guarded by this object's
 * lock, since closing and evicting may be asked from elsewhere.
 */
final class HttpServerGuard {
    private final Vertx vertx;
    private final HttpLimits limits;
    private final RefusalLog refusals;
    /** Insertion order is age: the first stalled entry is the oldest. */
    private final Map<HttpConnection, Tracked> open = new LinkedHashMap<>();

    HttpServerGuard(Vertx vertx, HttpLimits limits, RefusalLog refusals) {
        this.vertx = vertx;
        this.limits = limits;
        this.refusals = refusals;
    }

    /** A connection's state as the guard sees it. */
    private static final class Tracked {
        final HttpConnection connection;
        volatile HttpServerRequest current;
        volatile boolean answeredOne;
        volatile long timer = -1;

        Tracked(HttpConnection connection) {
            this.connection = connection;
        }

        /**
         * No request of it is being worked on: it is waiting for headers, its body is still arriving (or was left
         * unread, as {@code /status} leaves a GET's), or it is idle after an answer. Only a request that arrived
         * whole and is being answered protects its connection from being pushed out.
         */
        boolean stalled() {
            HttpServerRequest r = current;
            return r == null || !r.isEnded() || r.response().ended();
        }
    }

    void onConnection(HttpConnection connection) {
        Tracked tracked = new Tracked(connection);
        Tracked evicted = null;
        boolean full = false;
        synchronized (this) {
            if (open.size() >= limits.maxConnections()) {
                evicted = oldestStalled().orElse(null);
                if (evicted == null) {
                    full = true;
                } else {
                    open.remove(evicted.connection);
                }
            }
            if (!full) {
                open.put(connection, tracked);
            }
        }
        if (full) {
            refusals.refused("a connection from " + peer(connection) + ": all " + limits.maxConnections()
                    + " connections are busy");
            connection.close();
            return;
        }
        if (evicted != null) {
            if (!evicted.answeredOne) {
                refusals.refused("a stalled connection from " + peer(evicted.connection) + ": dropped to make room ("
                        + limits.maxConnections() + " connections at most)");
            }
            close(evicted);
        }
        connection.closeHandler(v -> forget(tracked));
        arm(tracked);
    }

    /** Wraps the server's request handler: every request passes here first. */
    Handler<HttpServerRequest> guard(Handler<HttpServerRequest> next) {
        return request -> {
            Tracked tracked;
            synchronized (this) {
                tracked = open.get(request.connection());
            }
            if (tracked != null) {
                tracked.current = request;
                rearm(tracked);
            }
            long announced = announcedLength(request);
            if (announced > limits.maxBodyBytes()) {
                refusals.refused("a " + announced + "-byte body from " + peer(request.connection())
                        + ": over the cap of " + limits.maxBodyBytes() + " bytes");
                answer(request, 413, "request body larger than " + limits.maxBodyBytes() + " bytes");
                return;
            }
            List<String> contentTypes = request.headers().getAll("Content-Type");
            if (contentTypes.size() > 1 || contentTypes.size() == 1 && !ContentTypeSyntax.isWellFormed(contentTypes.get(0))) {
                refusals.refused("a request from " + peer(request.connection()) + ": malformed Content-Type");
                answer(request, 400, "malformed Content-Type");
                return;
            }
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                // past the checks above, the client may send its body (Vert.x does not say so on its own)
                request.response().writeContinue();
            }
            next.handle(request);
        };
    }

    /**
     * Answers here, before routing. What the client still sends is read and dropped rather than closing at once:
     * closing with unread data resets the connection and the client may never see the answer (the request timeout
     * bounds the drain).
     */
    private static void answer(HttpServerRequest request, int status, String text) {
        request.handler(ignored -> { });
        request.response().setStatusCode(status).putHeader("Content-Type", "text/plain; charset=utf-8")
                .end(text + "\n");
    }

    /** A request Netty could not decode (bad request line, headers too long): Vert.x's answer, and one line. */
    void onInvalidRequest(HttpServerRequest request) {
        refusals.refused("a request from " + peer(request.connection()) + ": not valid HTTP/1.1");
        HttpServerRequest.DEFAULT_INVALID_REQUEST_HANDLER.handle(request);
    }

    /** The Content-Length, or -1 without one (Netty refuses a malformed one before a request gets here). */
    private static long announcedLength(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        try {
            return length == null ? -1 : Long.parseLong(length.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private Optional<Tracked> oldestStalled() {
        return open.values().stream().filter(Tracked::stalled).findFirst();
    }

    private void arm(Tracked tracked) {
        tracked.timer = vertx.setTimer(limits.requestTimeout().toMillis(), id -> check(tracked));
    }

    private void rearm(Tracked tracked) {
        vertx.cancelTimer(tracked.timer);
        arm(tracked);
    }

    /**
     * Runs {@code requestTimeout} after the connection opened, after its latest request arrived, or after the
     * previous check found that request answered. So a stalled first request is closed after one timeout, and a
     * connection that stalls after an answer after two at most.
     */
    private void check(Tracked tracked) {
        synchronized (this) {
            if (open.get(tracked.connection) != tracked) {
                return;
            }
        }
        HttpServerRequest request = tracked.current;
        if (request == null) {
            if (!tracked.answeredOne) {
                refusals.refused("a connection from " + peer(tracked.connection) + ": no complete request within "
                        + limits.requestTimeout().toSeconds() + " s");
            }
            close(tracked); // an idle keep-alive connection is closed quietly
        } else if (!request.response().ended()) {
            refusals.refused("a request from " + peer(tracked.connection) + ": not complete and answered within "
                    + limits.requestTimeout().toSeconds() + " s");
            close(tracked);
        } else {
            tracked.answeredOne = true;
            tracked.current = null;
            arm(tracked);
        }
    }

    private void close(Tracked tracked) {
        forget(tracked);
        tracked.connection.close();
    }

    private void forget(Tracked tracked) {
        vertx.cancelTimer(tracked.timer);
        synchronized (this) {
            open.remove(tracked.connection, tracked);
        }
    }

    private static String peer(HttpConnection connection) {
        SocketAddress address = connection.remoteAddress();
        return address == null ? "an unknown address" : address.hostAddress();
    }
}
