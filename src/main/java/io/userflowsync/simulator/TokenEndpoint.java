package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Entra token endpoint ({@code POST /{tenantId}/oauth2/v2.0/token}, client credentials with a client secret or a
 * {@code client_assertion}: a JWT signed with a registered certificate, or a federated token, checked by
 * {@link ClientAssertionCheck}) and the check Graph makes of the bearer tokens it issued.
 *
 * <p>Errors use the OAuth shape and AADSTS codes of the real endpoint. Access tokens are JWT-shaped like Entra's v1.0
 * app-only tokens for Graph (Microsoft identity platform, "Access token claims reference"): {@code aud}
 * {@code https://graph.microsoft.com}, {@code iss}, {@code tid}, {@code appid} (and v2.0's {@code azp}),
 * {@code appidacr}, {@code idtyp} {@code app}, {@code roles} (the application permissions granted to the app,
 * {@link AppRegistration#grantedPermissions()}), {@code iat}/{@code nbf}/{@code exp}. The signature is an HMAC with
 * a key of this simulator's own: Graph's tokens are for Graph alone, and Microsoft tells clients to treat them as
 * opaque (their format may change, and Graph's carry a header nonce that makes them unverifiable elsewhere), so a
 * client may read the claims but never validates one. Only this simulator validates them, by looking them up: they
 * are kept by the tenant's {@link AppRegistration}, so that a token from the HTTPS authority
 * ({@link SimulatedAuthority}) opens the Graph simulator too.
 */
final class TokenEndpoint {

    static final Pattern PATH = Pattern.compile("^/([^/]+)/oauth2/v2\\.0/token$");
    static final String EMPTY_TOKEN = "Access token is empty.";
    static final String UNKNOWN_TOKEN = "Access token validation failure. Invalid audience.";
    static final String EXPIRED_TOKEN = "Lifetime validation failed, the token is expired.";
    private static final Set<String> OIDC_SCOPES = Set.of("openid", "profile", "offline_access", "email");

    private final SimulatedTenant tenant;
    private final ClientAssertionCheck assertions;
    private final SecureRandom random = new SecureRandom();
    private final byte[] signingKey = new byte[32];

    TokenEndpoint(SimulatedTenant tenant) {
        this.tenant = tenant;
        this.assertions = new ClientAssertionCheck(tenant.app());
        random.nextBytes(signingKey);
    }

    static boolean isTokenPath(String path) {
        return PATH.matcher(path).matches();
    }

    SimResponse handle(RequestContext context, String method, String path, byte[] body) {
        Matcher matcher = PATH.matcher(path);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("not a token path: " + path);
        }
        if (!"POST".equals(method)) {
            return oauthError(context, 400, "invalid_request", 900561,
                    "The endpoint only accepts POST requests. Received a " + method + " request.");
        }
        if (!tenant.tenantId().equals(matcher.group(1))) {
            return oauthError(context, 400, "invalid_request", 90002, "Tenant '" + matcher.group(1)
                    + "' not found. Check to make sure you have the correct tenant ID and are signing into the"
                    + " correct cloud.");
        }
        Map<String, String> form;
        try {
            form = UrlEncoded.decode(new String(body, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return oauthError(context, 400, "invalid_request", 900144,
                    "The request body must be application/x-www-form-urlencoded; it has a malformed escape.");
        }
        String grantType = form.get("grant_type");
        if (grantType == null || grantType.isEmpty()) {
            return missingParameter(context, "grant_type");
        }
        if (!"client_credentials".equals(grantType)) {
            return oauthError(context, 400, "unsupported_grant_type", 70003,
                    "The app requested an unsupported grant type '" + grantType + "'.");
        }
        if (!form.containsKey("client_id") || form.get("client_id").isEmpty()) {
            return missingParameter(context, "client_id");
        }
        String scope = form.get("scope");
        if (scope == null || scope.isEmpty()) {
            return missingParameter(context, "scope");
        }
        if (!clientCredentialsScope(scope)) {
            return oauthError(context, 400, "invalid_scope", 1002012, "The provided value for scope " + scope
                    + " is not valid. Client credential flows must have a scope value with /.default suffixed to"
                    + " the resource identifier (application ID URI).");
        }
        if (!tenant.clientIdMatches(form.get("client_id"))) {
            return oauthError(context, 401, "invalid_client", 700016, "Application with identifier '"
                    + form.get("client_id") + "' was not found in the directory '" + tenant.tenantId() + "'.");
        }
        String secret = form.getOrDefault("client_secret", "");
        String assertion = form.getOrDefault("client_assertion", "");
        if (!secret.isEmpty() && !assertion.isEmpty()) {
            // Simulator's choice: the documentation names either parameter, never both.
            return oauthError(context, 400, "invalid_request", 900144, "The request body must contain only one of"
                    + " the following parameters: 'client_assertion' or 'client_secret'.");
        }
        if (!assertion.isEmpty()) {
            Optional<ClientAssertionCheck.Refusal> refusal = assertions.check(form.get("client_id"),
                    form.getOrDefault("client_assertion_type", ""), assertion, context.now());
            if (refusal.isPresent()) {
                ClientAssertionCheck.Refusal r = refusal.get();
                return oauthError(context, r.status(), r.error(), r.aadsts(), r.description());
            }
            return issue(context, form.get("client_id"), CERTIFICATE_OR_ASSERTION);
        }
        if (secret.isEmpty()) {
            return oauthError(context, 401, "invalid_client", 7000218, "The request body must contain the"
                    + " following parameter: 'client_assertion' or 'client_secret'.");
        }
        if (!tenant.clientSecretMatches(secret)) {
            return oauthError(context, 401, "invalid_client", 7000215, "Invalid client secret provided. Ensure"
                    + " the secret being sent in the request is the client secret value, not the client secret ID,"
                    + " for a secret added to app '" + tenant.clientId() + "'.");
        }
        return issue(context, form.get("client_id"), CLIENT_SECRET);
    }

    /** {@code appidacr}: how the client authenticated, 1 a client secret, 2 a certificate or client assertion. */
    private static final String CLIENT_SECRET = "1";
    private static final String CERTIFICATE_OR_ASSERTION = "2";

    private SimResponse issue(RequestContext context, String clientId, String authenticatedBy) {
        int lifetime = tenant.tokenLifetimeSeconds();
        List<String> roles = tenant.app().grantedPermissions();
        String token = newToken(context.now(), lifetime, clientId, authenticatedBy, roles);
        tenant.app().issued(token, context.now().plusSeconds(lifetime));
        tenant.app().issuedWithRoles(token, roles);
        tenant.app().issuedTo(token, clientId);
        ObjectNode answer = SimResponse.JSON.objectNode();
        answer.put("token_type", "Bearer");
        answer.put("expires_in", lifetime);
        answer.put("ext_expires_in", lifetime);
        answer.put("access_token", token);
        return SimResponse.json(200, answer);
    }

    /**
     * One resource's {@code /.default}, and OpenID Connect's own scopes besides, which the client credentials grant
     * ignores: msal4j always adds {@code openid profile offline_access} (its client credentials request sends
     * {@code https://graph.microsoft.com/.default openid profile offline_access}), and Entra issues the token.
     */
    static boolean clientCredentialsScope(String scope) {
        List<String> resources = Arrays.stream(scope.trim().split(" +"))
                .filter(s -> !OIDC_SCOPES.contains(s)).toList();
        return resources.size() == 1 && resources.get(0).endsWith("/.default");
    }

    /** Why Graph refuses this {@code Authorization} header, or empty if it carries a live token of ours. */
    Optional<String> rejection(Optional<String> authorization, Instant now) {
        String token = authorization
                .filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> h.substring(7).trim())
                .orElse("");
        if (token.isEmpty()) {
            return Optional.of(EMPTY_TOKEN);
        }
        Optional<Instant> expiry = tenant.app().expiryOf(token);
        if (expiry.isEmpty()) {
            return Optional.of(UNKNOWN_TOKEN);
        }
        if (!now.isBefore(expiry.get())) {
            return Optional.of(EXPIRED_TOKEN);
        }
        return Optional.empty();
    }

    /** The application permissions the token in this {@code Authorization} header was issued with; none if unknown. */
    Set<String> roles(Optional<String> authorization) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .map(h -> tenant.app().rolesOf(h.substring(7).trim())).orElse(Set.of());
    }

    /**
     * The app the token in this {@code Authorization} header was issued to: its {@code appid} claim (the client id),
     * kept with the token as its roles are, so that an opaque token has one too; empty if the token is unknown.
     */
    Optional<String> appId(Optional<String> authorization) {
        return authorization.filter(h -> h.regionMatches(true, 0, "Bearer ", 0, 7))
                .flatMap(h -> tenant.app().appIdOf(h.substring(7).trim()));
    }

    /** The OAuth error shape of the token endpoint, including a fault injected on it. */
    static SimResponse oauthError(RequestContext context, int status, String error, int aadsts, String description) {
        ObjectNode body = SimResponse.JSON.objectNode();
        body.put("error", error);
        body.put("error_description", "AADSTS" + aadsts + ": " + description + " Trace ID: " + context.requestId()
                + " Correlation ID: " + context.clientRequestId() + " Timestamp: " + context.date());
        body.putArray("error_codes").add(aadsts);
        body.put("timestamp", context.date());
        body.put("trace_id", context.requestId());
        body.put("correlation_id", context.clientRequestId());
        return SimResponse.json(status, body);
    }

    private static SimResponse missingParameter(RequestContext context, String name) {
        return oauthError(context, 400, "invalid_request", 900144,
                "The request body must contain the following parameter: '" + name + "'.");
    }

    private String newToken(Instant now, int lifetime, String clientId, String authenticatedBy, List<String> roles) {
        if (tenant.app().opaqueTokens()) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        }
        ObjectNode header = SimResponse.JSON.objectNode();
        header.put("typ", "JWT");
        header.put("alg", "HS256");
        header.put("kid", "graph-simulator");
        ObjectNode claims = SimResponse.JSON.objectNode();
        claims.put("aud", GRAPH_AUDIENCE);
        claims.put("iss", "https://sts.windows.net/" + tenant.tenantId() + "/");
        claims.put("iat", now.getEpochSecond());
        claims.put("nbf", now.getEpochSecond());
        claims.put("exp", now.getEpochSecond() + lifetime);
        claims.put("appid", clientId);
        claims.put("azp", clientId);
        claims.put("appidacr", authenticatedBy);
        claims.put("idtyp", "app");
        // The service principal's object id in a real tenant; the client id stands in for it here.
        claims.put("oid", clientId);
        claims.put("sub", clientId);
        roles.forEach(claims.putArray("roles")::add);
        claims.put("tid", tenant.tenantId());
        claims.put("ver", "1.0");
        byte[] id = new byte[16];
        random.nextBytes(id);
        claims.put("uti", Base64.getUrlEncoder().withoutPadding().encodeToString(id));
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String signingInput = b64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(signingKey, "HmacSHA256"));
            return signingInput + "." + b64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The audience of a token for Microsoft Graph, whichever host the simulator serves on. */
    static final String GRAPH_AUDIENCE = "https://graph.microsoft.com";
}
