package io.userflowsync.graph;

import com.microsoft.kiota.RequestInformation;
import com.microsoft.kiota.authentication.AccessTokenProvider;
import com.microsoft.kiota.authentication.AllowedHostsValidator;
import com.microsoft.kiota.authentication.BaseBearerTokenAuthenticationProvider;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Microsoft's Graph SDK for Java (v1.0 and beta), pointed at the simulator over loopback HTTP, and the request line one
 * of its request builders would send, read without sending it (docs/graph-sdk.md).
 */
final class SdkRequests {
    private SdkRequests() {
    }

    /** Method, decoded path relative to the version, and decoded query ({@code ""} when none) of one request. */
    record Line(String method, String path, String query) {
        @Override
        public String toString() {
            return method + " " + path + (query.isEmpty() ? "" : "?" + query);
        }
    }

    /** What the SDK's {@code toXxxRequestInformation()} would send, with the version stripped from the path. */
    static Line line(RequestInformation info) {
        info.pathParameters.put("baseurl", "https://graph.microsoft.com/v1.0");
        try {
            URI uri = info.getUri();
            String path = uri.getPath().substring("/v1.0".length());
            return new Line(info.httpMethod.name(), path, uri.getQuery() == null ? "" : uri.getQuery());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bearer token from the simulator's token endpoint (client credentials), as any client would get one. */
    static String token(String baseUrl, String tenantId, String clientId, String secret) throws Exception {
        String form = "grant_type=client_credentials&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
                + "&client_secret=" + URLEncoder.encode(secret, StandardCharsets.UTF_8)
                + "&scope=" + URLEncoder.encode("https://graph.microsoft.com/.default", StandardCharsets.UTF_8);
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(baseUrl + "/" + tenantId + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            throw new IllegalStateException("sign-in failed: " + answer.statusCode());
        }
        return GraphCaller.JSON.readTree(answer.body()).path("access_token").asText();
    }

    /**
     * Hands the SDK a fixed token for the simulator's loopback host only. The SDK's own Azure Identity provider insists
     * on https (except for localhost); the simulator speaks plain http on 127.0.0.1, so the token is provided as is.
     */
    static BaseBearerTokenAuthenticationProvider bearer(String token) {
        AllowedHostsValidator hosts = new AllowedHostsValidator("127.0.0.1");
        return new BaseBearerTokenAuthenticationProvider(new AccessTokenProvider() {
            @Override
            public String getAuthorizationToken(URI uri, Map<String, Object> context) {
                return hosts.isUrlHostValid(uri) ? token : "";
            }

            @Override
            public AllowedHostsValidator getAllowedHostsValidator() {
                return hosts;
            }
        });
    }

    static com.microsoft.graph.serviceclient.GraphServiceClient v1(String baseUrl, String token) {
        var client = new com.microsoft.graph.serviceclient.GraphServiceClient(bearer(token));
        client.getRequestAdapter().setBaseUrl(baseUrl + "/v1.0");
        return client;
    }

    static com.microsoft.graph.beta.serviceclient.GraphServiceClient beta(String baseUrl, String token) {
        var client = new com.microsoft.graph.beta.serviceclient.GraphServiceClient(bearer(token));
        client.getRequestAdapter().setBaseUrl(baseUrl + "/beta");
        return client;
    }
}
