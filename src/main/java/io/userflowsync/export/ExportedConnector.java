package io.userflowsync.export;

import java.util.Locale;
import java.util.Optional;

/**
 * A connector as {@code export --with-connectors} writes it into {@code connectors:} (issue 9, item 2): what Graph
 * reads back, with the secrets as placeholders. Graph never returns a secret (resources/identityapiconnector.md: the
 * password reads {@code "******"}), so a password becomes an {@code env:} reference to set before the first plan.
 *
 * @param username empty for a certificate connector
 */
record ExportedConnector(String key, String id, String displayName, String targetUrl, Optional<String> username) {

    /** {@code UCS_CONNECTOR_CHECK_PARTNER_DOMAIN}: the key, upper-case, anything but letters and digits as {@code _}. */
    String envPrefix() {
        return "UCS_CONNECTOR_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    String passwordEnv() {
        return envPrefix() + (username.isPresent() ? "_PASSWORD" : "_PFX_PASSWORD");
    }

    /** A certificate connector's PKCS#12, relative to where the agent runs. */
    String pkcs12File() {
        return key + ".pfx";
    }
}
