package io.userflowsync.graph;

/**
 * The credential's material could not be had when a token was asked for (the federated token file is gone or empty):
 * thrown inside msal4j's callback and turned back into a {@link GraphException} by {@link MsalTokens}.
 */
final class CredentialMaterialException extends RuntimeException {
    private final String code;

    CredentialMaterialException(String code, String message) {
        super(message);
        this.code = code;
    }

    String code() {
        return code;
    }
}
