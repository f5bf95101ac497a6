package io.userflowsync.simulator;

/**
 * One request the simulator answered, as a test or the benchmark sees it afterwards.
 *
 * <p>Headers and bodies are deliberately absent: they carry the client secret, access tokens and connector
 * passwords. The query of a token-endpoint request is dropped for the same reason (it is always {@code ""}).
 *
 * @param method      HTTP method, upper case
 * @param path        percent-decoded path including the version, e.g.
 *                    {@code /v1.0/identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration/postFederationSignup/$ref};
 *                    for a request inside a {@code $batch} the version of the outer request is prefixed
 * @param query       percent-decoded query without the {@code ?}, or {@code ""}
 * @param status      the status the simulator answered
 * @param insideBatch whether this was one of the requests inside a {@code $batch}
 */
public record RecordedRequest(String method, String path, String query, int status, boolean insideBatch) {
}
