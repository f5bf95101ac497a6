package io.userflowsync.savedplan;

/**
 * A plan file that cannot be used at all: unreadable, not a plan file, of an unknown version, or edited since it was
 * written. The message names the file and says why, for a person.
 */
public class PlanFileException extends Exception {
    public PlanFileException(String message) {
        super(message);
    }
}
