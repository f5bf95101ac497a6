package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON batch format (Graph's json-batching page): the request body for up to 20 requests, and the answers read
 * back by id, since "individual responses might appear in a different order than the requests". Pure.
 */
final class JsonBatch {
    private JsonBatch() {
    }

    /** {@code {"requests":[{"id","method","url","headers","body","dependsOn"}, ...]}} */
    static ObjectNode encode(List<BatchRequest> requests) {
        ObjectNode root = GraphCaller.JSON.createObjectNode();
        ArrayNode list = root.putArray("requests");
        for (BatchRequest r : requests) {
            ObjectNode item = list.addObject();
            item.put("id", r.id());
            item.put("method", r.method());
            item.put("url", r.url());
            r.body().ifPresent(body -> {
                // "When a body is included with the request, the headers object must contain a value for
                // Content-Type."
                item.putObject("headers").put("Content-Type", "application/json");
                item.set("body", body);
            });
            r.dependsOn().ifPresent(d -> item.putArray("dependsOn").add(d));
        }
        return root;
    }

    /**
     * Each answer of a batch by its request's id, as an {@link HttpAnswer} of its own: its status, its
     * {@code Retry-After} (each throttled request carries its own), its {@code request-id} (the batch's when it has
     * none of its own; an error body's {@code innerError.request-id} wins over both, see {@link GraphErrors}) and
     * its body, which Graph gives as a JSON object.
     *
     * @throws IOException when the answer is not {@code {"responses":[...]}} with an id and a status in each
     */
    static Map<String, HttpAnswer> decode(HttpAnswer batch) throws IOException {
        JsonNode root = GraphCaller.JSON.readTree(batch.body());
        if (root == null || !root.path("responses").isArray()) {
            throw new IOException("no responses array");
        }
        Map<String, HttpAnswer> answers = new HashMap<>();
        for (JsonNode response : root.get("responses")) {
            JsonNode id = response.get("id");
            JsonNode status = response.get("status");
            if (id == null || !id.isValueNode() || status == null || !status.canConvertToInt()) {
                throw new IOException("a response without id or status");
            }
            Map<String, String> headers = headers(response.path("headers"));
            JsonNode body = response.get("body");
            byte[] bytes = body == null || body.isNull() ? new byte[0]
                    : body.isTextual() ? body.asText().getBytes(StandardCharsets.UTF_8)
                    : GraphCaller.JSON.writeValueAsBytes(body);
            answers.put(id.asText(), new HttpAnswer(status.asInt(), Optional.ofNullable(headers.get("retry-after")),
                    Optional.ofNullable(headers.get("request-id")).or(batch::requestId), bytes));
        }
        return answers;
    }

    /** Header names are case-insensitive: lower-cased here (Locale.ROOT). */
    private static Map<String, String> headers(JsonNode headers) {
        Map<String, String> byName = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = headers.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> header = it.next();
            byName.put(header.getKey().toLowerCase(Locale.ROOT), header.getValue().asText());
        }
        return byName;
    }
}
