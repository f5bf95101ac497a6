package io.userflowsync.model;

import java.time.Instant;
import java.util.List;

/**
 * An {@code identityApiConnector} as Graph reads it back (resources/identityapiconnector.md): never a secret. Basic
 * authentication shows its username (the password reads {@code "******"}); certificate authentication shows the
 * public information of each uploaded certificate (resources/pkcs12certificateinformation.md).
 */
public record LiveConnector(String id, String displayName, String targetUrl, Authentication authentication) {

    public sealed interface Authentication {
    }

    /** {@code #microsoft.graph.basicAuthentication}. */
    public record Basic(String username) implements Authentication {
    }

    /** {@code #microsoft.graph.clientCertificateAuthentication}: thumbprints (upper-case SHA-1 hex) and validity. */
    public record Certificates(List<CertificateInfo> certificates) implements Authentication {
        public Certificates {
            certificates = List.copyOf(certificates);
        }
    }

    /** A type this agent does not manage; any desired authentication replaces it. */
    public record Other(String odataType) implements Authentication {
    }

    public record CertificateInfo(String thumbprint, Instant notBefore, Instant notAfter, boolean active) {
    }

    public Connector asConnector() {
        return new Connector(id, displayName);
    }
}
