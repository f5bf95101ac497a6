package io.userflowsync.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * JSON batching ({@code POST /{version}/$batch}): validates the batch as Graph does, runs each inner request through
 * the same path as an outer one (fault rules, dispatcher) in {@code dependsOn} order, and answers 200 with the
 * inner responses in <em>reverse</em> execution order, so a client that relies on order fails its tests.
 *
 * <p>Whole-batch 400 {@code BadRequest}: a body that is not {@code {"requests":[...]}}, no requests or more than 20,
 * a request without {@code id}/{@code method}/{@code url}, a duplicate id, an absolute url, a PUT/PATCH/POST without
 * a body or a {@code Content-Type} header, a {@code dependsOn} naming an unknown id, a dependency cycle, or a batch
 * that is neither fully parallel (no {@code dependsOn}) nor fully sequential (one chain through every request), which
 * the json-batching page asks for. A request whose dependency answered non-2xx is not run and answers 424
 * {@code FailedDependency}.
 *
 * <p>Fault rules match each inner request on its own (its method and its path with the batch's version), so one
 * request of a batch can be throttled with its own {@code Retry-After} in its inner headers while the batch answers
 * 200; a rule can also match the outer {@code POST /{version}/$batch}, which then fails as a whole.
 *
 * <p>The quota ({@link QuotaWindows}) counts each inner request that is run, one by one, and not the outer
 * {@code POST $batch}: the json-batching page ("Batch size limitations") says each request in a batch is evaluated
 * against the throttling limits on its own, and that a throttled one answers 429 inside a batch that answers 200. So
 * a batch that straddles the limit has its requests past it answered 429, each with its own {@code Retry-After}. A
 * request not run (424 {@code FailedDependency}, an unparsable url) is not counted.
 */
final class BatchProcessor {

    static final int MAX_REQUESTS = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** @param written the url exactly as the batch gives it, for the request log; {@code url} has a leading '/' */
    private record Inner(String id, String method, String url, String written, Optional<JsonNode> body,
                         Map<String, String> headers, List<String> dependsOn) {
    }

    /** Thrown while reading the batch: the whole batch answers 400 with this message. */
    private static final class InvalidBatch extends Exception {
        InvalidBatch(String message) {
            super(message, null, false, false);
        }
    }

    /** Runs one inner request (fault rules, then the dispatcher); {@code batchEcho} echoes the outer request. */
    @FunctionalInterface
    interface InnerExecutor {
        SimResponse run(RequestContext context, GraphRequest request, Supplier<String> batchEcho);
    }

    private final InnerExecutor executor;

    BatchProcessor(InnerExecutor executor) {
        this.executor = executor;
    }

    /** @param batchEcho the outer request as an echoing fault repeats it (its headers carry the access token) */
    SimResponse process(RequestContext context, GraphRequest batch, Consumer<RecordedRequest> log,
                        Supplier<String> batchEcho) {
        if (!"POST".equals(batch.method())) {
            return SimResponse.methodNotAllowed(context, batch.method());
        }
        List<Inner> ordered;
        try {
            ordered = executionOrder(read(batch.body()));
        } catch (InvalidBatch e) {
            return SimResponse.badRequest(context, e.getMessage());
        }
        Map<String, Boolean> succeededById = new HashMap<>();
        List<ObjectNode> answers = new ArrayList<>();
        for (Inner inner : ordered) {
            RequestContext innerContext = context.inner(UUID.randomUUID().toString(),
                    Optional.ofNullable(inner.headers().get("client-request-id")).orElse(context.clientRequestId()));
            Target target = target(batch.version(), inner);
            SimResponse response = inner.dependsOn().stream()
                    .filter(dependency -> !succeededById.get(dependency)).findFirst()
                    .map(dependency -> SimResponse.graphError(innerContext, 424, "FailedDependency",
                            "The request depends on request '" + dependency + "', which failed."))
                    .or(() -> target.request().map(request -> executor.run(innerContext, request, batchEcho)))
                    .orElseGet(() -> SimResponse.badRequest(innerContext,
                            "Invalid request URL '" + inner.url() + "'."));
            log.accept(new RecordedRequest(inner.method(), target.path(), target.query(), response.status(), true,
                    inner.written()));
            succeededById.put(inner.id(), response.successful());
            answers.add(answer(inner.id(), response));
        }
        ObjectNode body = SimResponse.JSON.objectNode();
        ArrayNode responses = body.putArray("responses");
        for (int i = answers.size() - 1; i >= 0; i--) {
            responses.add(answers.get(i));
        }
        return SimResponse.json(200, body);
    }

    /** Where an inner request goes: its decoded path and query for the log, and the request if its url parses. */
    private record Target(String path, String query, Optional<GraphRequest> request) {
    }

    private static Target target(String version, Inner inner) {
        String path = "/" + version + inner.url();
        try {
            URI uri = new URI(path);
            byte[] body = inner.body().map(b -> b.toString().getBytes(StandardCharsets.UTF_8)).orElse(new byte[0]);
            return new Target(uri.getPath(), Optional.ofNullable(uri.getQuery()).orElse(""),
                    Optional.of(GraphRequest.of(inner.method(), uri.getPath(), uri.getRawQuery(), body)));
        } catch (URISyntaxException | IllegalArgumentException e) { // not a URL, or a malformed escape
            return new Target(path, "", Optional.empty());
        }
    }

    private static ObjectNode answer(String id, SimResponse response) {
        ObjectNode answer = SimResponse.JSON.objectNode();
        answer.put("id", id);
        answer.put("status", response.status());
        ObjectNode headers = answer.putObject("headers");
        response.headers().forEach(headers::put);
        response.body().ifPresent(b -> {
            headers.put("Content-Type", "application/json");
            answer.set("body", b);
        });
        return answer;
    }

    private static List<Inner> read(byte[] raw) throws InvalidBatch {
        JsonNode root;
        try {
            root = MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
        } catch (JsonProcessingException e) {
            root = null;
        }
        if (root == null || !root.isObject() || !root.path("requests").isArray()) {
            throw new InvalidBatch("Invalid batch payload format: expected {\"requests\": [...]}.");
        }
        JsonNode requests = root.get("requests");
        if (requests.isEmpty()) {
            throw new InvalidBatch("The batch contains no requests.");
        }
        if (requests.size() > MAX_REQUESTS) {
            throw new InvalidBatch("The batch contains " + requests.size() + " requests; the limit is "
                    + MAX_REQUESTS + ".");
        }
        Map<String, Inner> byId = new LinkedHashMap<>();
        int index = 0;
        for (JsonNode request : requests) {
            String id = field(request, "id", index);
            String method = field(request, "method", index).toUpperCase(Locale.ROOT);
            String url = field(request, "url", index);
            if (url.contains("://")) {
                throw new InvalidBatch("The url of request '" + id + "' must be relative to the version, e.g."
                        + " /identity/b2xUserFlows, not " + url + ".");
            }
            Map<String, String> headers = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = request.path("headers").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> header = it.next();
                headers.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
            }
            Optional<JsonNode> body = Optional.ofNullable(request.get("body")).filter(b -> !b.isNull());
            if (RequestLog.isWriteMethod(method) && !"DELETE".equals(method)
                    && (body.isEmpty() || !headers.containsKey("content-type"))) {
                throw new InvalidBatch("Write request id : " + id + " does not contain Content-Type header or body.");
            }
            List<String> dependsOn = new ArrayList<>();
            request.path("dependsOn").forEach(d -> dependsOn.add(d.asText()));
            if (byId.put(id, new Inner(id, method, url.startsWith("/") ? url : "/" + url, url, body, headers,
                    dependsOn)) != null) {
                throw new InvalidBatch("Request id '" + id + "' appears more than once in the batch.");
            }
            index++;
        }
        for (Inner inner : byId.values()) {
            for (String dependency : inner.dependsOn()) {
                if (!byId.containsKey(dependency)) {
                    throw new InvalidBatch("Request '" + inner.id() + "' depends on '" + dependency
                            + "', which is not in the batch.");
                }
            }
        }
        List<Inner> all = new ArrayList<>(byId.values());
        if (!fullyParallel(all) && !fullySequential(all)) {
            throw new InvalidBatch("Batch should be either fully sequential or fully parallel.");
        }
        return all;
    }

    /** No request names another in {@code dependsOn}. */
    private static boolean fullyParallel(List<Inner> requests) {
        return requests.stream().allMatch(r -> r.dependsOn().isEmpty());
    }

    /**
     * One chain through every request: one request depends on none, each other on exactly one, and no request is
     * depended on twice. Graph's json-batching page: "Batch should be either fully sequential or fully parallel";
     * the Graph SDKs check the same before sending. A cycle passes here and is refused by the ordering.
     */
    private static boolean fullySequential(List<Inner> requests) {
        long heads = requests.stream().filter(r -> r.dependsOn().isEmpty()).count();
        boolean oneEach = requests.stream().allMatch(r -> r.dependsOn().size() <= 1);
        long distinctTargets = requests.stream().flatMap(r -> r.dependsOn().stream()).distinct().count();
        long links = requests.stream().mapToLong(r -> r.dependsOn().size()).sum();
        return heads <= 1 && oneEach && distinctTargets == links;
    }

    /** Requests in the order given, except that each runs after the requests it depends on. */
    private static List<Inner> executionOrder(List<Inner> requests) throws InvalidBatch {
        List<Inner> ordered = new ArrayList<>();
        List<String> done = new ArrayList<>();
        List<Inner> pending = new ArrayList<>(requests);
        while (!pending.isEmpty()) {
            Optional<Inner> ready = pending.stream().filter(r -> done.containsAll(r.dependsOn())).findFirst();
            if (ready.isEmpty()) {
                throw new InvalidBatch("The dependsOn of requests " + pending.stream().map(Inner::id).toList()
                        + " form a cycle.");
            }
            pending.remove(ready.get());
            done.add(ready.get().id());
            ordered.add(ready.get());
        }
        return ordered;
    }

    private static String field(JsonNode request, String name, int index) throws InvalidBatch {
        JsonNode value = request.get(name);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new InvalidBatch("Request " + index + " of the batch has no '" + name + "'.");
        }
        return value.asText();
    }
}
