package io.userflowsync.source;

/** The desired state's source cannot be read and there is nothing safe to fall back on: the run does nothing. */
public class SourceUnavailableException extends Exception {
    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
