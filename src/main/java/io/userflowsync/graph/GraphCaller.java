package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Authorised Graph calls: bearer token, retries, one fresh token when Graph rejects the cached one. */
final class GraphCaller {
    static final ObjectMapper JSON = new ObjectMapper();

    private final RetryingSender sender;
    private final Credential credential;

    GraphCaller(RetryingSender sender, Credential credential) {
        this.sender = sender;
        this.credential = credential;
    }

    /** Makes the text of error answers safe to print. */
    GraphErrors errors() {
        return sender.errors();
    }

    HttpAnswer call(String method, String url, Optional<JsonNode> body) throws GraphException {
        return call(method, url, body, 1);
    }

    /** @param items how many Graph requests the call carries: a {@code $batch} counts its requests */
    HttpAnswer call(String method, String url, Optional<JsonNode> body, int items) throws GraphException {
        HttpAnswer answer = attempt(method, url, body, items);
        if (answer.status() == 401) {
            // The token may have been revoked or expired early: get a new one, once.
            credential.invalidate();
            answer = attempt(method, url, body, items);
        }
        return answer;
    }

    /** Gets a token now, if none is cached (GraphClient#signIn). */
    void signIn() throws GraphException {
        credential.token();
    }

    /** The claims of the token in use (a new one if none is cached); empty when it is not a JWT. */
    Optional<TokenClaims> tokenClaims() throws GraphException {
        return TokenClaims.read(credential.token());
    }

    /** Forget the token: the next call gets a new one (a 401 inside a batch, see JsonBatchSender). */
    void renewToken() {
        credential.invalidate();
    }

    /** A GET whose answer must be 200 with a JSON body. */
    JsonNode getJson(String url, String doing) throws GraphException {
        HttpAnswer answer = call("GET", url, Optional.empty());
        if (!answer.ok()) {
            throw new GraphException(doing, errors().from(answer));
        }
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new GraphException(doing, errors().unusable(answer, "invalid_json", "the answer is not JSON"));
        }
    }

    private HttpAnswer attempt(String method, String url, Optional<JsonNode> body, int items)
            throws GraphException {
        Map<String, String> headers = new HashMap<>();
        headers.put("Authorization", "Bearer " + credential.token());
        headers.put("Accept", "application/json");
        headers.put("client-request-id", UUID.randomUUID().toString());
        Optional<byte[]> bytes = body.map(b -> b.toString().getBytes(StandardCharsets.UTF_8));
        if (bytes.isPresent()) {
            headers.put("Content-Type", "application/json");
        }
        return sender.send(new HttpCall(method, url, headers, bytes), items);
    }
}
