package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What the simulator answers to one request (outer or inside a {@code $batch}), before it is written out. */
record SimResponse(int status, Map<String, String> headers, Optional<JsonNode> body) {

    static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    SimResponse {
        headers = Map.copyOf(headers);
    }

    static SimResponse json(int status, JsonNode body) {
        return new SimResponse(status, Map.of(), Optional.of(body));
    }

    static SimResponse noContent() {
        return new SimResponse(204, Map.of(), Optional.empty());
    }

    /** Graph's error shape: {@code {"error":{"code","message","innerError":{"request-id","client-request-id","date"}}}}. */
    static SimResponse graphError(RequestContext context, int status, String code, String message) {
        ObjectNode error = JSON.objectNode();
        error.put("code", code);
        error.put("message", message);
        ObjectNode inner = error.putObject("innerError");
        inner.put("request-id", context.requestId());
        inner.put("client-request-id", context.clientRequestId());
        inner.put("date", context.date());
        ObjectNode body = JSON.objectNode();
        body.set("error", error);
        return json(status, body);
    }

    static SimResponse badRequest(RequestContext context, String message) {
        return graphError(context, 400, "BadRequest", message);
    }

    static SimResponse segmentNotFound(RequestContext context, String segment) {
        return badRequest(context, "Resource not found for the segment '" + segment + "'.");
    }

    static SimResponse methodNotAllowed(RequestContext context, String method) {
        return graphError(context, 405, "MethodNotAllowed",
                "The HTTP method '" + method + "' is not allowed on this resource.");
    }

    SimResponse withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new SimResponse(status, more, body);
    }

    boolean successful() {
        return status >= 200 && status < 300;
    }
}
