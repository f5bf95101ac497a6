package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * What an access token's payload says about the app: its tenant ({@code tid}), its client ({@code appid} in v1.0
 * tokens, {@code azp} in v2.0), the application permissions granted to it ({@code roles}) and when it expires.
 *
 * <p>The payload is decoded, the signature is not checked, on purpose: the agent is not the token's audience (Graph
 * is, and only Graph validates it; Graph's tokens even carry a header nonce that makes their signature unverifiable
 * elsewhere). The agent only reads back what it was granted, from a token it just got over TLS from its own
 * authority, to tell the operator; it never decides anything about trust from it. Microsoft's advice to treat access
 * tokens as opaque is why a token that is not a JWT is no error here, only roles that cannot be read
 * ({@link #read} empty).
 */
public record TokenClaims(Optional<String> tenantId, Optional<String> appId, List<String> roles,
                          Optional<Instant> expiresAt) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public TokenClaims {
        roles = List.copyOf(roles);
    }

    /** The claims of a compact JWT (header.payload.signature, base64url), or empty for anything else. */
    static Optional<TokenClaims> read(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        JsonNode claims;
        try {
            claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
        if (claims == null || !claims.isObject()) {
            return Optional.empty();
        }
        List<String> roles = new ArrayList<>();
        JsonNode r = claims.get("roles");
        if (r != null && r.isArray()) {
            r.forEach(role -> {
                if (role.isTextual()) {
                    roles.add(role.asText());
                }
            });
        }
        Optional<Instant> exp = Optional.ofNullable(claims.get("exp")).filter(JsonNode::isNumber)
                .map(e -> Instant.ofEpochSecond(e.asLong()));
        return Optional.of(new TokenClaims(text(claims, "tid"), text(claims, "appid").or(() -> text(claims, "azp")),
                roles, exp));
    }

    private static Optional<String> text(JsonNode claims, String name) {
        return Optional.ofNullable(claims.get(name)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(s -> !s.isBlank());
    }
}
