package io.userflowsync.config;

/**
 * Every setting of the agent, with its safe default. The property key is what {@code application.properties} and
 * {@code --set key=value} use; the environment variable is the key upper-cased with '.' and '-' turned into '_'
 * (the Azure SDK names for the credentials). docs/settings.md (and the pages it names) documents each one.
 */
public enum Setting {
    TENANT_ID("azure.tenant.id", null, false),
    CLIENT_ID("azure.client.id", null, false),
    CLIENT_SECRET("azure.client.secret", null, true),
    CLIENT_CERTIFICATE_PATH("azure.client.certificate.path", null, false),
    CLIENT_CERTIFICATE_PASSWORD("azure.client.certificate.password", null, true),
    FEDERATED_TOKEN_FILE("azure.federated.token.file", null, false),
    AUTHORITY_HOST("azure.authority.host", "https://login.microsoftonline.com", false),
    GRAPH_ENDPOINT("graph.endpoint", "https://graph.microsoft.com", false),
    GRAPH_CA_FILE("graph.ca-file", null, false),
    GRAPH_CONNECT_TIMEOUT_SECONDS("graph.connect-timeout-seconds", "10", false),
    GRAPH_RESPONSE_TIMEOUT_SECONDS("graph.response-timeout-seconds", "30", false),
    GRAPH_MAX_ATTEMPTS("graph.max-attempts", "5", false),
    GRAPH_MAX_RETRY_AFTER_SECONDS("graph.max-retry-after-seconds", "120", false),
    GRAPH_MAX_CONCURRENCY("graph.max-concurrency", "4", false),
    /**
     * The app's quota, spent as a budget: the most Graph requests in any sliding minute, each request inside a
     * {@code $batch} counted on its own; Graph's published 200 a minute per app per tenant (includes/throttling-cpim.md
     * in concepts/throttling-limits.md; concepts/json-batching.md). 0: no pacing.
     */
    GRAPH_QUOTA_PER_MINUTE("graph.quota-per-minute", "200", false),
    /**
     * Deprecated: {@link #GRAPH_QUOTA_PER_MINUTE}'s old name, still used when changed from 200 while the new one is
     * not (io.userflowsync.graph.GraphConnection#quotaPerMinute, the one place that reads the two).
     */
    @Deprecated
    GRAPH_MAX_REQUESTS_PER_MINUTE("graph.max-requests-per-minute", "200", false),
    DESIRED_PATH("sync.desired.path", null, false),
    /**
     * Several tenants from one config repo (issue 9, item 3): their names, comma-separated; each tenant's sign-in
     * keys are the {@link TenantSetting} family {@code sync.tenants.<name>.*}.
     */
    TENANTS("sync.tenants", null, false),
    POLICY("sync.policy", "sync", false),
    SCHEDULE("sync.schedule", "5m", false),
    /** Health is degraded when a managed flow's last verification may be older than this (the rolling scan). */
    SCAN_MAX_AGE("sync.scan-max-age", "24h", false),
    /**
     * What the daemon's drift scans may spend of graph.quota-per-minute in any sliding minute (no more than it), the
     * rest left for pushed changes, CLI runs and the tenant's other apps.
     */
    SCAN_PER_MINUTE("sync.scan-per-minute", "60", false),
    /** The log on stderr: {@code text} lines, or {@code json}, one object per line (docs/logging.md). */
    LOG_FORMAT("sync.log.format", "text", false),
    /** A one-off command's progress line on stderr: auto (when stderr is a terminal), always or never. */
    PROGRESS("sync.progress", "auto", false),
    MODE("sync.mode", "apply", false),
    MAX_UNBINDS("sync.max-unbinds", "10", false),
    MAX_CHANGES("sync.max-changes", "100", false),
    EXPERIMENTAL_PRE_TOKEN_ISSUANCE("sync.experimental.pre-token-issuance", "false", false),
    GIT_URL("sync.git.url", null, false),
    GIT_REF("sync.git.ref", null, false),
    GIT_PATH("sync.git.path", null, false),
    GIT_WORK_DIR("sync.git.work-dir", "${XDG_STATE_HOME:-~/.local/state}/userflow-connector-sync", false),
    GIT_SHALLOW("sync.git.shallow", "true", false),
    GIT_TIMEOUT_SECONDS("sync.git.timeout-seconds", "60", false),
    GIT_USERNAME("sync.git.username", "x-access-token", false),
    GIT_TOKEN_ENV("sync.git.token-env", null, false),
    GIT_TOKEN_FILE("sync.git.token-file", null, false),
    GIT_SSH_KEY_FILE("sync.git.ssh.key-file", null, false),
    GIT_SSH_PASSPHRASE_ENV("sync.git.ssh.passphrase-env", null, false),
    GIT_SSH_PASSPHRASE_FILE("sync.git.ssh.passphrase-file", null, false),
    GIT_SSH_KNOWN_HOSTS("sync.git.ssh.known-hosts", null, false),
    GIT_SSH_STRICT_HOST_KEY_CHECKING("sync.git.ssh.strict-host-key-checking", "true", false),
    GIT_VERIFY_SIGNATURES("sync.git.verify-signatures", "false", false),
    GIT_ALLOWED_SIGNERS("sync.git.allowed-signers", null, false),
    GIT_GPG_KEYRING("sync.git.gpg.keyring", null, false),
    ON_SOURCE_ERROR("sync.on-source-error", "last-good", false),
    SAVED_PLAN_MAX_AGE("sync.saved-plan.max-age", null, false),
    /** Who caused the drift, from the directory audit log (issue 9, item 4): {@code on} or {@code off}. */
    FORENSICS("sync.forensics", "on", false),
    FORENSICS_LOOKBACK("sync.forensics.lookback", "24h", false),
    /** How often the daemon reads the directory audit log for changes made outside the agent; {@code off}: never. */
    AUDIT_POLL("sync.audit-poll", "10s", false),
    CONNECTORS_DELETE("sync.connectors.delete", "false", false),
    /** Webhook URLs, comma-separated, each optionally {@code format:URL}; a Slack or Teams URL lets anyone post. */
    NOTIFY_URL("sync.notify.url", null, true),
    NOTIFY_FORMAT("sync.notify.format", "json", false),
    WEBHOOK_SECRET("sync.webhook.secret", null, true),
    WEBHOOK_DEBOUNCE_MS("sync.webhook.debounce-ms", "1000", false),
    WEBHOOK_MAX_BODY_BYTES("sync.webhook.max-body-bytes", "1048576", false),
    HTTP_HOST("sync.http.host", "0.0.0.0", false),
    HTTP_PORT("sync.http.port", "8080", false),
    HTTP_REQUEST_TIMEOUT_SECONDS("sync.http.request-timeout-seconds", "10", false),
    HTTP_MAX_CONNECTIONS("sync.http.max-connections", "64", false),
    MANAGEMENT_PORT("sync.management.port", "9876", false),
    // Two replicas, one writer (issue 8 item 4; docs/daemon-and-ha.md, Two replicas, one writer).
    INSTANCE_ID("sync.instance-id", null, false),
    HA("sync.ha", "none", false),
    HA_GROUP("sync.ha.group", "userflow-connector-sync", false),
    HA_FILE_ROOT("sync.ha.file-root", null, false),
    HA_LEASE_DURATION_SECONDS("sync.ha.lease-duration-seconds", "15", false),
    HA_RENEW_DEADLINE_SECONDS("sync.ha.renew-deadline-seconds", "10", false),
    HA_RETRY_PERIOD_SECONDS("sync.ha.retry-period-seconds", "2", false),
    HA_KUBERNETES_NAMESPACE("sync.ha.kubernetes.namespace", null, false),
    HA_KUBERNETES_POD_NAME("sync.ha.kubernetes.pod-name", null, false),
    HA_KUBERNETES_POD_LABELS("sync.ha.kubernetes.pod-labels", null, false),
    HA_WAIT_SECONDS("sync.ha.wait-seconds", "0", false);

    private final String key;
    private final String defaultValue;
    private final boolean secret;

    Setting(String key, String defaultValue, boolean secret) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.secret = secret;
    }

    public String key() {
        return key;
    }

    /** The setting a property key names, exactly as written (keys are lower-case). */
    public static java.util.Optional<Setting> byKey(String key) {
        return java.util.Arrays.stream(values()).filter(s -> s.key.equals(key)).findFirst();
    }

    public String envName() {
        return key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    public String defaultValue() {
        return defaultValue;
    }

    public boolean secret() {
        return secret;
    }
}
