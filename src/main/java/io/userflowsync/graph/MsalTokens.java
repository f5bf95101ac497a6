package io.userflowsync.graph;

import com.microsoft.aad.msal4j.ClientCredentialParameters;
import com.microsoft.aad.msal4j.ConfidentialClientApplication;
import com.microsoft.aad.msal4j.IAuthenticationResult;
import com.microsoft.aad.msal4j.IClientCredential;
import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.SettingsException;
import io.userflowsync.model.GraphError;

import java.net.MalformedURLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * App-only tokens from msal4j's {@link ConfidentialClientApplication}, for the credentials msal4j signs or passes
 * on: a certificate or a federated token.
 *
 * <p>The token is cached here, as {@link ClientSecretCredential} caches its own (renewed 5 minutes before it expires,
 * or at half its life if that is shorter; forgotten when Graph refuses it), and every request that reaches msal4j
 * skips msal4j's cache ({@code skipCache(true)}). One policy for the three credentials; and msal4j's cache misses
 * whenever the authority URL has a port: against the simulator every lookup logged "Token not found in the cache"
 * (msal4j keys its instance metadata by the host without the port, and its cache entries by host and port).
 *
 * <p>How msal4j is set up, and why:
 * <ul>
 *   <li>its HTTP goes through {@link MsalHttpClient} (the agent's timeouts, retries, metrics, scrubbing), with its
 *       own retries off;</li>
 *   <li>instance discovery and authority validation off: the authority is the tenant's own ({@code
 *       {AZURE_AUTHORITY_HOST}/{tenant}/}), so nothing needs discovering, and no request goes anywhere but the token
 *       endpoint (msal4j 1.26.1 sends none even with them on, for client credentials; off makes it certain);</li>
 *   <li>it runs in the caller's thread, so a run that is stopped stops its token request too;</li>
 *   <li>PII logging off (its default), and its loggers off ({@code cli/StderrLogging}): on a failure msal4j logs the
 *       answer's raw {@code error_description} at WARN, which an endpoint that echoes the request fills with the
 *       assertion. The agent reports every failure itself, made safe.</li>
 * </ul>
 */
final class MsalTokens {
    /** Makes the tokens of one credential; the settings (authority, tenant, client, Graph) are bound already. */
    @FunctionalInterface
    interface Factory {
        MsalTokens create(IClientCredential credential);
    }

    /** msal4j's futures complete in the calling thread. */
    private static final class CallerThread extends AbstractExecutorService {
        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    /** Renew this long before expiry, so a token never runs out in the middle of a run. */
    private static final Duration EARLY_RENEWAL = Duration.ofMinutes(5);

    private final ConfidentialClientApplication app;
    private final MsalHttpClient http;
    private final GraphErrors errors;
    private final SecretScrubber.Slot tokenSlot;
    private final String scope;
    private final String clientId;
    private final Clock clock;
    private String cachedToken;
    private Instant renewAt = Instant.MIN;

    MsalTokens(RetryingSender sender, SecretScrubber scrubber, String authorityHost, String tenantId, String clientId,
               IClientCredential credential, String graphEndpoint, Clock clock) {
        this.http = new MsalHttpClient(sender, scrubber.slot());
        this.errors = sender.errors();
        this.tokenSlot = scrubber.slot();
        this.scope = ClientSecretCredential.trimSlash(graphEndpoint) + "/.default";
        this.clientId = clientId;
        this.clock = clock;
        String authority = ClientSecretCredential.trimSlash(authorityHost) + "/" + tenantId + "/";
        try {
            this.app = ConfidentialClientApplication.builder(clientId, credential)
                    .authority(authority)
                    .instanceDiscovery(false)
                    .validateAuthority(false)
                    .logPii(false)
                    .sendX5c(false)
                    .disableInternalRetries()
                    .httpClient(http)
                    .executorService(new CallerThread())
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new SettingsException(authorityProblem(authorityHost));
        }
    }

    /** Why msal4j refuses this authority host, or empty; msal4j only speaks to an HTTPS authority. */
    static Optional<String> checkAuthorityHost(String authorityHost) {
        return authorityHost.regionMatches(true, 0, "https://", 0, 8) ? Optional.empty()
                : Optional.of(authorityProblem(authorityHost));
    }

    private static String authorityProblem(String authorityHost) {
        return "setting " + Setting.AUTHORITY_HOST.key() + " (" + Setting.AUTHORITY_HOST.envName() + ") must be an"
                + " https:// URL for a certificate or workload identity credential (msal4j talks to no other"
                + " authority), got '" + authorityHost + "'";
    }

    synchronized String token(String doing) throws GraphException {
        if (cachedToken != null && clock.instant().isBefore(renewAt)) {
            return cachedToken;
        }
        ClientCredentialParameters parameters = ClientCredentialParameters.builder(Set.of(scope))
                .skipCache(true).build();
        http.forgetLastAnswer();
        try {
            IAuthenticationResult result = app.acquireToken(parameters).get();
            String token = result.accessToken();
            tokenSlot.set(token);
            Instant now = clock.instant();
            Duration lifetime = Duration.between(now, result.expiresOnDate().toInstant());
            Duration early = lifetime.compareTo(EARLY_RENEWAL.multipliedBy(2)) < 0 ? lifetime.dividedBy(2)
                    : EARLY_RENEWAL;
            cachedToken = token;
            renewAt = now.plus(lifetime).minus(early);
            return token;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphException(doing, new GraphError(0, "interrupted", "run cancelled", Optional.empty()));
        } catch (ExecutionException e) {
            throw failure(doing, e.getCause());
        }
    }

    synchronized void invalidate() {
        cachedToken = null;
        renewAt = Instant.MIN;
    }

    String clientId() {
        return clientId;
    }

    /**
     * What went wrong, made safe: the agent's own exception (no answer; the token file), else the error answer as
     * {@link GraphErrors} reads it, else msal4j's message.
     */
    private GraphException failure(String doing, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof GraphException g) {
                return new GraphException(doing, g.error());
            }
            if (t instanceof CredentialMaterialException m) {
                return new GraphException(doing, new GraphError(0, m.code(), errors.safe(m.getMessage()),
                        Optional.empty()));
            }
        }
        Optional<HttpAnswer> answer = http.lastAnswer().filter(a -> !a.ok());
        if (answer.isPresent()) {
            return new GraphException(doing, errors.from(answer.get()));
        }
        String message = cause == null ? "" : cause.getMessage();
        return new GraphException(doing, new GraphError(answer.map(HttpAnswer::status).orElse(0), "msal4j",
                errors.safe(message == null ? cause.getClass().getSimpleName() : message), Optional.empty()));
    }
}
