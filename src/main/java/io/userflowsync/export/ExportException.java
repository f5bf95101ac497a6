package io.userflowsync.export;

/** The export cannot be written where it was asked to go (a file that exists, a path that is no folder, ...). */
public class ExportException extends Exception {
    public ExportException(String message) {
        super(message);
    }
}
