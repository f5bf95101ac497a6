package io.userflowsync.review;

/**
 * A pull-request comment that could not be posted: the reason in words (which API answered what, and what to do
 * about it). The message never holds the token, a header or a request body; only the method, the path and the API's
 * own {@code message}.
 */
public final class ReviewException extends RuntimeException {
    public ReviewException(String message) {
        super(message);
    }
}
