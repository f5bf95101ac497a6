package io.userflowsync.simulator;

import com.sun.net.httpserver.Headers;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;

/**
 * A request written out as a misbehaving proxy echoes it into an error message ({@link FaultRule#echoesRequest()}):
 * everything, secrets included, on purpose. Only ever built for a fault that asks for it.
 */
final class RequestEcho {

    private RequestEcho() {
    }

    /** An outer request: method, path and query, raw body and, for a form, its decoded fields, then the headers. */
    static String of(String method, URI uri, Headers headers, byte[] body) {
        StringBuilder echo = new StringBuilder(method).append(' ').append(uri.getRawPath());
        if (uri.getRawQuery() != null) {
            echo.append('?').append(uri.getRawQuery());
        }
        String text = new String(body, StandardCharsets.UTF_8);
        echo.append("\nbody: ").append(text);
        String contentType = headers.getFirst("Content-Type");
        if (contentType != null && contentType.startsWith("application/x-www-form-urlencoded")) {
            try {
                echo.append("\nform fields: ").append(UrlEncoded.decode(text));
            } catch (IllegalArgumentException malformed) {
                echo.append("\nform fields: (malformed)");
            }
        }
        new TreeMap<>(headers).forEach((name, values) -> echo.append("\n").append(name).append(": ")
                .append(String.join(", ", values)));
        return echo.toString();
    }

    /** An outer request's line and headers, without the body: how a {@code $batch} is echoed for a request in it. */
    static String lineAndHeaders(String method, URI uri, Headers headers) {
        StringBuilder echo = new StringBuilder(method).append(' ').append(uri.getRawPath());
        new TreeMap<>(headers).forEach((name, values) -> echo.append("\n").append(name).append(": ")
                .append(String.join(", ", values)));
        return echo.toString();
    }

    /** A request inside a {@code $batch}: method, path and body (its headers are not kept). */
    static String of(GraphRequest request) {
        return request.method() + " " + request.fullPath() + "\nbody: " + new String(request.body(), StandardCharsets.UTF_8);
    }
}
