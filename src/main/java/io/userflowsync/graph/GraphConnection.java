package io.userflowsync.graph;

import io.userflowsync.config.SecretScrubber;
import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import org.apache.camel.CamelContext;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Builds the Graph client from settings: where Graph and the authority are, which app, how patient to be. */
public final class GraphConnection {
    private GraphConnection() {
    }

    /** A client that masks the secret settings in whatever it prints, and reports its requests to nobody. */
    public static GraphClient open(CamelContext camel, Settings settings) {
        return open(camel, settings, SecretScrubber.of(settings), GraphObserver.NONE);
    }

    /**
     * A client that masks every secret {@code scrubber} knows (and the client secret, client assertions, federated
     * tokens and access tokens, which it adds) in the text of answers, and tells {@code observer} about each request.
     * The credential is the one the settings choose ({@link CredentialKind}); it is logged once, never its material.
     */
    public static GraphClient open(CamelContext camel, Settings settings, SecretScrubber scrubber,
                                   GraphObserver observer) {
        // Before the transport makes its first endpoint: the https component's connection pool takes it then.
        settings.optional(Setting.GRAPH_CA_FILE).ifPresent(ca -> ExtraTrust.apply(camel, Path.of(ca)));
        CamelHttpTransport http = new CamelHttpTransport(camel,
                Duration.ofSeconds(settings.integer(Setting.GRAPH_CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_RESPONSE_TIMEOUT_SECONDS)));
        RetryPolicy retry = RetryPolicy.of(settings.integer(Setting.GRAPH_MAX_ATTEMPTS),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_MAX_RETRY_AFTER_SECONDS)));
        String graph = settings.required(Setting.GRAPH_ENDPOINT);
        GraphErrors errors = new GraphErrors(scrubber);
        Credential credential = Credentials.open(settings,
                new RetryingSender(http, retry, errors, (method, status, elapsed) -> observer.tokenRequest(status, elapsed)),
                scrubber, Clock.systemUTC());
        RetryingSender graphSender = new RetryingSender(http, retry, errors, observer::graphRequest);
        return new GraphClient(new GraphCaller(graphSender, credential), graph);
    }
}
