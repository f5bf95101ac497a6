package io.userflowsync.connector;

/**
 * What the agent knows of a managed connector's secret now, without holding it: read from its source by the caller
 * (the only I/O), handed to the pure planner. The planner never sees a secret.
 */
public sealed interface SecretState {

    /**
     * A basic password, as its keyed fingerprint (HMAC-SHA256 with the work dir's key, {@link Fingerprints}):
     * equal fingerprints mean the password the agent last sent is the one it would send now.
     */
    record Password(String fingerprint) implements SecretState {
    }

    /** A PKCS#12 file, as the thumbprint of its certificate: Graph reads certificates back by thumbprint. */
    record Certificate(String thumbprint) implements SecretState {
    }

    /** The source could not be read (an unset variable, a missing file, a PKCS#12 that does not open). */
    record Unreadable(String reason) implements SecretState {
    }
}
