package io.userflowsync.connector;

import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;

import java.util.List;
import java.util.Optional;

/**
 * One planned write to a managed connector, or to a managed custom authentication extension of an external tenant:
 * the things a step calls, managed as code the same way.
 *
 * @param connectorId the connector (or extension) written; empty for a create
 * @param fields      what changes, in the order a person reads it; a secret's values are never in it
 * @param sendsSecret whether the write carries the password or the PKCS#12 (shown as {@code (sensitive)})
 * @param desired     the desired connector (empty for a delete, and for an extension)
 * @param target      what is written
 * @param extension   the desired extension, for {@link Target#EXTENSION}
 */
public record ConnectorChange(String key, Action action, Optional<String> connectorId, String displayName,
                              List<FieldChange> fields, boolean sendsSecret, Optional<ManagedConnector> desired,
                              Optional<SourceLocation> location, Target target, Optional<ManagedExtension> extension) {
    public ConnectorChange {
        fields = List.copyOf(fields);
    }

    /** A change to an API connector. */
    public ConnectorChange(String key, Action action, Optional<String> connectorId, String displayName,
                           List<FieldChange> fields, boolean sendsSecret, Optional<ManagedConnector> desired,
                           Optional<SourceLocation> location) {
        this(key, action, connectorId, displayName, fields, sendsSecret, desired, location, Target.CONNECTOR,
                Optional.empty());
    }

    /** A change to a custom authentication extension: it never carries a secret. */
    public static ConnectorChange ofExtension(Action action, Optional<String> id, List<FieldChange> fields,
                                              ManagedExtension extension) {
        return new ConnectorChange(extension.key(), action, id, extension.displayName(), fields, false,
                Optional.empty(), Optional.of(extension.location()), Target.EXTENSION, Optional.of(extension));
    }

    /**
     * An {@code identityApiConnector} ({@code /identity/apiConnectors}) or a {@code customAuthenticationExtension}
     * ({@code /identity/customAuthenticationExtensions}, beta); {@link #noun} is how plans name it.
     */
    public enum Target {
        CONNECTOR("connector"), EXTENSION("extension");

        private final String noun;

        Target(String noun) {
            this.noun = noun;
        }

        public String noun() {
            return noun;
        }
    }

    /** POST (create), PATCH (update), POST uploadClientCertificate, DELETE: one Graph call each. */
    public enum Action { CREATE, UPDATE, UPLOAD_CERTIFICATE, DELETE }

    /** A field that changes; {@code to} is {@code (sensitive)} for a secret, whose value is never shown. */
    public record FieldChange(String field, Optional<String> from, String to) {
        public static final String SENSITIVE = "(sensitive)";
    }
}
