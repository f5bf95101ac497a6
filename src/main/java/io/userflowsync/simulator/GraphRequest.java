package io.userflowsync.simulator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One Graph request, outer or inside a {@code $batch}, as the dispatcher sees it.
 *
 * @param fullPath decoded path with the version, e.g. {@code /v1.0/identity/apiConnectors}; what fault rules match
 * @param version  the first path segment ({@code v1.0}, {@code beta}, or something Graph refuses)
 * @param segments the decoded segments after the version
 * @param query    decoded query options; the dollar-less forms Graph also accepts ({@code expand}) are stored under
 *                 their {@code $} name
 */
record GraphRequest(String method, String fullPath, String version, List<String> segments,
                    Map<String, String> query, byte[] body) {

    private static final Set<String> DOLLAR_LESS_OPTIONS = Set.of("expand", "top", "skiptoken", "select", "filter");

    GraphRequest {
        segments = List.copyOf(segments);
        query = Map.copyOf(query);
    }

    /** From a decoded path such as {@code /v1.0/identity/b2xUserFlows} and a raw (still encoded) query. */
    static GraphRequest of(String method, String decodedPath, String rawQuery, byte[] body) {
        List<String> parts = new ArrayList<>(Arrays.asList(decodedPath.split("/", -1)));
        parts.remove(0); // the empty string before the leading '/'
        while (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
            parts.remove(parts.size() - 1); // a trailing '/' is not a segment
        }
        String version = parts.isEmpty() ? "" : parts.get(0);
        List<String> segments = parts.isEmpty() ? List.of() : parts.subList(1, parts.size());
        return new GraphRequest(method, decodedPath, version, segments, parseQuery(rawQuery), body);
    }

    /** Throws IllegalArgumentException on a malformed percent escape. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> options = new LinkedHashMap<>();
        UrlEncoded.decode(rawQuery).forEach((name, value) ->
                options.putIfAbsent(DOLLAR_LESS_OPTIONS.contains(name) ? "$" + name : name, value));
        return options;
    }

    boolean isBatch() {
        return segments.equals(List.of("$batch"));
    }
}
