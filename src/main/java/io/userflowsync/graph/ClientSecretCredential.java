package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.config.Secret;
import io.userflowsync.config.SecretScrubber;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * App-only access tokens by OAuth 2.0 client credentials with a client secret, cached until shortly before they
 * expire. The secret is only ever put in the form body of the token request. The current token is handed to the
 * scrubber, so that an answer that echoes a request's {@code Authorization} header cannot print it.
 */
public final class ClientSecretCredential implements Credential {
    /** Renew this long before expiry, so a token never runs out in the middle of a run. */
    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(5);

    private final RetryingSender sender;
    private final SecretScrubber.Slot tokenSlot;
    private final String tokenUrl;
    private final String clientId;
    private final Secret clientSecret;
    private final String scope;
    private final Clock clock;

    private String cachedToken;
    private Instant renewAt = Instant.MIN;

    ClientSecretCredential(RetryingSender sender, SecretScrubber.Slot tokenSlot, String authorityHost, String tenantId,
                           String clientId, Secret clientSecret, String graphEndpoint, Clock clock) {
        this.sender = sender;
        this.tokenSlot = tokenSlot;
        this.tokenUrl = trimSlash(authorityHost) + "/" + tenantId + "/oauth2/v2.0/token";
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.scope = trimSlash(graphEndpoint) + "/.default";
        this.clock = clock;
    }

    @Override
    public synchronized String token() throws GraphException {
        if (cachedToken != null && clock.instant().isBefore(renewAt)) {
            return cachedToken;
        }
        String form = "grant_type=client_credentials"
                + "&client_id=" + encode(clientId)
                + "&client_secret=" + encode(clientSecret.reveal())
                + "&scope=" + encode(scope);
        HttpCall call = new HttpCall("POST", tokenUrl,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Accept", "application/json"),
                Optional.of(form.getBytes(StandardCharsets.UTF_8)));
        HttpAnswer answer = sender.send(call);
        if (!answer.ok()) {
            throw new GraphException("getting an access token for client " + clientId, sender.errors().from(answer));
        }
        try {
            JsonNode body = GraphCaller.JSON.readTree(answer.body());
            String token = body.path("access_token").asText("");
            long expiresIn = body.path("expires_in").asLong(0);
            if (token.isEmpty() || expiresIn <= 0) {
                throw new GraphException("getting an access token for client " + clientId, sender.errors().unusable(
                        answer, "invalid_token_response", "no access_token or expires_in"));
            }
            Duration lifetime = Duration.ofSeconds(expiresIn);
            Duration early = lifetime.compareTo(EARLY_RENEWAL.multipliedBy(2)) < 0 ? lifetime.dividedBy(2) : EARLY_RENEWAL;
            tokenSlot.set(token);
            cachedToken = token;
            renewAt = clock.instant().plus(lifetime).minus(early);
            return token;
        } catch (IOException e) {
            throw new GraphException("reading the token response", sender.errors().unusable(answer,
                    "invalid_token_response", "not JSON"));
        }
    }

    /** Forget the cached token (Graph said it is no longer valid). */
    @Override
    public synchronized void invalidate() {
        cachedToken = null;
        renewAt = Instant.MIN;
    }

    @Override
    public String describe() {
        return CredentialKind.CLIENT_SECRET.label() + " for client " + clientId;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String trimSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
