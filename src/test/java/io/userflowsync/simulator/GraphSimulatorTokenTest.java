package io.userflowsync.simulator;

import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class GraphSimulatorTokenTest {

    private static final String SECRET = "demo-secret-not-for-production";
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-05T10:00:00Z"));
    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0, clock);
    private final SimulatorClient client = new SimulatorClient(simulator);

    @AfterEach
    void stop() {
        simulator.close();
    }

    @Test
    void issuesABearerTokenForTheRightCredentials() {
        Answer answer = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).isEqualTo("application/json");
        assertThat(answer.header("request-id")).isNotBlank();
        assertThat(answer.json().get("token_type").asText()).isEqualTo("Bearer");
        assertThat(answer.json().get("expires_in").asInt()).isEqualTo(3599);
        assertThat(answer.json().get("ext_expires_in").asInt()).isEqualTo(3599);
        assertThat(answer.json().get("access_token").asText()).hasSizeGreaterThan(20);
    }

    @Test
    void theAccessTokenIsShapedLikeEntrasAppOnlyTokenForGraphWithTheGrantedPermissionsAsRoles() throws Exception {
        tenant.app().grantPermissions(java.util.List.of("IdentityUserFlow.Read.All", "APIConnectors.Read.All"));

        String token = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET))
                .json().get("access_token").asText();

        String[] parts = token.split("\\.", -1);
        assertThat(parts).hasSize(3);
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        var header = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[0]));
        var claims = json.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        assertThat(header.path("typ").asText()).isEqualTo("JWT");
        assertThat(claims.path("aud").asText()).isEqualTo("https://graph.microsoft.com");
        assertThat(claims.path("tid").asText()).isEqualTo(tenant.tenantId());
        assertThat(claims.path("iss").asText()).isEqualTo("https://sts.windows.net/" + tenant.tenantId() + "/");
        assertThat(claims.path("appid").asText()).isEqualTo(tenant.clientId());
        assertThat(claims.path("azp").asText()).isEqualTo(tenant.clientId());
        assertThat(claims.path("appidacr").asText()).isEqualTo("1");
        assertThat(claims.path("idtyp").asText()).isEqualTo("app");
        assertThat(claims.path("roles").toString())
                .isEqualTo("[\"IdentityUserFlow.Read.All\",\"APIConnectors.Read.All\"]");
        assertThat(claims.path("iat").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.path("nbf").asLong()).isEqualTo(clock.instant().getEpochSecond());
        assertThat(claims.path("exp").asLong()).isEqualTo(clock.instant().getEpochSecond() + 3599);
    }

    @Test
    void anAppWithNoGrantsByTheTestHasEveryPermissionTheAgentUses() throws Exception {
        String token = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, SECRET))
                .json().get("access_token").asText();

        var claims = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]));
        assertThat(claims.path("roles").toString()).isEqualTo(
                "[\"IdentityUserFlow.ReadWrite.All\",\"APIConnectors.ReadWrite.All\",\"AuditLog.Read.All\"]");
    }

    @Test
    void refusesAWrongSecretWithInvalidClient() {
        Answer answer = client.requestToken(tenant.tenantId(), SimulatorClient.clientCredentials(tenant, "wrong"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_client");
        assertThat(answer.json().get("error_description").asText()).startsWith("AADSTS7000215: Invalid client secret");
        assertThat(answer.json().get("error_codes").get(0).asInt()).isEqualTo(7000215);
    }

    @Test
    void refusesAnUnknownClientId() {
        Map<String, String> form = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        form.put("client_id", "99999999-0000-0000-0000-000000000000");

        Answer answer = client.requestToken(tenant.tenantId(), form);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_client");
    }

    @Test
    void refusesAnUnknownTenant() {
        Answer answer = client.requestToken("aaaaaaaa-0000-0000-0000-000000000000",
                SimulatorClient.clientCredentials(tenant, SECRET));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().get("error").asText()).isEqualTo("invalid_request");
        assertThat(answer.json().get("error_description").asText()).startsWith("AADSTS90002:");
    }

    @Test
    void refusesMissingOrWrongFormFields() {
        Map<String, String> noGrant = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        noGrant.remove("grant_type");
        Map<String, String> wrongGrant = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        wrongGrant.put("grant_type", "password");
        Map<String, String> badScope = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        badScope.put("scope", "https://graph.microsoft.com/IdentityUserFlow.ReadWrite.All");
        Map<String, String> noSecret = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        noSecret.remove("client_secret");

        assertThat(client.requestToken(tenant.tenantId(), noGrant).json().get("error").asText())
                .isEqualTo("invalid_request");
        Answer wrong = client.requestToken(tenant.tenantId(), wrongGrant);
        assertThat(wrong.status()).isEqualTo(400);
        assertThat(wrong.json().get("error").asText()).isEqualTo("unsupported_grant_type");
        Answer scope = client.requestToken(tenant.tenantId(), badScope);
        assertThat(scope.status()).isEqualTo(400);
        assertThat(scope.json().get("error").asText()).isEqualTo("invalid_scope");
        assertThat(client.requestToken(tenant.tenantId(), noSecret).status()).isEqualTo(401);
    }

    @Test
    void graphRefusesRequestsWithoutAToken() {
        Answer answer = client.call("GET", "/v1.0/identity/b2xUserFlows", null);

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("InvalidAuthenticationToken");
        assertThat(answer.json().at("/error/message").asText()).isEqualTo("Access token is empty.");
        assertThat(answer.json().at("/error/innerError/request-id").asText()).isEqualTo(answer.header("request-id"));
    }

    @Test
    void graphRefusesATokenItDidNotIssue() {
        Answer answer = client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1.0/identity/b2xUserFlows"))
                .header("Authorization", "Bearer eyJ0eXAiOiJKV1QifQ.forged.token"));

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/message").asText())
                .isEqualTo("Access token validation failure. Invalid audience.");
    }

    @Test
    void graphRefusesAnExpiredToken() {
        client.signIn(tenant, SECRET);
        assertThat(client.get("/v1.0/identity/b2xUserFlows").status()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(3599));

        Answer answer = client.get("/v1.0/identity/b2xUserFlows");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.json().at("/error/message").asText())
                .isEqualTo("Lifetime validation failed, the token is expired.");
    }

    @Test
    void tokenLifetimeIsConfigurable() {
        tenant.tokenLifetimeSeconds(60);
        client.signIn(tenant, SECRET);
        clock.advance(Duration.ofSeconds(59));
        assertThat(client.get("/v1.0/identity/b2xUserFlows").status()).isEqualTo(200);
        clock.advance(Duration.ofSeconds(1));
        assertThat(client.get("/v1.0/identity/b2xUserFlows").status()).isEqualTo(401);
    }

    @Test
    void echoesTheClientRequestId() {
        Answer answer = client.send(HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1.0/identity/b2xUserFlows"))
                .header("client-request-id", "c0ffee00-1111-2222-3333-444444444444"));

        assertThat(answer.header("client-request-id")).isEqualTo("c0ffee00-1111-2222-3333-444444444444");
        assertThat(answer.json().at("/error/innerError/client-request-id").asText())
                .isEqualTo("c0ffee00-1111-2222-3333-444444444444");
        assertThat(answer.json().at("/error/innerError/date").asText()).isEqualTo("2026-01-05T10:00:00Z");
    }

    /** msal4j adds OpenID Connect's scopes to every client credentials request; Entra ignores them. */
    @ParameterizedTest(name = "scope \"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "https://graph.microsoft.com/.default | 200",
            "https://graph.microsoft.com/.default openid profile offline_access | 200",
            "openid https://graph.microsoft.com/.default email | 200",
            "openid profile offline_access | 400",
            "https://graph.microsoft.com/.default https://management.azure.com/.default | 400",
            "https://graph.microsoft.com/User.Read openid | 400"})
    void clientCredentialsTakeOneResourcesDefaultScopeBesidesOpenIdConnectsOwn(String scope, int status) {
        Map<String, String> form = new HashMap<>(SimulatorClient.clientCredentials(tenant, SECRET));
        form.put("scope", scope);

        assertThat(client.requestToken(tenant.tenantId(), form).status()).isEqualTo(status);
    }
}
