package io.userflowsync.graph;

import java.util.Map;
import java.util.Optional;

/** One HTTP request to Graph or the token endpoint: absolute URL, method, headers, optional body. */
record HttpCall(String method, String url, Map<String, String> headers, Optional<byte[]> body) {
    HttpCall {
        headers = Map.copyOf(headers);
    }
}
