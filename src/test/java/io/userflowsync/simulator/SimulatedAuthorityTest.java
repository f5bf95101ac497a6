package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.aad.msal4j.ClientCredentialFactory;
import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import io.userflowsync.testkeys.TestKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTPS authority and its client assertion checks (issue 8 item 5): what msal4j sends is accepted, and each way an
 * assertion can be wrong is refused as Entra refuses it, with {@code invalid_client} and an AADSTS code.
 */
class SimulatedAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    private static final KeyPair APP_KEYS = TestKeys.rsa();
    private static final X509Certificate APP_CERTIFICATE = TestKeys.certificate(APP_KEYS, "app");
    private static final KeyPair OTHER_KEYS = TestKeys.rsa();
    private static final X509Certificate UNREGISTERED = TestKeys.certificate(OTHER_KEYS, "not registered");
    private static final X509Certificate EXPIRED_CERTIFICATE = TestKeys.certificate(OTHER_KEYS, "expired",
            NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)));
    private static final KeyPair ISSUER_KEYS = TestKeys.rsa();
    private static final String ISSUER = "https://oidc.prod-aks.example/11111111-2222/";
    private static final String SUBJECT = "system:serviceaccount:identity:userflow-connector-sync";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final MutableClock clock = new MutableClock(NOW);
    private SimulatedAuthority authority;
    private GraphSimulator graph;

    @AfterEach
    void stop() {
        if (authority != null) {
            authority.close();
        }
        if (graph != null) {
            graph.close();
        }
    }

    @Test
    void msal4jGetsATokenWithACertificateAndTheTokenOpensTheGraphSimulator() throws Exception {
        tenant.app().addCertificate(APP_CERTIFICATE);
        authority = SimulatedAuthority.start(tenant);
        graph = GraphSimulator.start(tenant, 0);
        // msal4j as it comes: instance discovery and authority validation on, its own HTTP client.
        ConfidentialClientApplication app = ConfidentialClientApplication.builder(tenant.clientId(),
                        ClientCredentialFactory.createFromCertificate(APP_KEYS.getPrivate(), APP_CERTIFICATE))
                .authority(authority.baseUrl() + "/" + tenant.tenantId() + "/")
                .sslSocketFactory(TestKeys.trusting(authority.certificatePem()).getSocketFactory())
                .build();

        IAuthenticationResult result = app.acquireToken(ClientCredentialParameters.builder(
                Set.of("https://graph.microsoft.com/.default")).build()).get();

        HttpResponse<String> flows = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(graph.baseUrl() + "/v1.0/identity/b2xUserFlows"))
                .header("Authorization", "Bearer " + result.accessToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(flows.statusCode()).as("the authority's token opens Graph").isEqualTo(200);
        assertThat(authority.requests()).as("msal4j asks for no metadata, even with discovery on")
                .extracting(r -> r.method() + " " + r.path() + " " + r.status())
                .containsExactly("POST /" + tenant.tenantId() + "/oauth2/v2.0/token 200");
        assertThat(tenant.app().assertions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AppRegistration.Kind.CERTIFICATE);
            assertThat(a.accepted()).isTrue();
            assertThat(a.subject()).isEqualTo(tenant.clientId());
        });
    }

    @Test
    void servesTheOpenIdConfigurationOfItsTenantOnly() throws Exception {
        authority = SimulatedAuthority.start(tenant, 0, clock);

        HttpResponse<String> ours = get("/" + tenant.tenantId() + "/v2.0/.well-known/openid-configuration");
        HttpResponse<String> other = get("/another-tenant/v2.0/.well-known/openid-configuration");

        assertThat(ours.statusCode()).isEqualTo(200);
        assertThat(SimulatorClient.JSON.readTree(ours.body()).get("token_endpoint").asText())
                .isEqualTo(authority.tokenUrl());
        assertThat(other.statusCode()).isEqualTo(400);
    }

    /** One assertion, what the token endpoint answers to it: 200, or the status and AADSTS code. */
    record Case(String name, Function<SimulatedAuthorityTest, String> assertion, int status, int aadsts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> assertions() {
        return Stream.of(
                new Case("a certificate assertion, RS256 with x5t#S256", t -> t.own(Map.of(), Map.of()), 200, 0),
                new Case("a certificate assertion, PS256 with x5t", t -> t.own(
                        Map.of("alg", "PS256", "x5t", TestKeys.thumbprint(APP_CERTIFICATE, "SHA-1"), "x5t#S256", ""),
                        Map.of()), 200, 0),
                new Case("signed with a certificate that is not registered", t -> t.signed(OTHER_KEYS,
                        header(UNREGISTERED), t.ownClaims(Map.of())), 401, 700027),
                new Case("naming the registered certificate but signed with another key", t -> t.signed(OTHER_KEYS,
                        header(APP_CERTIFICATE), t.ownClaims(Map.of())), 401, 700027),
                new Case("signed with a registered certificate that has expired", t -> {
                    t.tenant.app().addCertificate(EXPIRED_CERTIFICATE);
                    return t.signed(OTHER_KEYS, header(EXPIRED_CERTIFICATE), t.ownClaims(Map.of()));
                }, 401, 700027),
                new Case("expired six minutes ago", t -> t.own(Map.of(),
                        Map.of("exp", NOW.minus(Duration.ofMinutes(6)).getEpochSecond())), 401, 700024),
                new Case("expired four minutes ago, within the clock skew", t -> t.own(Map.of(),
                        Map.of("exp", NOW.minus(Duration.ofMinutes(4)).getEpochSecond())), 200, 0),
                new Case("not valid for another ten minutes", t -> t.own(Map.of(),
                        Map.of("nbf", NOW.plus(Duration.ofMinutes(10)).getEpochSecond())), 401, 700024),
                new Case("for another token endpoint", t -> t.own(Map.of(),
                        Map.of("aud", "https://login.microsoftonline.com/" + t.tenant.tenantId() + "/oauth2/v2.0/token")),
                        401, 50027),
                new Case("about another client", t -> t.own(Map.of(), Map.of("sub", UUID.randomUUID().toString())),
                        401, 700021),
                new Case("signed with HS256", t -> t.own(Map.of("alg", "HS256"), Map.of()), 401, 50027),
                new Case("not a JWT", t -> "not.a-jwt", 401, 50027),
                new Case("a federated token from a registered issuer and subject", t -> t.federated(Map.of()), 200, 0),
                new Case("a federated token from an unknown issuer", t -> t.federated(
                        Map.of("iss", "https://token.actions.githubusercontent.com")), 401, 700211),
                new Case("a federated token about another subject", t -> t.federated(
                        Map.of("sub", "system:serviceaccount:default:default")), 401, 700213),
                new Case("a federated token for another audience", t -> t.federated(Map.of("aud", "api://other")),
                        401, 700212),
                new Case("an expired federated token", t -> t.federated(
                        Map.of("exp", NOW.minus(Duration.ofHours(1)).getEpochSecond())), 401, 700024),
                new Case("a federated token signed by someone else", t -> t.signed(OTHER_KEYS,
                        Map.of("alg", "RS256", "typ", "JWT"), t.federatedClaims(Map.of())), 401, 700027));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("assertions")
    void theTokenEndpointChecksTheClientAssertion(Case c) throws Exception {
        tenant.app().addCertificate(APP_CERTIFICATE)
                .addFederatedCredential(ISSUER, SUBJECT, ISSUER_KEYS.getPublic());
        authority = SimulatedAuthority.start(tenant, 0, clock);

        HttpResponse<String> answer = token(c.assertion().apply(this));

        JsonNode body = SimulatorClient.JSON.readTree(answer.body());
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(c.status());
        if (c.status() == 200) {
            assertThat(body.get("access_token").asText()).hasSizeGreaterThan(20);
        } else {
            assertThat(body.get("error").asText()).isEqualTo("invalid_client");
            assertThat(body.get("error_description").asText()).startsWith("AADSTS" + c.aadsts() + ": ");
            assertThat(body.get("error_codes").get(0).asInt()).isEqualTo(c.aadsts());
        }
        assertThat(tenant.app().assertions()).as("what the tenant saw: nothing of a token that is no JWT")
                .hasSize(c.name().equals("not a JWT") ? 0 : 1)
                .allSatisfy(a -> assertThat(a.accepted()).isEqualTo(c.status() == 200));
    }

    @Test
    void anAssertionOfTheWrongTypeIsAnInvalidRequest() throws Exception {
        tenant.app().addCertificate(APP_CERTIFICATE);
        authority = SimulatedAuthority.start(tenant, 0, clock);
        Map<String, String> form = form(own(Map.of(), Map.of()));
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:saml2-bearer");

        HttpResponse<String> answer = post(form);

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(SimulatorClient.JSON.readTree(answer.body()).get("error").asText()).isEqualTo("invalid_request");
    }

    @Test
    void aSecretAndAnAssertionTogetherAreRefused() throws Exception {
        tenant.app().addCertificate(APP_CERTIFICATE);
        authority = SimulatedAuthority.start(tenant, 0, clock);
        Map<String, String> form = form(own(Map.of(), Map.of()));
        form.put("client_secret", SimulatedTenant.DEMO_CLIENT_SECRET);

        assertThat(post(form).statusCode()).isEqualTo(400);
    }

    // ---- assertions as msal4j and a federated issuer write them ----

    private static Map<String, Object> header(X509Certificate certificate) {
        return Map.of("alg", "RS256", "typ", "JWT", "x5t#S256", TestKeys.thumbprint(certificate, "SHA-256"));
    }

    private Map<String, Object> ownClaims(Map<String, Object> changes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", authority.tokenUrl());
        claims.put("iss", tenant.clientId());
        claims.put("sub", tenant.clientId());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("nbf", NOW.getEpochSecond());
        claims.put("exp", NOW.plus(Duration.ofMinutes(10)).getEpochSecond());
        claims.putAll(changes);
        return claims;
    }

    private String own(Map<String, Object> headerChanges, Map<String, Object> claimChanges) {
        Map<String, Object> header = new HashMap<>(header(APP_CERTIFICATE));
        header.putAll(headerChanges);
        header.values().removeIf(v -> v.equals(""));
        return signed(APP_KEYS, header, ownClaims(claimChanges));
    }

    private Map<String, Object> federatedClaims(Map<String, Object> changes) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("aud", List.of(AppRegistration.TOKEN_EXCHANGE_AUDIENCE));
        claims.put("iss", ISSUER);
        claims.put("sub", SUBJECT);
        claims.put("iat", NOW.getEpochSecond());
        claims.put("nbf", NOW.getEpochSecond());
        claims.put("exp", NOW.plus(Duration.ofHours(1)).getEpochSecond());
        claims.putAll(changes);
        return claims;
    }

    private String federated(Map<String, Object> changes) {
        return signed(ISSUER_KEYS, Map.of("alg", "RS256", "typ", "JWT", "kid", "issuer-key-1"),
                federatedClaims(changes));
    }

    private String signed(KeyPair keys, Map<String, Object> header, Map<String, Object> claims) {
        return TestKeys.jwt(header, claims, keys.getPrivate());
    }

    // ---- HTTPS to the authority ----

    private Map<String, String> form(String assertion) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", tenant.clientId());
        form.put("scope", "https://graph.microsoft.com/.default");
        form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
        form.put("client_assertion", assertion);
        return form;
    }

    private HttpResponse<String> token(String assertion) throws Exception {
        return post(form(assertion));
    }

    private HttpResponse<String> post(Map<String, String> form) throws Exception {
        String body = form.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return https().send(HttpRequest.newBuilder(URI.create(authority.tokenUrl()))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return https().send(HttpRequest.newBuilder(URI.create(authority.baseUrl() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpClient https() {
        return HttpClient.newBuilder().sslContext(TestKeys.trusting(authority.certificatePem())).build();
    }
}
