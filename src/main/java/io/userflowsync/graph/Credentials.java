package io.userflowsync.graph;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** The credential the settings name (see {@link CredentialKind}), checked before Camel starts and built for the client. */
public final class Credentials {
    private static final Logger LOG = LoggerFactory.getLogger(Credentials.class);

    private Credentials() {
    }

    /**
     * Every problem with the credential settings at once: tenant and client ids, which credential, and its material
     * (the certificate file opens and is valid now; the token file is there), so a typo is one clear line before
     * anything starts.
     */
    public static List<String> problems(Settings settings, Clock clock) {
        List<String> problems = new ArrayList<>();
        attempt(problems, () -> settings.required(Setting.TENANT_ID));
        attempt(problems, () -> settings.required(Setting.CLIENT_ID));
        Optional<CredentialKind> kind = attempt(problems, () -> CredentialKind.choose(settings).kind());
        if (kind.isPresent() && kind.get() != CredentialKind.CLIENT_SECRET) {
            MsalTokens.checkAuthorityHost(settings.required(Setting.AUTHORITY_HOST)).ifPresent(problems::add);
        }
        if (kind.equals(Optional.of(CredentialKind.CERTIFICATE))) {
            attempt(problems, () -> certificate(settings, clock));
        }
        if (kind.equals(Optional.of(CredentialKind.WORKLOAD_IDENTITY))) {
            Path file = Path.of(settings.required(Setting.FEDERATED_TOKEN_FILE));
            String where = "the federated token file " + file + " (" + Setting.FEDERATED_TOKEN_FILE.envName() + ")";
            if (!Files.exists(file)) {
                problems.add(where + " does not exist");
            } else if (!Files.isReadable(file) || Files.isDirectory(file)) {
                problems.add(where + " cannot be read");
            }
        }
        settings.optional(Setting.GRAPH_CA_FILE).ifPresent(ca -> attempt(problems,
                () -> ExtraTrust.trustManager(Path.of(ca))));
        return problems;
    }

    /** The credential, its kind and details logged once (never the material); warnings about what it passed over. */
    static Credential open(Settings settings, RetryingSender tokenSender, SecretScrubber scrubber, Clock clock) {
        CredentialKind.Choice choice = CredentialKind.choose(settings);
        choice.warnings().forEach(LOG::warn);
        String authority = settings.required(Setting.AUTHORITY_HOST);
        String tenant = settings.required(Setting.TENANT_ID);
        String client = settings.required(Setting.CLIENT_ID);
        String graph = settings.required(Setting.GRAPH_ENDPOINT);
        MsalTokens.Factory msal = c -> new MsalTokens(tokenSender, scrubber, authority, tenant, client, c, graph,
                clock);
        Credential credential = switch (choice.kind()) {
            case CLIENT_SECRET -> new ClientSecretCredential(tokenSender, scrubber.slot(), authority, tenant, client,
                    scrubber.remember(settings.requiredSecret(Setting.CLIENT_SECRET)), graph, clock);
            case CERTIFICATE -> new CertificateCredential(msal, certificate(settings, clock));
            case WORKLOAD_IDENTITY -> new WorkloadIdentityCredential(msal,
                    Path.of(settings.required(Setting.FEDERATED_TOKEN_FILE)), scrubber);
        };
        LOG.info("Credential: {} (tenant {}, authority {})", credential.describe(), tenant, authority);
        return credential;
    }

    private static ClientCertificateFile certificate(Settings settings, Clock clock) {
        return ClientCertificateFile.load(Path.of(settings.required(Setting.CLIENT_CERTIFICATE_PATH)),
                settings.secret(Setting.CLIENT_CERTIFICATE_PASSWORD), clock.instant());
    }

    private static <T> Optional<T> attempt(List<String> problems, Supplier<T> check) {
        try {
            return Optional.of(check.get());
        } catch (SettingsException e) {
            problems.add(e.getMessage());
            return Optional.empty();
        }
    }
}
