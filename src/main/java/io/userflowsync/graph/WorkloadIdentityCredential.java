package io.userflowsync.graph;

import com.microsoft.aad.msal4j.ClientCredentialFactory;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * App-only tokens by workload identity federation ({@code AZURE_FEDERATED_TOKEN_FILE}): the federated token in the
 * file is the client assertion (Microsoft identity platform, "Workload identity federation"; Azure Workload Identity
 * for AKS). The file is read again for every token request, because the kubelet rotates the projected service
 * account token in place (by default hourly), and a token read at start would expire with the first.
 */
final class WorkloadIdentityCredential implements Credential {
    private final MsalTokens tokens;
    private final Path tokenFile;

    WorkloadIdentityCredential(MsalTokens.Factory tokens, Path tokenFile, SecretScrubber scrubber) {
        this.tokenFile = tokenFile;
        SecretScrubber.Slot federatedToken = scrubber.slot();
        this.tokens = tokens.create(ClientCredentialFactory.createFromCallback(() -> {
            String token = read(tokenFile);
            federatedToken.set(token);
            return token;
        }));
    }

    @Override
    public String token() throws GraphException {
        return tokens.token("getting an access token for client " + tokens.clientId()
                + " with the federated token in " + tokenFile);
    }

    @Override
    public void invalidate() {
        tokens.invalidate();
    }

    @Override
    public String describe() {
        return CredentialKind.WORKLOAD_IDENTITY.label() + " for client " + tokens.clientId() + ": token file "
                + tokenFile + ", read at every token request";
    }

    private static String read(Path file) {
        String where = "the federated token file " + file + " (" + Setting.FEDERATED_TOKEN_FILE.envName() + ")";
        try {
            String token = Files.readString(file, StandardCharsets.US_ASCII).strip();
            if (token.isEmpty()) {
                throw new CredentialMaterialException("federated_token_empty", where + " is empty");
            }
            return token;
        } catch (NoSuchFileException e) {
            throw new CredentialMaterialException("federated_token_missing", where + " does not exist");
        } catch (IOException e) {
            throw new CredentialMaterialException("federated_token_unreadable", where + " cannot be read: "
                    + e.getClass().getSimpleName());
        }
    }
}
