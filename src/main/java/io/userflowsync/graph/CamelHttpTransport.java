package io.userflowsync.graph;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.http.HttpComponent;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * Sends {@link HttpCall}s through Camel's camel-http component (Apache HttpClient 5 underneath, pooled per host).
 * The endpoint is chosen by scheme and authority; the full URL travels in the {@code CamelHttpUri} header so that
 * absolute {@code @odata.nextLink}s and the token endpoint go through the same producer code.
 */
public final class CamelHttpTransport {
    private final ProducerTemplate template;
    private final String endpointOptions;

    /**
     * @param connections the keep-alive connections to keep per host: the Graph client's concurrency and one more
     *                    for a token renewed while they are all busy (where the token endpoint shares the host)
     */
    public CamelHttpTransport(CamelContext camel, Duration connectTimeout, Duration responseTimeout, int connections) {
        for (String scheme : new String[] {"http", "https"}) {
            HttpComponent component = camel.getComponent(scheme, HttpComponent.class);
            // Component options, read when an endpoint (one per host here, so one pool per host) creates its pooled
            // connection manager: as many keep-alive connections as requests may be in flight (Camel's defaults,
            // 20 per route and 200 in all, would cap a higher graph.max-concurrency at 20). Given in the endpoint
            // URI they would be sent to the server as query parameters, as cookieManagementDisabled was.
            component.setConnectionsPerRoute(connections);
            component.setMaxTotalConnections(connections);
            // RetryingSender owns retries (Retry-After, attempts, logging); HttpClient's own would retry 429/503 behind it.
            component.setAutomaticRetriesDisabled(true);
            // A component option: in the endpoint URI camel-http does not apply it but sends it to the server as a
            // query parameter (PUT .../$ref?cookieManagementDisabled=true), and cookies were kept.
            component.setCookieManagementDisabled(true);
        }
        this.template = camel.createProducerTemplate();
        // Only endpoint options here, and the timeouts, which HttpComponent takes out of the URI itself.
        this.endpointOptions = "throwExceptionOnFailure=false&followRedirects=false"
                + "&connectTimeout=" + connectTimeout.toMillis()
                + "&connectionRequestTimeout=" + connectTimeout.toMillis()
                + "&responseTimeout=" + responseTimeout.toMillis()
                + "&soTimeout=" + responseTimeout.toMillis();
    }

    HttpAnswer send(HttpCall call) throws IOException {
        URI uri = URI.create(call.url());
        String endpoint = uri.getScheme() + "://" + uri.getRawAuthority() + "?" + endpointOptions;
        Exchange answer = template.send(endpoint, exchange -> {
            Message in = exchange.getMessage();
            in.setHeader(Exchange.HTTP_METHOD, call.method());
            // camel-http takes the query from its own header, not from CamelHttpUri.
            in.setHeader(Exchange.HTTP_URI, uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
            if (uri.getRawQuery() != null) {
                in.setHeader(Exchange.HTTP_QUERY, uri.getRawQuery());
            }
            in.setHeader("User-Agent", UserAgent.of(exchange.getContext()));
            call.headers().forEach(in::setHeader);
            in.setBody(call.body().orElse(null));
        });
        Exception failure = answer.getException();
        if (failure != null) {
            // Connection refused, timeout, TLS: no HTTP answer at all. The message names the host, never headers.
            throw new IOException(failure.getClass().getSimpleName() + " calling " + uri.getScheme() + "://"
                    + uri.getRawAuthority() + uri.getRawPath() + ": " + failure.getMessage(), failure);
        }
        Message out = answer.getMessage();
        Integer status = out.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        byte[] body = out.getBody(byte[].class);
        return new HttpAnswer(status == null ? 0 : status,
                Optional.ofNullable(out.getHeader("Retry-After", String.class)),
                Optional.ofNullable(out.getHeader("request-id", String.class)),
                body == null ? new byte[0] : body);
    }

}
