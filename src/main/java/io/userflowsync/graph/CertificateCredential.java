package io.userflowsync.graph;

import com.microsoft.aad.msal4j.ClientCredentialFactory;

/**
 * App-only tokens with a certificate ({@code AZURE_CLIENT_CERTIFICATE_PATH}): msal4j signs a client assertion (a JWT
 * with the token endpoint as audience, valid 10 minutes) with the private key for each token request (Microsoft
 * identity platform, "Certificate credentials"). The file is read once, at start.
 */
final class CertificateCredential implements Credential {
    private final MsalTokens tokens;
    private final ClientCertificateFile certificate;

    CertificateCredential(MsalTokens.Factory tokens, ClientCertificateFile certificate) {
        this.certificate = certificate;
        this.tokens = tokens.create(ClientCredentialFactory.createFromCertificate(certificate.key(),
                certificate.certificate()));
    }

    @Override
    public String token() throws GraphException {
        return tokens.token("getting an access token for client " + tokens.clientId() + " with "
                + certificate.describe());
    }

    @Override
    public void invalidate() {
        tokens.invalidate();
    }

    @Override
    public String describe() {
        return CredentialKind.CERTIFICATE.label() + " for client " + tokens.clientId() + ": " + certificate.describe();
    }
}
