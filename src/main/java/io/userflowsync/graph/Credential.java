package io.userflowsync.graph;

/**
 * Where the Graph client gets its bearer token: one small type per kind of credential (architecture: credentials),
 * the client secret ({@link ClientSecretCredential}), a certificate ({@link CertificateCredential}) or a federated
 * token ({@link WorkloadIdentityCredential}). The HTTP transport only sets the header.
 */
public interface Credential {
    /** A token that Graph should accept now, from a cache or a new token request. */
    String token() throws GraphException;

    /** Graph refused the last token (revoked, or expired early): the next {@link #token()} asks for a new one. */
    void invalidate();

    /** Which credential this is, for the start-up line and error messages: kind, client, where; never the material. */
    String describe();
}
