package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** A bare Graph client for the simulator tests: plain java.net.http over loopback, no product code. */
final class SimulatorClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** Status, headers and body of one answer; {@code json()} parses the body. */
    record Answer(int status, java.net.http.HttpHeaders headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String baseUrl;
    /** Every answer this client received, so a test can scan them all for leaked secrets. */
    final List<Answer> received = new ArrayList<>();
    private String token;

    SimulatorClient(GraphSimulator simulator) {
        this.baseUrl = simulator.baseUrl();
    }

    Answer requestToken(String tenantId, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/" + tenantId + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static Map<String, String> clientCredentials(SimulatedTenant tenant, String secret) {
        return Map.of("grant_type", "client_credentials", "client_id", tenant.clientId(), "client_secret", secret,
                "scope", "https://graph.microsoft.com/.default");
    }

    /** Signs in with the tenant's credentials; later Graph calls carry the token. */
    SimulatorClient signIn(SimulatedTenant tenant, String secret) {
        Answer answer = requestToken(tenant.tenantId(), clientCredentials(tenant, secret));
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in failed: " + answer.status());
        }
        token = answer.json().get("access_token").asText();
        return this;
    }

    String token() {
        return token;
    }

    Answer get(String pathOrUrl) {
        return call("GET", pathOrUrl, null);
    }

    Answer put(String path, String json) {
        return call("PUT", path, json);
    }

    Answer delete(String path) {
        return call("DELETE", path, null);
    }

    Answer post(String path, String json) {
        return call("POST", path, json);
    }

    Answer call(String method, String pathOrUrl, String json) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(
                pathOrUrl.startsWith("http") ? pathOrUrl : baseUrl + pathOrUrl));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (json != null) {
            builder.header("Content-Type", "application/json");
        }
        builder.method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json));
        return send(builder);
    }

    Answer send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Answer answer = new Answer(response.statusCode(), response.headers(), response.body());
            synchronized (received) {
                received.add(answer);
            }
            return answer;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
