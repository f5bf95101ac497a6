package io.userflowsync.simulator;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a {@code client_assertion} as Entra does (Microsoft identity platform, "Certificate credentials" and
 * "Workload identity federation"). An assertion whose {@code iss} is the client id is the app's own, signed with a
 * certificate registered on it ({@code x5t#S256} or {@code x5t} names it); any other is a federated token, which a
 * federated identity credential must match by issuer, subject and audience. Both must be in their time window.
 *
 * <p>Choices where the documentation is silent (docs/simulator.md): 5 minutes of clock skew either way; a
 * wrong audience of the app's own assertion answers AADSTS50027; every refusal is HTTP 401 {@code invalid_client}
 * except a wrong {@code client_assertion_type}, 400 {@code invalid_request}.
 */
final class ClientAssertionCheck {
    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    /** Why the token endpoint refuses the assertion, in its OAuth error shape. */
    record Refusal(int status, String error, int aadsts, String description) {
    }

    private final AppRegistration app;

    ClientAssertionCheck(AppRegistration app) {
        this.app = app;
    }

    /** Empty when the assertion proves the client: it may have a token. */
    Optional<Refusal> check(String clientId, String assertionType, String assertion, Instant now) {
        if (!JWT_BEARER.equals(assertionType)) {
            return Optional.of(new Refusal(400, "invalid_request", 50027, "The client_assertion_type must be '"
                    + JWT_BEARER + "', got '" + assertionType + "'."));
        }
        Optional<SignedJwt> parsed = SignedJwt.parse(assertion);
        if (parsed.isEmpty()) {
            return Optional.of(invalidClient(50027, "JWT token is invalid or malformed."));
        }
        SignedJwt jwt = parsed.get();
        boolean own = clientId.equals(jwt.claim("iss"));
        Optional<Refusal> refusal = !jwt.algorithmSupported()
                ? Optional.of(invalidClient(50027, "JWT token is invalid or malformed: the algorithm '"
                + jwt.algorithm() + "' is not supported; sign with RS256 or PS256."))
                : own ? checkOwn(clientId, jwt, now) : checkFederated(jwt, now);
        app.saw(new AppRegistration.SeenAssertion(own ? AppRegistration.Kind.CERTIFICATE
                : AppRegistration.Kind.FEDERATED, jwt.claim("iss"), jwt.claim("sub"), jwt.claim("jti"),
                refusal.isEmpty(), refusal.map(Refusal::aadsts)));
        return refusal;
    }

    private Optional<Refusal> checkOwn(String clientId, SignedJwt jwt, Instant now) {
        String sha256 = jwt.headerText("x5t#S256");
        String thumbprint = sha256.isEmpty() ? jwt.headerText("x5t") : sha256;
        Optional<X509Certificate> certificate = thumbprint.isEmpty() ? Optional.empty()
                : app.certificate(thumbprint);
        if (certificate.isEmpty()) {
            return Optional.of(invalidClient(700027, "The certificate with identifier used to sign the client"
                    + " assertion is not registered on application. [Reason - The key was not found., Thumbprint of"
                    + " key used by client: '" + thumbprint + "']"));
        }
        if (!jwt.signedBy(certificate.get().getPublicKey())) {
            return Optional.of(invalidClient(700027, "Client assertion failed signature validation."));
        }
        if (now.isAfter(certificate.get().getNotAfter().toInstant())) {
            return Optional.of(invalidClient(700027, "Client assertion contains an invalid signature. [Reason - The"
                    + " key used is expired., Thumbprint of key used by client: '" + thumbprint + "']"));
        }
        if (!clientId.equals(jwt.claim("sub"))) {
            return Optional.of(invalidClient(700021, "Client assertion application identifier doesn't match"
                    + " 'client_id' parameter."));
        }
        Set<String> tokenUrls = app.tokenUrls();
        List<String> audiences = jwt.audiences();
        if (audiences.stream().noneMatch(a -> tokenUrls.stream().anyMatch(u -> u.equalsIgnoreCase(a)))) {
            return Optional.of(invalidClient(50027, "JWT token is invalid or malformed: the audience "
                    + audiences + " is not this token endpoint " + tokenUrls + "."));
        }
        return timeWindow(jwt, now);
    }

    private Optional<Refusal> checkFederated(SignedJwt jwt, Instant now) {
        String issuer = jwt.claim("iss");
        List<AppRegistration.FederatedCredential> byIssuer = app.federatedCredentials().stream()
                .filter(c -> c.issuer().equals(issuer)).toList();
        if (byIssuer.isEmpty()) {
            return Optional.of(invalidClient(700211, "No matching federated identity record found for presented"
                    + " assertion issuer '" + issuer + "'. Please check your federated identity credential Subject,"
                    + " Audience and Issuer against the presented assertion."));
        }
        if (byIssuer.stream().noneMatch(c -> jwt.signedBy(c.key()))) {
            return Optional.of(invalidClient(700027, "Client assertion failed signature validation."));
        }
        Optional<Refusal> time = timeWindow(jwt, now);
        if (time.isPresent()) {
            return time;
        }
        List<AppRegistration.FederatedCredential> bySubject = byIssuer.stream()
                .filter(c -> c.subject().equals(jwt.claim("sub"))).toList();
        if (bySubject.isEmpty()) {
            return Optional.of(invalidClient(700213, "No matching federated identity record found for presented"
                    + " assertion subject '" + jwt.claim("sub") + "'. Please check your federated identity credential"
                    + " Subject, Audience and Issuer against the presented assertion."));
        }
        if (bySubject.stream().noneMatch(c -> c.audiences().stream().anyMatch(jwt.audiences()::contains))) {
            return Optional.of(invalidClient(700212, "No matching federated identity record found for presented"
                    + " assertion audience '" + String.join(",", jwt.audiences()) + "'. Please check your federated"
                    + " identity credential Subject, Audience and Issuer against the presented assertion."));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> timeWindow(SignedJwt jwt, Instant now) {
        Optional<Instant> expiry = jwt.time("exp");
        Optional<Instant> notBefore = jwt.time("nbf");
        if (expiry.isEmpty() || now.isAfter(expiry.get().plus(CLOCK_SKEW))
                || notBefore.map(nbf -> now.isBefore(nbf.minus(CLOCK_SKEW))).orElse(false)) {
            return Optional.of(invalidClient(700024, String.format(Locale.ROOT, "Client assertion is not within its"
                            + " valid time range. Current time: %s, assertion valid from %s, expiry time of assertion %s.",
                    now, notBefore.map(Instant::toString).orElse("(none)"),
                    expiry.map(Instant::toString).orElse("(none)"))));
        }
        return Optional.empty();
    }

    private static Refusal invalidClient(int aadsts, String description) {
        return new Refusal(401, "invalid_client", aadsts, description);
    }
}
