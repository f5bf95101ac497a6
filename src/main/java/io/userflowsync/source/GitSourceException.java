package io.userflowsync.source;

import io.userflowsync.model.SourceRevision;

import java.util.Objects;
import java.util.Optional;

/**
 * The desired state could not be taken from Git. The message names the (redacted) remote and what to check; it
 * never holds a credential.
 */
public class GitSourceException extends Exception {

    /** What went wrong, so the caller can tell "source broken" from "this revision is broken". */
    public enum Kind {
        /** The settings cannot work (missing known_hosts, unreadable secret, bad key...). */
        CONFIGURATION,
        /** The remote could not be reached, refused the credentials, or the transfer failed. */
        UNREACHABLE,
        /** The configured ref (branch, tag, commit) does not exist on the remote. */
        REF_NOT_FOUND,
        /** The revision exists but does not hold the configured path; {@link #revision()} names it. */
        PATH_NOT_IN_REVISION,
        /** Signatures are required and the revision's commit is not signed by an allowed key; {@link #revision()} names it. */
        UNTRUSTED_REVISION,
        /** The local clone or snapshot area could not be written or read. */
        LOCAL_STORAGE
    }

    private final Kind kind;
    private final transient Optional<SourceRevision> revision;

    public GitSourceException(Kind kind, String message, Optional<SourceRevision> revision) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.revision = Objects.requireNonNull(revision, "revision");
    }

    public Kind kind() {
        return kind;
    }

    /** The revision the problem belongs to, when one was resolved. */
    public Optional<SourceRevision> revision() {
        return revision;
    }
}
