package io.userflowsync.graph;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Reading the app's grants from an access token's payload, and coping with one that is not a JWT. */
class TokenClaimsTest {

    private static String jwt(String payload) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"typ\":\"JWT\",\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2lnbmF0dXJl";
    }

    @Test
    void aV1TokenGivesTenantAppIdRolesAndExpiry() {
        Optional<TokenClaims> claims = TokenClaims.read(jwt("{\"tid\":\"t-1\",\"appid\":\"c-1\",\"roles\":"
                + "[\"IdentityUserFlow.ReadWrite.All\",\"AuditLog.Read.All\"],\"exp\":1800000000}"));

        assertThat(claims).contains(new TokenClaims(Optional.of("t-1"), Optional.of("c-1"),
                List.of("IdentityUserFlow.ReadWrite.All", "AuditLog.Read.All"),
                Optional.of(Instant.ofEpochSecond(1800000000L))));
    }

    @Test
    void aV2TokenNamesTheClientInAzp() {
        assertThat(TokenClaims.read(jwt("{\"tid\":\"t-1\",\"azp\":\"c-2\"}")).flatMap(TokenClaims::appId))
                .contains("c-2");
    }

    @Test
    void aTokenWithNoRolesClaimHasNoRoles() {
        assertThat(TokenClaims.read(jwt("{\"tid\":\"t-1\"}")).map(TokenClaims::roles)).contains(List.of());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"", "opaque-random-token", "a.b", "a.b.c.d", "eyJhbGciOiJSUzI1NiJ9.not*base64.sig",
            "eyJhbGciOiJSUzI1NiJ9.WzEsMl0.sig"})
    void aTokenThatIsNoJwtWithAJsonObjectPayloadGivesNothing(String token) {
        assertThat(TokenClaims.read(token)).isEmpty();
    }
}
