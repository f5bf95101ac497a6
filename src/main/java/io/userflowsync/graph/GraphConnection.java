package io.userflowsync.graph;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import org.apache.camel.CamelContext;

import java.time.Clock;
import java.time.Duration;

/** Builds the Graph client from settings: where Graph and the authority are, which app, how patient to be. */
public final class GraphConnection {
    private GraphConnection() {
    }

    public static GraphClient open(CamelContext camel, Settings settings) {
        CamelHttpTransport http = new CamelHttpTransport(camel,
                Duration.ofSeconds(settings.integer(Setting.GRAPH_CONNECT_TIMEOUT_SECONDS)),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_RESPONSE_TIMEOUT_SECONDS)));
        RetryPolicy retry = RetryPolicy.of(settings.integer(Setting.GRAPH_MAX_ATTEMPTS),
                Duration.ofSeconds(settings.integer(Setting.GRAPH_MAX_RETRY_AFTER_SECONDS)));
        String graph = settings.required(Setting.GRAPH_ENDPOINT);
        ClientSecretCredential credential = new ClientSecretCredential(http, retry,
                settings.required(Setting.AUTHORITY_HOST), settings.required(Setting.TENANT_ID),
                settings.required(Setting.CLIENT_ID),
                settings.requiredSecret(Setting.CLIENT_SECRET),
                graph, Clock.systemUTC());
        return new GraphClient(new GraphCaller(http, retry, credential), graph);
    }
}
