package io.userflowsync.graph;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.GraphError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * Sends many Graph requests as JSON batches: grouped by version (a batch goes to one version's
 * {@code $batch}), at most 20 to a batch (json-batching.md: "JSON batch requests are currently limited to 20
 * individual requests"), the batches of a round in parallel as the {@link RequestGate} allows, and each answer
 * mapped back to its request by id.
 *
 * <p>Retries, in rounds:
 * <ul>
 *   <li>A batch that fails as a whole (no answer, 429, 503, 504) is retried like any call, by
 *       {@link RetryingSender}; one that still fails, or answers another error (a 400 for a malformed batch), is
 *       that error for each request in it.</li>
 *   <li>A request answered 429, 503 or 504 inside a batch is sent again on its own, without the requests that
 *       were answered, in the next round: "Requests in a batch are evaluated individually against the applicable
 *       throttling limits" (json-batching.md). A 429 pauses the gate for everyone until the largest
 *       {@code Retry-After} among them has passed; a 503/504 waits its own {@code Retry-After} or backoff. Each
 *       request has {@code graph.max-attempts} tries; then its last answer is its result.</li>
 *   <li>A request answered 401 inside a batch (the batch itself was accepted with the same token, so this should
 *       not happen; if it does, the token is the likeliest cause) gets one fresh token and one more try, like a
 *       401 on a whole call (GraphCaller).</li>
 *   <li>A request answered 424 (Failed Dependency) whose predecessor is being retried goes again with it; one whose
 *       predecessor failed for good becomes a failure that says so, never a success.</li>
 * </ul>
 *
 * <p>{@code dependsOn}: a chain of requests travels in a batch of its own, because Graph wants a batch "either fully
 * sequential or fully parallel" (json-batching.md); requests without one are packed together.
 */
final class JsonBatchSender {
    private static final Logger LOG = LoggerFactory.getLogger(JsonBatchSender.class);
    static final int MAX_REQUESTS = 20;

    /** Told about each request inside a batch: its own method and status (the batch is metered as a POST). */
    @FunctionalInterface
    interface ItemObserver {
        void answered(String method, int status);
    }

    private final GraphCaller caller;
    private final String graph;
    private final RetryPolicy retry;
    private final RequestGate gate;
    private final ExecutorService pool;
    private final ItemObserver observer;

    JsonBatchSender(GraphCaller caller, String graphEndpoint, RetryPolicy retry, RequestGate gate,
                    ExecutorService pool, ItemObserver observer) {
        this.caller = caller;
        this.graph = ClientSecretCredential.trimSlash(graphEndpoint);
        this.retry = retry;
        this.gate = gate;
        this.pool = pool;
        this.observer = observer;
    }

    /**
     * Sends every request and gives a result for each, by id. Never throws for what Graph answers: failures are
     * results.
     *
     * @throws IllegalArgumentException for a duplicate id, a dependsOn that names no earlier request or another
     *                                  version, or a chain longer than a batch
     */
    Map<String, BatchResult> send(List<BatchRequest> requests) {
        check(requests);
        Map<String, BatchResult> results = new LinkedHashMap<>();
        Map<String, Integer> attempts = new HashMap<>();
        List<BatchRequest> pending = requests;
        boolean tokenRenewed = false;
        while (!pending.isEmpty()) {
            pending.forEach(r -> attempts.merge(r.id(), 1, Integer::sum));
            Map<String, BatchResult> round = sendRound(pending, attempts);

            List<BatchRequest> again = new ArrayList<>();
            Set<String> againIds = new HashSet<>();
            boolean unauthorized = false;
            Optional<Duration> transientWait = Optional.empty();
            for (BatchRequest r : pending) {
                BatchResult result = round.get(r.id());
                if (result instanceof BatchResult.Answered a) {
                    int status = a.answer().status();
                    boolean retryable = RetryPolicy.retryable(status) && attempts.get(r.id()) < retry.maxAttempts();
                    boolean renew = status == 401 && !tokenRenewed;
                    boolean predecessorAgain = status == 424 && r.dependsOn().filter(againIds::contains).isPresent();
                    if (retryable || renew || predecessorAgain) {
                        again.add(r);
                        againIds.add(r.id());
                        unauthorized |= renew;
                        if (retryable && status != 429) {
                            Duration d = retry.delay(attempts.get(r.id()), a.answer().retryAfter());
                            transientWait = Optional.of(transientWait.filter(w -> w.compareTo(d) >= 0).orElse(d));
                        }
                        continue;
                    }
                }
                results.put(r.id(), result);
            }
            if (unauthorized) {
                LOG.info("Graph answered 401 inside a $batch; getting a new token and sending those requests again");
                caller.renewToken();
                tokenRenewed = true;
            }
            if (!again.isEmpty()) {
                LOG.debug("{} of {} batched requests to send again", again.size(), pending.size());
            }
            // 429s have already paused the gate (sendChunk); a 503/504 waits here for the requests it concerns.
            if (transientWait.isPresent()) {
                try {
                    RetryingSender.sleep(transientWait.get());
                } catch (GraphException interrupted) {
                    again.forEach(r -> results.put(r.id(), new BatchResult.Failed(interrupted.error())));
                    break;
                }
            }
            // A predecessor that succeeded is not sent again, so its follower no longer names it.
            pending = again.stream().map(r -> r.dependsOn().filter(againIds::contains).isPresent() ? r
                    : r.independent()).toList();
        }
        return explainFailedDependencies(requests, results);
    }

    private Map<String, BatchResult> sendRound(List<BatchRequest> pending, Map<String, Integer> attempts) {
        List<List<BatchRequest>> batches = batches(pending);
        Map<String, BatchResult> round = new HashMap<>();
        if (batches.size() == 1) {
            round.putAll(sendBatch(batches.get(0), attempts));
            return round;
        }
        List<Future<Map<String, BatchResult>>> sent = new ArrayList<>();
        for (List<BatchRequest> batch : batches) {
            sent.add(pool.submit(() -> sendBatch(batch, attempts)));
        }
        for (int i = 0; i < sent.size(); i++) {
            try {
                round.putAll(sent.get(i).get());
            } catch (InterruptedException e) {
                // The run is being stopped: what was answered counts, the rest fails as interrupted.
                Thread.currentThread().interrupt();
                for (int j = i; j < batches.size(); j++) {
                    Future<Map<String, BatchResult>> f = sent.get(j);
                    if (f.isDone() && !f.isCancelled() && answered(f, round)) {
                        continue;
                    }
                    f.cancel(true);
                    failAll(batches.get(j), RetryingSender.interrupted().error(), round);
                }
                break;
            } catch (ExecutionException e) {
                // sendBatch turns everything Graph does into results; this is a bug, reported per request.
                LOG.error("Sending a $batch broke", e.getCause());
                failAll(batches.get(i), new GraphError(0, "client_error", "sending the batch failed: "
                        + caller.errors().safe(String.valueOf(e.getCause().getMessage())), Optional.empty()), round);
            }
        }
        return round;
    }

    /** Takes a finished batch's results; false if it ended without any. */
    private static boolean answered(Future<Map<String, BatchResult>> done, Map<String, BatchResult> into) {
        try {
            into.putAll(done.get(0, java.util.concurrent.TimeUnit.NANOSECONDS));
            return true;
        } catch (InterruptedException | ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        }
    }

    /** One {@code POST {graph}/{version}/$batch}; never throws for what Graph answers. */
    private Map<String, BatchResult> sendBatch(List<BatchRequest> batch, Map<String, Integer> attempts) {
        Map<String, BatchResult> results = new HashMap<>();
        String url = graph + "/" + batch.get(0).version() + "/$batch";
        ObjectNode body = JsonBatch.encode(batch);
        HttpAnswer outer;
        try {
            outer = caller.call("POST", url, Optional.of(body), batch.size());
        } catch (GraphException noAnswer) {
            failAll(batch, noAnswer.error(), results);
            return results;
        }
        if (!outer.ok()) {
            failAll(batch, caller.errors().from(outer), results);
            return results;
        }
        Map<String, HttpAnswer> answers;
        try {
            answers = JsonBatch.decode(outer);
        } catch (IOException e) {
            failAll(batch, caller.errors().unusable(outer, "invalid_batch_response",
                    "the $batch answer is not {\"responses\": [...]} with an id and a status in each"), results);
            return results;
        }
        Optional<Duration> throttle = Optional.empty();
        int refused = 0;
        for (BatchRequest r : batch) {
            HttpAnswer answer = answers.get(r.id());
            if (answer == null) {
                results.put(r.id(), new BatchResult.Failed(caller.errors().unusable(outer, "missing_batch_response",
                        "the $batch answer has no response for this request")));
                continue;
            }
            observe(r.method(), answer.status());
            if (answer.status() == 429) {
                refused++;
                Duration d = retry.delay(attempts.get(r.id()), answer.retryAfter());
                throttle = Optional.of(throttle.filter(t -> t.compareTo(d) >= 0).orElse(d));
            }
            results.put(r.id(), new BatchResult.Answered(answer));
        }
        // The largest Retry-After among this batch's throttled requests holds back everyone's next request; each
        // of them counts as refused, as Graph evaluates them one by one (json-batching.md).
        int refusedInBatch = refused;
        throttle.ifPresent(wait -> gate.throttled(wait, refusedInBatch));
        return results;
    }

    /** A 424 says only that something failed before it; say what, from the predecessor's own result. */
    private Map<String, BatchResult> explainFailedDependencies(List<BatchRequest> requests,
                                                                Map<String, BatchResult> results) {
        for (BatchRequest r : requests) {
            if (results.get(r.id()) instanceof BatchResult.Answered a && a.answer().status() == 424
                    && r.dependsOn().isPresent()) {
                GraphError own = caller.errors().from(a.answer());
                String before = describe(results.get(r.dependsOn().get()));
                results.put(r.id(), new BatchResult.Failed(new GraphError(424,
                        own.code().isEmpty() ? "FailedDependency" : own.code(),
                        "not run, because the request it depends on failed (" + before + ")", own.requestId())));
            }
        }
        return results;
    }

    private String describe(BatchResult result) {
        if (result instanceof BatchResult.Answered a) {
            return a.answer().ok() ? "HTTP " + a.answer().status() : caller.errors().from(a.answer()).describe();
        }
        return result == null ? "no result" : ((BatchResult.Failed) result).error().describe();
    }

    /** Per version, chains in batches of their own, the other requests 20 (or the budget's room) to a batch. */
    private List<List<BatchRequest>> batches(List<BatchRequest> pending) {
        int size = gate.largestBatch(MAX_REQUESTS);
        Map<String, List<BatchRequest>> byVersion = new LinkedHashMap<>();
        pending.forEach(r -> byVersion.computeIfAbsent(r.version(), v -> new ArrayList<>()).add(r));
        List<List<BatchRequest>> batches = new ArrayList<>();
        for (List<BatchRequest> requests : byVersion.values()) {
            Set<String> chained = new HashSet<>();
            requests.forEach(r -> r.dependsOn().ifPresent(d -> {
                chained.add(d);
                chained.add(r.id());
            }));
            List<BatchRequest> parallel = new ArrayList<>();
            Map<String, List<BatchRequest>> chains = new LinkedHashMap<>();
            Map<String, String> chainOf = new HashMap<>();
            for (BatchRequest r : requests) {
                if (!chained.contains(r.id())) {
                    parallel.add(r);
                    continue;
                }
                String head = r.dependsOn().map(chainOf::get).orElse(r.id());
                chainOf.put(r.id(), head);
                chains.computeIfAbsent(head, h -> new ArrayList<>()).add(r);
            }
            for (int i = 0; i < parallel.size(); i += size) {
                batches.add(parallel.subList(i, Math.min(parallel.size(), i + size)));
            }
            batches.addAll(chains.values());
        }
        return batches;
    }

    private void check(List<BatchRequest> requests) {
        Map<String, BatchRequest> seen = new HashMap<>();
        Set<String> followed = new HashSet<>();
        Map<String, Integer> chainLength = new HashMap<>();
        for (BatchRequest r : requests) {
            if (r.dependsOn().isPresent()) {
                BatchRequest before = seen.get(r.dependsOn().get());
                if (before == null || !before.version().equals(r.version())) {
                    throw new IllegalArgumentException("request " + r.id() + " depends on " + r.dependsOn().get()
                            + ", which is no earlier request of the same version");
                }
                if (!followed.add(before.id())) {
                    throw new IllegalArgumentException("two requests depend on " + before.id()
                            + "; a batch with dependsOn must be one chain");
                }
                int length = chainLength.getOrDefault(before.id(), 1) + 1;
                if (length > MAX_REQUESTS) {
                    throw new IllegalArgumentException("a dependsOn chain longer than " + MAX_REQUESTS
                            + " requests cannot travel in one batch");
                }
                chainLength.put(r.id(), length);
            }
            if (seen.put(r.id(), r) != null) {
                throw new IllegalArgumentException("request id " + r.id() + " is given twice");
            }
        }
    }

    private static void failAll(List<BatchRequest> batch, GraphError error, Map<String, BatchResult> into) {
        batch.forEach(r -> into.put(r.id(), new BatchResult.Failed(error)));
    }

    private void observe(String method, int status) {
        try {
            observer.answered(method, status);
        } catch (RuntimeException e) {
            LOG.debug("observing a batched request failed", e);
        }
    }
}
