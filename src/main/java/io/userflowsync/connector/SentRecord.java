package io.userflowsync.connector;

import java.util.Optional;

/**
 * What the agent last sent for one managed connector, as kept in the work dir by {@link SentRecords}: which
 * connector the key became, and the fingerprint of the password sent (never the password).
 *
 * @param passwordFingerprint empty for a certificate connector (certificates are compared by thumbprint)
 */
public record SentRecord(String connectorId, Optional<String> passwordFingerprint) {
}
