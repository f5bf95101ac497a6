package io.userflowsync.simulator;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app registration's credentials besides its client secret, as Entra keeps them: certificates (the public part
 * only, found by thumbprint) and federated identity credentials (issuer, subject, audiences); and the access tokens
 * issued to it, shared by every front door of the simulated tenant ({@link GraphSimulator} over HTTP,
 * {@link SimulatedAuthority} over HTTPS), so a token from either opens Graph.
 *
 * <p>Real Entra finds a federated issuer's signing keys through the issuer's OpenID metadata ({@code jwks_uri}); the
 * simulator is given the key with the credential instead, as it must not call out of loopback.
 *
 * <p>Every client assertion the token endpoint checks is recorded ({@link #assertions()}): who it named and whether it
 * was accepted, never the assertion itself (it is a credential for as long as it lives).
 */
public final class AppRegistration {
    /**
     * The audience Entra expects in a federated token unless the credential names another (Microsoft identity
     * platform, "Workload identity federation": {@code api://AzureADTokenExchange}).
     */
    public static final String TOKEN_EXCHANGE_AUDIENCE = "api://AzureADTokenExchange";

    /** A federated identity credential: tokens from {@code issuer} about {@code subject}, signed with {@code key}. */
    public record FederatedCredential(String issuer, String subject, List<String> audiences, PublicKey key) {
        public FederatedCredential {
            audiences = List.copyOf(audiences);
        }
    }

    /** One client assertion as the token endpoint saw it. */
    public record SeenAssertion(Kind kind, String issuer, String subject, String jwtId, boolean accepted,
                                Optional<Integer> aadsts) {
    }

    /** A certificate's self-signed assertion ({@code iss} is the client id) or a federated token. */
    public enum Kind { CERTIFICATE, FEDERATED }

    private final Map<String, X509Certificate> certificatesByThumbprint = new LinkedHashMap<>();
    private final List<FederatedCredential> federated = new ArrayList<>();
    private final Set<String> tokenUrls = new LinkedHashSet<>();
    private final Map<String, Instant> expiryByToken = new LinkedHashMap<>();
    private final List<SeenAssertion> seen = new ArrayList<>();
    private final Set<String> grantedPermissions = new LinkedHashSet<>(DEFAULT_PERMISSIONS);

    /**
     * The Graph application permissions an app registration for this agent is granted (with admin consent) unless a
     * test says otherwise: what every feature needs (docs/graph-calls-and-permissions.md, Graph application permissions).
     */
    public static final List<String> DEFAULT_PERMISSIONS = List.of("IdentityUserFlow.ReadWrite.All",
            "APIConnectors.ReadWrite.All", "AuditLog.Read.All");

    /** What an app registration for an External ID external tenant is granted: {@link #grantPermissions} them. */
    public static final List<String> EXTERNAL_TENANT_PERMISSIONS = List.of("EventListener.ReadWrite.All",
            "CustomAuthenticationExtension.Read.All", "AuditLog.Read.All");

    /**
     * Replaces the application permissions granted to the app (API permissions with admin consent in the portal).
     * Entra puts them in the {@code roles} claim of the app-only tokens it issues from then on; tokens issued before
     * keep the roles they carry, as real tokens do until they expire.
     */
    public synchronized AppRegistration grantPermissions(java.util.Collection<String> permissions) {
        grantedPermissions.clear();
        grantedPermissions.addAll(permissions);
        return this;
    }

    private boolean opaqueTokens;

    /**
     * From now on issues random access tokens that are not JWTs: Microsoft tells clients to treat access tokens as
     * opaque, as their format may change (or be encrypted), so a client must cope with one it cannot read.
     */
    public synchronized AppRegistration issueOpaqueTokens() {
        opaqueTokens = true;
        return this;
    }

    synchronized boolean opaqueTokens() {
        return opaqueTokens;
    }

    /** The application permissions granted now, in the order they were granted. */
    public synchronized List<String> grantedPermissions() {
        return List.copyOf(grantedPermissions);
    }

    /** Uploads a certificate's public part (Certificates &amp; secrets in the portal). */
    public synchronized AppRegistration addCertificate(X509Certificate certificate) {
        certificatesByThumbprint.put(thumbprint(certificate, "SHA-1"), certificate);
        certificatesByThumbprint.put(thumbprint(certificate, "SHA-256"), certificate);
        return this;
    }

    /** Adds a federated identity credential with Entra's default audience. */
    public AppRegistration addFederatedCredential(String issuer, String subject, PublicKey issuerKey) {
        return addFederatedCredential(new FederatedCredential(issuer, subject, List.of(TOKEN_EXCHANGE_AUDIENCE),
                issuerKey));
    }

    public synchronized AppRegistration addFederatedCredential(FederatedCredential credential) {
        federated.add(credential);
        return this;
    }

    /** Graph refuses every token issued so far (401), as after a token was revoked or lost its validity early. */
    public synchronized void revokeTokens() {
        expiryByToken.clear();
    }

    /** The client assertions checked so far, oldest first. */
    public synchronized List<SeenAssertion> assertions() {
        return List.copyOf(seen);
    }

    // ---- what the token endpoint needs ----

    /**
     * By the SHA-1 ({@code x5t}) or SHA-256 ({@code x5t#S256}) thumbprint of its DER encoding, in base64url as RFC
     * 7515 has it or in plain base64 with padding, as msal4j 1.26.1 sends {@code x5t#S256}
     * ({@code H0CMjgnod0eC7u/zx0ES8n4fmqrYFAOeKkHCD7VPskI=}) and Entra accepts.
     */
    synchronized Optional<X509Certificate> certificate(String thumbprint) {
        return normalized(thumbprint).map(certificatesByThumbprint::get);
    }

    synchronized List<FederatedCredential> federatedCredentials() {
        return List.copyOf(federated);
    }

    /** A token URL a client assertion may name as its audience (an HTTPS authority serving this tenant). */
    synchronized void acceptAudience(String tokenUrl) {
        tokenUrls.add(tokenUrl);
    }

    synchronized Set<String> tokenUrls() {
        return Set.copyOf(tokenUrls);
    }

    synchronized void issued(String token, Instant expiry) {
        expiryByToken.put(token, expiry);
    }

    private final Map<String, Set<String>> rolesByToken = new java.util.HashMap<>();

    /** The roles a token carries: the permissions granted when it was issued, as a real token keeps them. */
    synchronized void issuedWithRoles(String token, java.util.Collection<String> roles) {
        rolesByToken.put(token, Set.copyOf(roles));
    }

    synchronized Set<String> rolesOf(String token) {
        return rolesByToken.getOrDefault(token, Set.of());
    }

    private final Map<String, String> appIdByToken = new java.util.HashMap<>();

    /** The app a token was issued to: its {@code appid} and {@code azp} claims, the client id it was asked with. */
    synchronized void issuedTo(String token, String appId) {
        appIdByToken.put(token, appId);
    }

    synchronized Optional<String> appIdOf(String token) {
        return Optional.ofNullable(appIdByToken.get(token));
    }

    synchronized Optional<Instant> expiryOf(String token) {
        return Optional.ofNullable(expiryByToken.get(token));
    }

    synchronized void saw(SeenAssertion assertion) {
        seen.add(assertion);
    }

    /** A thumbprint in either base64 alphabet, with or without padding, as base64url without padding. */
    private static Optional<String> normalized(String thumbprint) {
        try {
            String url = thumbprint.replace('+', '-').replace('/', '_').replace("=", "");
            return Optional.of(Base64.getUrlEncoder().withoutPadding().encodeToString(
                    Base64.getUrlDecoder().decode(url)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The base64url thumbprint (no padding) of the certificate's DER encoding. */
    static String thumbprint(X509Certificate certificate, String digest) {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance(digest).digest(certificate.getEncoded()));
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalArgumentException("cannot take the " + digest + " thumbprint of the certificate", e);
        }
    }
}
