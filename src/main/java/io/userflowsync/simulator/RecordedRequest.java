package io.userflowsync.simulator;

/**
 * One request the simulator answered, as a test or the benchmark sees it afterwards.
 *
 * <p>Headers and bodies are deliberately absent: they carry the client secret, access tokens and connector
 * passwords. The request line is kept as sent ({@link #target()}), query included, so that a test can assert exact
 * request lines (issue 7 item 5); only for the token endpoint are the query's values replaced by {@code ***} (and
 * {@link #query()} is {@code ""}), as a careless client could put the secret there.
 *
 * @param method      HTTP method, upper case
 * @param path        percent-decoded path including the version, e.g.
 *                    {@code /v1.0/identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration/postFederationSignup/$ref};
 *                    for a request inside a {@code $batch} the version of the outer request is prefixed
 * @param query       percent-decoded query without the {@code ?}, or {@code ""}
 * @param status      the status the simulator answered
 * @param insideBatch whether this was one of the requests inside a {@code $batch}
 * @param target      the request target exactly as the client sent it, still encoded: raw path, then {@code ?} and
 *                    the raw query if there was one ({@code /v1.0/identity/b2xUserFlows?$select=id}); for a request
 *                    inside a {@code $batch}, its {@code url} exactly as written in the batch (relative to the
 *                    version, e.g. {@code /identity/b2xUserFlows/B2X_1_a/apiConnectorConfiguration?$expand=...})
 */
public record RecordedRequest(String method, String path, String query, int status, boolean insideBatch,
                              String target) {

    /** The request line without the protocol: {@code GET /v1.0/identity/apiConnectors?$select=id,displayName}. */
    public String line() {
        return method + " " + target;
    }
}
