package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A compact JWS (header.payload.signature) as a client assertion arrives: parsed, not yet trusted. Only the two
 * algorithms Entra documents for certificate credentials are verified, RS256 and PS256 (Microsoft identity platform,
 * "Certificate credentials": {@code alg} PS256 or RS256).
 */
record SignedJwt(JsonNode header, JsonNode claims, byte[] signingInput, byte[] signature) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Empty when {@code compact} is not three base64url parts whose first two are JSON objects. */
    static Optional<SignedJwt> parse(String compact) {
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            return Optional.empty();
        }
        try {
            Base64.Decoder b64 = Base64.getUrlDecoder();
            JsonNode header = JSON.readTree(b64.decode(parts[0]));
            JsonNode claims = JSON.readTree(b64.decode(parts[1]));
            if (header == null || !header.isObject() || claims == null || !claims.isObject()) {
                return Optional.empty();
            }
            return Optional.of(new SignedJwt(header, claims,
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), b64.decode(parts[2])));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    String algorithm() {
        return header.path("alg").asText("");
    }

    boolean algorithmSupported() {
        return algorithm().equals("RS256") || algorithm().equals("PS256");
    }

    /** Whether {@code key} made the signature; false for an algorithm other than RS256 and PS256. */
    boolean signedBy(PublicKey key) {
        try {
            Signature verifier;
            if (algorithm().equals("RS256")) {
                verifier = Signature.getInstance("SHA256withRSA");
            } else if (algorithm().equals("PS256")) {
                verifier = Signature.getInstance("RSASSA-PSS");
                verifier.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
            } else {
                return false;
            }
            verifier.initVerify(key);
            verifier.update(signingInput);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    String claim(String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isTextual() ? value.asText() : "";
    }

    /** {@code aud} as a list: a JWT may carry one audience as a string or several as an array. */
    List<String> audiences() {
        JsonNode aud = claims.get("aud");
        List<String> result = new ArrayList<>();
        if (aud != null && aud.isTextual()) {
            result.add(aud.asText());
        } else if (aud != null && aud.isArray()) {
            aud.forEach(a -> result.add(a.asText()));
        }
        return result;
    }

    /** A NumericDate claim ({@code exp}, {@code nbf}: seconds since the epoch). */
    Optional<Instant> time(String name) {
        JsonNode value = claims.get(name);
        return value != null && value.isNumber() ? Optional.of(Instant.ofEpochSecond(value.asLong()))
                : Optional.empty();
    }

    String headerText(String name) {
        return header.path(name).asText("");
    }
}
