package io.userflowsync.trigger;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Reads a request body as the raw bytes the client sent, whatever its Content-Type, with a cap. platform-http's own
 * body handling would turn a form body into a Map (and its fields into headers), which is neither what a signature
 * covers nor safe; so the webhook endpoint takes the Vert.x request ({@code useBodyHandler=false}) and reads here.
 * Called on a worker thread: the bytes arrive on the event loop and are handed over when the body ends.
 */
public final class RequestBody {
    /** What reading gave. */
    public sealed interface Read {
    }

    /** The whole body. */
    public record Bytes(byte[] bytes) implements Read {
    }

    /** The body is longer than the cap; the rest is read and dropped, so the client can still get the answer. */
    public record TooLarge(long cap) implements Read {
    }

    /** The body did not arrive whole: the connection failed or the time ran out. */
    public record Incomplete(String reason) implements Read {
    }

    private static final long POLL_MILLIS = 100;

    private RequestBody() {
    }

    public static Read read(HttpServerRequest request, long maxBytes, Duration timeout) {
        CompletableFuture<Read> done = new CompletableFuture<>();
        Buffer body = Buffer.buffer();
        request.handler(chunk -> {
            if (done.isDone()) {
                return;
            }
            if (body.length() + (long) chunk.length() > maxBytes) {
                done.complete(new TooLarge(maxBytes));
            } else {
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(e -> done.complete(new Incomplete("the connection failed while the body was read")));
        request.endHandler(end -> done.complete(new Bytes(body.getBytes())));
        request.resume();
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (true) {
                try {
                    return done.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    // A connection that failed before the handlers above were set (Vert.x closes it on a malformed
                    // chunk, say) tells them nothing; its response knows.
                    if (request.response().closed()) {
                        return new Incomplete("the connection closed before the body was complete");
                    }
                    if (System.nanoTime() - deadline > 0) {
                        return new Incomplete("the body was not complete within " + timeout.toSeconds() + " s");
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Incomplete("interrupted while the body was read");
        } catch (ExecutionException e) {
            return new Incomplete("the body could not be read");
        }
    }
}
