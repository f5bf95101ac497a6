package io.userflowsync.graph;

import io.userflowsync.config.Settings;
import io.userflowsync.simulator.AppRegistration;
import io.userflowsync.simulator.FaultRule;
import io.userflowsync.simulator.GraphSimulator;
import io.userflowsync.simulator.SimulatedAuthority;
import io.userflowsync.simulator.SimulatedTenant;
import io.userflowsync.testkeys.TestKeys;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * The certificate and workload identity credentials get their tokens from the simulated authority over HTTPS (through
 * msal4j and the agent's own HTTP), and the Graph client uses them (issue 8 item 5).
 */
class CredentialTokensTest {
    private static final KeyPair APP_KEYS = TestKeys.rsa();
    private static final X509Certificate APP_CERTIFICATE = TestKeys.certificate(APP_KEYS, "userflow-connector-sync");
    private static final KeyPair ISSUER_KEYS = TestKeys.rsa();
    private static final String ISSUER = "https://oidc.prod-aks.example/a1b2c3/";
    private static final String SUBJECT = "system:serviceaccount:identity:userflow-connector-sync";
    private static final String PFX_PASSWORD = "pfx-Password-that-must-not-leak";

    @TempDir
    Path dir;
    private SimulatedTenant tenant;
    private GraphSimulator graph;
    private SimulatedAuthority authority;
    private DefaultCamelContext camel;

    @BeforeEach
    void start() {
        tenant = new SimulatedTenant("30000000-0000-0000-0000-000000000003", "40000000-0000-0000-0000-000000000004",
                "a-secret-nobody-uses-here");
        tenant.addFlow("B2X_1_partner_signup").addFlow("B2X_1_customers");
        tenant.app().addCertificate(APP_CERTIFICATE).addFederatedCredential(ISSUER, SUBJECT, ISSUER_KEYS.getPublic());
        graph = GraphSimulator.start(tenant, 0);
        authority = SimulatedAuthority.start(tenant);
        camel = new DefaultCamelContext();
        camel.start();
    }

    @AfterEach
    void stop() {
        camel.stop();
        authority.close();
        graph.close();
    }

    private Map<String, String> environment() throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("GRAPH_ENDPOINT", graph.baseUrl());
        env.put("AZURE_AUTHORITY_HOST", authority.baseUrl());
        env.put("GRAPH_CA_FILE", Files.writeString(dir.resolve("simulator-ca.pem"), authority.certificatePem()).toString());
        env.put("AZURE_TENANT_ID", tenant.tenantId());
        env.put("AZURE_CLIENT_ID", tenant.clientId());
        env.put("GRAPH_MAX_ATTEMPTS", "2");
        return env;
    }

    private GraphClient client(Map<String, String> env) {
        return GraphConnection.open(camel, Settings.resolve(Map.of(), env, new Properties()));
    }

    private Map<String, String> withCertificate() throws Exception {
        Map<String, String> env = environment();
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", Files.write(dir.resolve("app.pfx"),
                TestKeys.pkcs12(APP_KEYS.getPrivate(), APP_CERTIFICATE, PFX_PASSWORD)).toString());
        env.put("AZURE_CLIENT_CERTIFICATE_PASSWORD", PFX_PASSWORD);
        return env;
    }

    private String federatedToken(String jti, Map<String, Object> changes) {
        Instant now = Instant.now();
        Map<String, Object> claims = new HashMap<>(Map.of("iss", ISSUER, "sub", SUBJECT,
                "aud", List.of(AppRegistration.TOKEN_EXCHANGE_AUDIENCE), "jti", jti,
                "iat", now.getEpochSecond(), "nbf", now.getEpochSecond(),
                "exp", now.plus(Duration.ofHours(1)).getEpochSecond()));
        claims.putAll(changes);
        return TestKeys.jwt(Map.of("alg", "RS256", "typ", "JWT", "kid", "k1"), claims, ISSUER_KEYS.getPrivate());
    }

    private long tokenRequests() {
        return authority.requests().stream().filter(r -> r.path().endsWith("/oauth2/v2.0/token")).count();
    }

    @Test
    void aCertificateGetsATokenFromTheAuthorityAndGraphAcceptsIt() throws Exception {
        GraphClient client = client(withCertificate());

        assertThat(client.listUserFlowIds(List.of(io.userflowsync.model.UserFlowKind.B2X)))
                .containsExactlyInAnyOrder("B2X_1_partner_signup", "B2X_1_customers");
        assertThat(client.listConnectors()).isEmpty();

        assertThat(authority.requests()).as("one token, cached for the second call")
                .extracting(r -> r.method() + " " + r.path() + " " + r.status())
                .containsExactly("POST /" + tenant.tenantId() + "/oauth2/v2.0/token 200");
        assertThat(tenant.app().assertions()).singleElement().satisfies(a -> {
            assertThat(a.kind()).isEqualTo(AppRegistration.Kind.CERTIFICATE);
            assertThat(a.accepted()).isTrue();
        });
        assertThat(graph.requests()).as("the Graph simulator is not the authority here")
                .noneMatch(r -> r.path().endsWith("/token"));
    }

    @Test
    void anAuthorityThatDoesNotAnswerIsGivenUpAfterTheAgentsResponseTimeout() throws Exception {
        Map<String, String> env = withCertificate();
        env.put("GRAPH_RESPONSE_TIMEOUT_SECONDS", "1");
        env.put("GRAPH_MAX_ATTEMPTS", "1");
        GraphClient client = client(env);
        authority.holdAnswers();

        // msal4j's own HTTP client waits without limit by default; the agent's gives up after 1 s (and one try).
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> assertThatThrownBy(client::listConnectors)
                .isInstanceOf(GraphException.class)
                .hasMessageContaining("getting an access token for client " + tenant.clientId())
                .hasMessageEndingWith("failed: no HTTP answer: SocketTimeoutException calling " + authority.tokenUrl()
                        + ": Read timed out"));
        assertThat(graph.requests()).as("no token, no Graph request").isEmpty();
    }

    @Test
    void aTokenRequestTheAuthorityAnswers503IsSentAgainByTheAgent() throws Exception {
        authority.inject(FaultRule.transientError("POST", "/oauth2/v2\\.0/token$", 503, 1));
        GraphClient client = client(withCertificate());

        assertThat(client.listConnectors()).isEmpty();
        assertThat(authority.requests()).extracting(r -> r.status()).containsExactly(503, 200);
    }

    @Test
    void afterGraphRefusesTheTokenANewOneIsAskedFor() throws Exception {
        GraphClient client = client(withCertificate());
        client.listConnectors();

        // Graph stops accepting the token, which the agent still holds as valid for most of an hour.
        tenant.app().revokeTokens();
        client.listConnectors();

        assertThat(graph.requests()).extracting(r -> r.status()).containsExactly(200, 401, 200);
        assertThat(tokenRequests()).isEqualTo(2);
    }

    @Test
    void theFederatedTokenFileIsReadAgainForEveryTokenRequest() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), federatedToken("first", Map.of()));
        Map<String, String> env = environment();
        env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        GraphClient client = client(env);
        client.listConnectors();

        // The kubelet rotates the projected token in place; then Graph refuses the agent's access token.
        Files.writeString(tokenFile, federatedToken("second", Map.of()));
        tenant.app().revokeTokens();
        client.listConnectors();

        assertThat(tenant.app().assertions()).extracting(a -> a.kind() + " " + a.jwtId() + " " + a.accepted())
                .containsExactly("FEDERATED first true", "FEDERATED second true");
    }

    @Test
    void anExpiredFederatedTokenIsRefusedWithTheAuthoritysReasonAndNoTokenInTheMessage() throws Exception {
        String expired = federatedToken(UUID.randomUUID().toString(),
                Map.of("exp", Instant.now().minus(Duration.ofMinutes(30)).getEpochSecond()));
        Path tokenFile = Files.writeString(dir.resolve("azure-identity-token"), expired);
        Map<String, String> env = environment();
        env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());

        assertThatThrownBy(() -> client(env).listConnectors()).isInstanceOf(GraphException.class)
                .hasMessageContaining("getting an access token for client " + tenant.clientId()
                        + " with the federated token in " + tokenFile)
                .hasMessageContaining("HTTP 401 invalid_client: AADSTS700024: Client assertion is not within its valid"
                        + " time range")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(expired)
                        .doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}"));
    }

    @Test
    void aMissingTokenFileIsNamedWhenATokenIsAskedFor() throws Exception {
        Path tokenFile = dir.resolve("azure-identity-token");
        Map<String, String> env = environment();
        env.put("AZURE_FEDERATED_TOKEN_FILE", tokenFile.toString());
        GraphClient client = client(env);

        assertThatThrownBy(client::listConnectors).isInstanceOf(GraphException.class)
                .hasMessageEndingWith("failed: no HTTP answer federated_token_missing: the federated token file "
                        + tokenFile + " (AZURE_FEDERATED_TOKEN_FILE) does not exist");
        assertThat(tokenRequests()).isZero();
    }

    @Test
    void aCertificateTheAppDoesNotHaveIsRefusedWithItsThumbprint() throws Exception {
        KeyPair other = TestKeys.rsa();
        X509Certificate unregistered = TestKeys.certificate(other, "not uploaded");
        Map<String, String> env = environment();
        Path pem = Files.writeString(dir.resolve("other.pem"), TestKeys.pkcs8Pem(other.getPrivate())
                + TestKeys.pem(unregistered));
        env.put("AZURE_CLIENT_CERTIFICATE_PATH", pem.toString());
        ClientCertificateFile file = ClientCertificateFile.load(pem, java.util.Optional.empty(), Instant.now());

        assertThatThrownBy(() -> client(env).listConnectors()).isInstanceOf(GraphException.class)
                .hasMessageContaining("with certificate " + file.thumbprint())
                .hasMessageContaining("HTTP 401 invalid_client: AADSTS700027: The certificate with identifier used to"
                        + " sign the client assertion is not registered on application")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}"));
    }

    @Test
    void anAuthorityHostThatIsNotTheAudienceTheAuthorityKnowsIsRefused() throws Exception {
        // localhost is the same server (its TLS certificate names both), but the assertion's audience is the token
        // URL as the agent wrote it, and the authority knows itself as 127.0.0.1.
        Map<String, String> env = withCertificate();
        env.put("AZURE_AUTHORITY_HOST", authority.baseUrl().replace("127.0.0.1", "localhost"));

        assertThatThrownBy(() -> client(env).listConnectors()).isInstanceOf(GraphException.class)
                .hasMessageContaining("HTTP 401 invalid_client: AADSTS50027: JWT token is invalid or malformed: the"
                        + " audience [https://localhost:");
    }

    @Test
    void anAuthorityThatEchoesTheRequestShowsNeitherTheAssertionNorTheAccessToken() throws Exception {
        authority.inject(FaultRule.echoingRequest("POST", "/oauth2/v2\\.0/token$", 400, 1, "invalid_request"));

        assertThatThrownBy(() -> client(withCertificate()).listConnectors()).isInstanceOf(GraphException.class)
                .hasMessageContaining("The request was: POST").hasMessageContaining("client_assertion=***")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContainPattern("eyJ[A-Za-z0-9_-]{10,}")
                        .doesNotContain(PFX_PASSWORD));
    }
}
