package io.userflowsync.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The per-tenant setting family (issue 9, item 3): {@code sync.tenants.<name>.<key>} for the keys that say which
 * directory a tenant is and how the agent signs in to it, environment variable {@code SYNC_TENANTS_<NAME>_<ENV>} by the
 * same convention as every setting. One enum constant per key, not per tenant: tenant names are data, so the family
 * is documented once (a docs/settings.md row and a properties line with {@code <name>}). Each member mirrors a {@link Setting} that a
 * single-tenant agent reads; a tenant's view of the settings ({@link Settings#forTenant}) replaces those.
 */
public enum TenantSetting {
    TENANT_ID(Setting.TENANT_ID, false),
    CLIENT_ID(Setting.CLIENT_ID, false),
    CLIENT_SECRET(Setting.CLIENT_SECRET, false),
    CLIENT_CERTIFICATE_PATH(Setting.CLIENT_CERTIFICATE_PATH, false),
    CLIENT_CERTIFICATE_PASSWORD(Setting.CLIENT_CERTIFICATE_PASSWORD, false),
    FEDERATED_TOKEN_FILE(Setting.FEDERATED_TOKEN_FILE, false),
    /** These two fall back to the global setting: one cloud for every tenant is the common case. */
    AUTHORITY_HOST(Setting.AUTHORITY_HOST, true),
    GRAPH_ENDPOINT(Setting.GRAPH_ENDPOINT, true);

    public static final String PREFIX = "sync.tenants.";
    /** How docs/settings.md and application.properties write the tenant's place in a key. */
    public static final String NAME_PLACEHOLDER = "<name>";

    /**
     * Lower case, digits and {@code -}: the name is part of a setting key and its environment variable ({@code -}
     * turns into {@code _}; no {@code _} in names keeps that mapping one-to-one), a metric label and a leadership
     * namespace.
     */
    public static final Pattern TENANT_NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,39}");

    /** A key of the family, parsed: which tenant, which member. */
    public record TenantKey(String tenant, TenantSetting setting) {
    }

    private final Setting global;
    private final boolean fallsBackToGlobal;

    TenantSetting(Setting global, boolean fallsBackToGlobal) {
        this.global = global;
        this.fallsBackToGlobal = fallsBackToGlobal;
    }

    /** The single-tenant setting this member replaces in a tenant's view. */
    public Setting global() {
        return global;
    }

    /**
     * Whether a tenant without this key takes the global value. The sign-in keys do not: a tenant that forgot its
     * secret must not sign in with another tenant's, and a certificate of its own must not meet a global secret.
     */
    public boolean fallsBackToGlobal() {
        return fallsBackToGlobal;
    }

    public String key(String tenant) {
        return PREFIX + tenant + "." + global.key();
    }

    public String envName(String tenant) {
        return key(tenant).toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** {@code sync.tenants.<name>.azure.tenant.id}, as documented. */
    public String familyKey() {
        return key(NAME_PLACEHOLDER);
    }

    /** {@code SYNC_TENANTS_<NAME>_AZURE_TENANT_ID}, as documented. */
    public String familyEnvName() {
        return envName(NAME_PLACEHOLDER);
    }

    public boolean secret() {
        return global.secret();
    }

    public static Optional<TenantSetting> byGlobal(Setting s) {
        return Arrays.stream(values()).filter(t -> t.global == s).findFirst();
    }

    /** {@code sync.tenants.dev.azure.client.id} → (dev, CLIENT_ID); a key outside the family, or a bad name, is empty. */
    public static Optional<TenantKey> parse(String key) {
        if (!key.startsWith(PREFIX)) {
            return Optional.empty();
        }
        String rest = key.substring(PREFIX.length());
        int dot = rest.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String tenant = rest.substring(0, dot);
        String member = rest.substring(dot + 1);
        if (!TENANT_NAME.matcher(tenant).matches()) {
            return Optional.empty();
        }
        return Arrays.stream(values()).filter(t -> t.global.key().equals(member)).findFirst()
                .map(t -> new TenantKey(tenant, t));
    }
}
