package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;
import java.util.Optional;

/**
 * One request to travel inside a JSON batch ({@code POST {graph}/{version}/$batch}).
 *
 * @param id        unique among the requests given to one {@link JsonBatchSender#send} call; how its answer is found
 * @param method    HTTP method
 * @param version   {@code v1.0} or {@code beta}: the batch it can travel in (a batch never mixes versions)
 * @param url       relative to the version, as json-batching.md asks: {@code /identity/b2xUserFlows/...}
 * @param body      a JSON body (sent with {@code Content-Type: application/json}, which Graph requires with a body)
 * @param dependsOn the id of an earlier request that must succeed first (Graph answers 424 otherwise)
 */
record BatchRequest(String id, String method, String version, String url, Optional<JsonNode> body,
                    Optional<String> dependsOn) {
    BatchRequest {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(version, "version");
        if (!url.startsWith("/")) {
            throw new IllegalArgumentException("a batched url is relative to the version and starts with '/': " + url);
        }
    }

    static BatchRequest of(String id, String method, String version, String url, Optional<JsonNode> body) {
        return new BatchRequest(id, method, version, url, body, Optional.empty());
    }

    BatchRequest dependingOn(String predecessor) {
        return new BatchRequest(id, method, version, url, body, Optional.of(predecessor));
    }

    BatchRequest independent() {
        return new BatchRequest(id, method, version, url, body, Optional.empty());
    }
}
