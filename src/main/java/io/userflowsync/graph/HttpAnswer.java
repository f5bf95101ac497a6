package io.userflowsync.graph;

import java.util.Optional;

/** What came back: status, the few headers we use, and the body. */
record HttpAnswer(int status, Optional<String> retryAfter, Optional<String> requestId, byte[] body) {
    boolean ok() {
        return status >= 200 && status < 300;
    }
}
