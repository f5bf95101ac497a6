package io.userflowsync.model;

/**
 * How Graph authenticates to a connector's {@code targetUrl}: the two kinds of
 * {@code apiAuthenticationConfigurationBase} that v1.0 can set (resources/basicauthentication.md and
 * resources/pkcs12certificate.md in microsoftgraph/microsoft-graph-docs-contrib). Secrets are references only.
 */
public sealed interface ConnectorAuthentication {

    /** {@code basic} or {@code certificate}, as the desired state writes it. */
    String type();

    /** {@code #microsoft.graph.basicAuthentication}: a username and a password. */
    record Basic(String username, SecretRef password) implements ConnectorAuthentication {
        public String type() {
            return "basic";
        }
    }

    /**
     * {@code #microsoft.graph.pkcs12Certificate}: a PKCS#12 file and its password; Graph reads it back only as
     * {@code clientCertificateAuthentication.certificateList[]} (thumbprint and validity).
     */
    record Certificate(SecretRef.File pkcs12, SecretRef password) implements ConnectorAuthentication {
        public String type() {
            return "certificate";
        }
    }
}
