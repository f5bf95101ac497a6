package io.userflowsync.connector;

import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SourceLocation;

import java.util.List;
import java.util.Optional;

/**
 * One planned write to a managed connector (issue 9, item 1).
 *
 * @param connectorId the connector written; empty for a create
 * @param fields      what changes, in the order a person reads it; a secret's values are never in it
 * @param sendsSecret whether the write carries the password or the PKCS#12 (shown as {@code (sensitive)})
 * @param desired     the desired connector (empty for a delete)
 */
public record ConnectorChange(String key, Action action, Optional<String> connectorId, String displayName,
                              List<FieldChange> fields, boolean sendsSecret, Optional<ManagedConnector> desired,
                              Optional<SourceLocation> location) {
    public ConnectorChange {
        fields = List.copyOf(fields);
    }

    /** POST (create), PATCH (update), POST uploadClientCertificate, DELETE: one Graph call each. */
    public enum Action { CREATE, UPDATE, UPLOAD_CERTIFICATE, DELETE }

    /** A field that changes; {@code to} is {@code (sensitive)} for a secret, whose value is never shown. */
    public record FieldChange(String field, Optional<String> from, String to) {
        public static final String SENSITIVE = "(sensitive)";
    }
}
