package io.userflowsync.graph;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;

import java.util.ArrayList;
import java.util.List;

/**
 * The three credentials an app registration can present, each named by the Azure SDK's environment variable, and
 * which one the settings choose (docs/credentials.md). The order follows the Azure SDK's {@code
 * DefaultAzureCredential}, whose environment credential (secret, then certificate) comes before workload identity:
 *
 * <ol>
 *   <li>{@code AZURE_CLIENT_SECRET}: the client secret;</li>
 *   <li>{@code AZURE_CLIENT_CERTIFICATE_PATH}: a certificate; set together with a secret it is refused, as nothing
 *       says which of the two the operator meant;</li>
 *   <li>{@code AZURE_FEDERATED_TOKEN_FILE}: workload identity. The AKS webhook sets it in every pod labelled for
 *       workload identity, so a secret or certificate set on purpose wins over it, with a warning.</li>
 * </ol>
 */
public enum CredentialKind {
    CLIENT_SECRET("client secret"),
    CERTIFICATE("certificate"),
    WORKLOAD_IDENTITY("workload identity (federated token)");

    private final String label;

    CredentialKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    /** The kind the settings choose and what to warn about; a {@link SettingsException} when they choose none. */
    public record Choice(CredentialKind kind, List<String> warnings) {
        public Choice {
            warnings = List.copyOf(warnings);
        }
    }

    public static Choice choose(Settings settings) {
        return choose(settings.secret(Setting.CLIENT_SECRET).isPresent(),
                settings.optional(Setting.CLIENT_CERTIFICATE_PATH).isPresent(),
                settings.secret(Setting.CLIENT_CERTIFICATE_PASSWORD).isPresent(),
                settings.optional(Setting.FEDERATED_TOKEN_FILE).isPresent());
    }

    /** Which settings are set decides; nothing else is looked at. */
    static Choice choose(boolean secret, boolean certificate, boolean certificatePassword, boolean tokenFile) {
        if (secret && certificate) {
            throw new SettingsException("two credentials are set, " + name(Setting.CLIENT_SECRET) + " and "
                    + name(Setting.CLIENT_CERTIFICATE_PATH) + "; set only the one the agent should use");
        }
        if (certificatePassword && !certificate) {
            throw new SettingsException(name(Setting.CLIENT_CERTIFICATE_PASSWORD) + " is set but "
                    + name(Setting.CLIENT_CERTIFICATE_PATH) + " is not: the password opens a certificate file");
        }
        List<String> warnings = new ArrayList<>();
        if ((secret || certificate) && tokenFile) {
            warnings.add(name(Setting.FEDERATED_TOKEN_FILE) + " is set too (the AKS workload identity webhook sets it)"
                    + " and is not used: " + (secret ? name(Setting.CLIENT_SECRET) : name(Setting.CLIENT_CERTIFICATE_PATH))
                    + " comes first. Unset it to use workload identity");
        }
        if (secret) {
            return new Choice(CLIENT_SECRET, warnings);
        }
        if (certificate) {
            return new Choice(CERTIFICATE, warnings);
        }
        if (tokenFile) {
            return new Choice(WORKLOAD_IDENTITY, warnings);
        }
        throw new SettingsException("no credential: set " + name(Setting.CLIENT_SECRET) + ", "
                + name(Setting.CLIENT_CERTIFICATE_PATH) + " or " + name(Setting.FEDERATED_TOKEN_FILE));
    }

    private static String name(Setting s) {
        return s.envName() + " (" + s.key() + ")";
    }
}
