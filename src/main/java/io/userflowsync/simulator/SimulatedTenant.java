package io.userflowsync.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The state of a fake Entra tenant that {@link GraphSimulator} serves: its app registration (tenant id, client id,
 * client secret), its API connectors, its user flows and which connector each flow step calls. Mutable and
 * thread-safe: tests seed and inspect it while the simulator serves requests.
 *
 * <p>The client secret is kept only as a SHA-256 digest and compared in constant time; there is deliberately no
 * getter for it. Connector passwords are accepted for realism and then discarded: Graph only ever reads them back
 * as {@code "******"}, so the simulator has no use for them.
 *
 * <p>Removing a connector also unbinds it from every step, so a binding never points at a missing connector.
 *
 * <h2>Seed file format ({@link #fromJson(InputStream)})</h2>
 * <pre>{@code
 * {
 *   "tenantId": "00000000-0000-0000-0000-00000000d3e0",     // required
 *   "clientId": "11111111-2222-3333-4444-555555555555",     // required
 *   "clientSecret": "...",                                  // required
 *   "pageSize": 100,                                        // optional, default 100
 *   "tokenLifetimeSeconds": 3599,                           // optional, default 3599
 *   "auditLogRead": true,                                   // optional, default true: AuditLog.Read.All granted
 *   "connectors": [                                         // optional; basicAuthentication connectors
 *     {"id": "3f8e...", "displayName": "Check partner domain", "targetUrl": "https://...",
 *      "username": "svc", "password": "optional, discarded"}
 *   ],
 *   "userFlows": {                                          // optional; flow id -> step -> connector id
 *     "B2X_1_partner_signup": {"postFederationSignup": null, "postAttributeCollection": "e05f..."},
 *     "B2C_1_susi": {}
 *   },
 *   "permissions": ["EventListener.ReadWrite.All", "..."], // optional; replaces the app's granted permissions
 *   "customExtensions": [                                   // optional; an external tenant's extensions
 *     {"id": "a100...", "displayName": "Validate sign-up", "type": "onAttributeCollectionSubmitCustomExtension",
 *      "targetUrl": "https://...", "resourceId": "api://...",
 *      "description": "optional", "timeoutInMilliseconds": 2000, "maximumRetries": 1}  // optional; absent: as
 *   ],                                                      //   shown, null: unset
 *   "authenticationEventsFlows": {                          // optional; an external tenant's sign-up flows:
 *     "5e1b...": {"displayName": "Customer sign-up",        //   GUID -> displayName and event -> extension id
 *                 "onAttributeCollectionSubmit": "a100...", "onAttributeCollectionStart": null}
 *   }
 * }
 * }</pre>
 * Flow ids must start with {@code B2X_1_} (Entra External ID) or {@code B2C_1_} (Azure AD B2C, served under beta
 * only). Step names are Graph's ({@code postFederationSignup}, {@code postAttributeCollection},
 * {@code preTokenIssuance}); {@code null} or an absent step means unbound. A bad seed fails with an
 * {@link IllegalArgumentException} naming the offending entry.
 */
public final class SimulatedTenant {

    static final int DEFAULT_PAGE_SIZE = 100;
    /**
     * What the audit log records for a change to a user flow's API connectors. The activity name and the service are
     * the ones the issue (9, item 4) and /work/shared/graph-api.md give; the Graph reference (directoryaudit.md)
     * lists neither B2C's activity names nor its categories, so the category is the simulator's choice.
     */
    public static final String AUDIT_ACTIVITY = "Update user flow";
    public static final String AUDIT_SERVICE = "B2C";
    static final String AUDIT_CATEGORY = "ApplicationManagement";
    /** The displayName the audit log gives the app registration the simulator signs in. */
    static final String CALLING_APP_NAME = "userflow-connector-sync";
    static final int DEFAULT_TOKEN_LIFETIME_SECONDS = 3599;
    private static final String DEMO_RESOURCE = "/simulator/demo-tenant.json";

    /**
     * What Graph shows of a connector: never its password. A connector with certificates reads back as
     * {@code clientCertificateAuthentication} (then {@code username} is empty), one without as
     * {@code basicAuthentication}.
     */
    record ConnectorView(String id, String displayName, String targetUrl, String username,
                         List<CertificateView> certificates) {
        ConnectorView {
            certificates = List.copyOf(certificates);
        }

        ConnectorView(String id, String displayName, String targetUrl, String username) {
            this(id, displayName, targetUrl, username, List.of());
        }
    }

    /**
     * The public part of an uploaded PKCS#12 ({@code pkcs12CertificateInformation}): the SHA-1 thumbprint in
     * upper-case hex and the validity, as resources/pkcs12certificateinformation.md and the example of
     * api/identityapiconnector-uploadclientcertificate.md show them. Which one is active is decided when it is read.
     */
    record CertificateView(String thumbprint, Instant notBefore, Instant notAfter) {
    }

    /** How a write over HTTP authenticates the connector: the password is what the agent sent. */
    sealed interface AuthenticationWrite {
    }

    record BasicWrite(String username, String password) implements AuthenticationWrite {
    }

    record CertificateWrite(CertificateView certificate) implements AuthenticationWrite {
    }

    /** The outcome of a {@code $ref} write arriving over HTTP. */
    enum RefWrite { DONE, IGNORED, NO_SUCH_FLOW, NO_SUCH_CONNECTOR }

    /**
     * A {@code customAuthenticationExtension} of an external tenant (resources/customauthenticationextension.md):
     * {@code type} is its {@code @odata.type} without {@code #microsoft.graph.}; it holds no secret (Graph gets an
     * Entra token for {@code resourceId}). {@code consentMissing}: what validateAuthenticationConfiguration reports.
     * {@code description}, {@code timeoutInMilliseconds} and {@code maximumRetries} ({@code clientConfiguration}) are
     * {@code null} when unset. What {@link #extensionDetails(String)} gives tests.
     */
    public record ExtensionView(String id, String displayName, String type, String targetUrl, String resourceId,
                                boolean consentMissing, String description, Integer timeoutInMilliseconds,
                                Integer maximumRetries) {

        /** As the simulator seeded extensions before it kept these: no description, 2000 ms, one retry. */
        public ExtensionView(String id, String displayName, String type, String targetUrl, String resourceId,
                             boolean consentMissing) {
            this(id, displayName, type, targetUrl, resourceId, consentMissing, null, SEEDED_TIMEOUT, SEEDED_RETRIES);
        }

        ExtensionView withConsentMissing(boolean missing) {
            return new ExtensionView(id, displayName, type, targetUrl, resourceId, missing, description,
                    timeoutInMilliseconds, maximumRetries);
        }
    }

    /** The clientConfiguration a seeded extension has unless told otherwise (what GET always answered before). */
    static final int SEEDED_TIMEOUT = 2000;
    static final int SEEDED_RETRIES = 1;
    /** resources/customauthenticationextension.md: "You can have a maximum of 100 custom extension policies." */
    public static final int MAX_CUSTOM_EXTENSIONS = 100;
    /**
     * The audit log's activities for extension writes over HTTP. Graph documents no activity names for them; these
     * follow the simulator's connector names ("Add API connector", "Update API connector").
     */
    public static final String EXTENSION_CREATED = "Add custom authentication extension";
    public static final String EXTENSION_UPDATED = "Update custom authentication extension";

    /** The outcome of a {@code PATCH /identity/customAuthenticationExtensions/{id}}. */
    enum ExtensionUpdate { DONE, NO_SUCH_EXTENSION, WRONG_TYPE }

    /** The outcome of binding or unbinding an external flow's event over HTTP. */
    enum EventWrite { DONE, IGNORED, NO_SUCH_FLOW, NO_SUCH_EXTENSION, WRONG_TYPE }

    /**
     * The extension types the simulator knows: the two attribute-collection events', token issuance's and email OTP's
     * (resources/onotpsendcustomextension.md, beta), the last two called through a listener.
     */
    static final Set<String> EXTENSION_TYPES = Set.of("onAttributeCollectionStartCustomExtension",
            "onAttributeCollectionSubmitCustomExtension", "onTokenIssuanceStartCustomExtension",
            "onOtpSendCustomExtension");

    /**
     * An {@code authenticationEventListener} (resources/authenticationeventlistener.md): {@code type} its
     * {@code @odata.type} without {@code #microsoft.graph.} ({@code onTokenIssuanceStartListener} or
     * {@code onEmailOtpSendListener}), {@code priority} 0 to 1000, {@code appIds} its
     * {@code conditions.applications.includeApplications} in order (lower case), {@code extensionId} the
     * {@code customExtension} of its handler, empty when its {@code handler} is {@code null}.
     */
    public record ListenerView(String id, String type, int priority, List<String> appIds,
                               Optional<String> extensionId) {
        public ListenerView {
            appIds = List.copyOf(appIds);
            Objects.requireNonNull(extensionId);
        }

        ListenerView withExtension(Optional<String> extension) {
            return new ListenerView(id, type, priority, appIds, extension);
        }
    }

    /**
     * The listener types the simulator models, each with the type of the extensions its handler calls
     * (ontokenissuancestartcustomextensionhandler.md, beta onotpsendcustomextensionhandler.md).
     */
    static final Map<String, String> LISTENER_EXTENSION_TYPES = Map.of(
            "onTokenIssuanceStartListener", "onTokenIssuanceStartCustomExtension",
            "onEmailOtpSendListener", "onOtpSendCustomExtension");
    /** resources/authenticationeventlistener.md: "You can have a maximum of 250 event listeners." */
    public static final int MAX_LISTENERS = 250;
    /** onTokenIssuanceStartListener.md: "Priority should be set to 500"; what a listener gets without one. */
    public static final int DEFAULT_LISTENER_PRIORITY = 500;
    /**
     * The audit log's activities for listener writes over HTTP (and {@link #setListenerExtensionOutside}). Graph
     * documents no activity names for them; these are the simulator's reading, after its extension names.
     */
    public static final String LISTENER_CREATED = "Add authentication event listener";
    public static final String LISTENER_UPDATED = "Update authentication event listener";
    public static final String LISTENER_DELETED = "Delete authentication event listener";
    /** The {@code type} of a listener in an audit entry's {@code targetResources} (the simulator's reading). */
    public static final String LISTENER_TARGET_TYPE = "AuthenticationEventListener";

    /** The outcome of a listener write over HTTP. */
    enum ListenerWrite { DONE, IGNORED, NO_SUCH_LISTENER, WRONG_TYPE, NO_SUCH_EXTENSION, WRONG_EXTENSION_TYPE, FULL }

    /** A {@link ListenerWrite} and, when it is done, the listener as it is now. */
    record ListenerOutcome(ListenerWrite outcome, Optional<ListenerView> listener) {
        static ListenerOutcome of(ListenerWrite outcome) {
            return new ListenerOutcome(outcome, Optional.empty());
        }
    }

    private final Object lock = new Object();
    private final String tenantId;
    private final String clientId;
    private final byte[] clientSecretDigest;
    private final AppRegistration app = new AppRegistration();
    private final Map<String, ConnectorView> connectors = new TreeMap<>();
    /** The basicAuthentication passwords sent over HTTP, by connector id: what a test checks the agent sent. */
    private final Map<String, String> passwords = new TreeMap<>();
    /** How many writes carried a secret (a password or a PKCS#12), by connector id. */
    private final Map<String, Integer> secretWrites = new TreeMap<>();
    private int createdConnectors;
    private final Map<String, Map<Step, String>> flows = new TreeMap<>();
    /** An external tenant's sign-up flows keep their bindings in {@link #flows}, by GUID; their displayNames here. */
    private final Map<String, String> externalFlowNames = new TreeMap<>();
    private final Map<String, ExtensionView> extensions = new TreeMap<>();
    private int createdExtensions;
    private boolean extensionRefWritesIgnored;
    /** The tenant's authentication event listeners, by id (lower case), so listings page in id order. */
    private final Map<String, ListenerView> listeners = new TreeMap<>();
    private int createdListeners;
    private boolean listenerHandlerWritesIgnored;
    private final Set<String> writesIgnored = new HashSet<>();
    private boolean refuseDeleteRef;
    private int pageSize = DEFAULT_PAGE_SIZE;
    private int tokenLifetimeSeconds = DEFAULT_TOKEN_LIFETIME_SECONDS;
    private final List<AuditRecord> auditLog = new ArrayList<>();
    private Duration auditDelay = Duration.ZERO;

    public SimulatedTenant(String tenantId, String clientId, String clientSecret) {
        this.tenantId = requireText(tenantId, "tenantId");
        this.clientId = requireText(clientId, "clientId");
        this.clientSecretDigest = sha256(requireText(clientSecret, "clientSecret"));
    }

    public String tenantId() {
        return tenantId;
    }

    public String clientId() {
        return clientId;
    }

    /** The app's certificates and federated identity credentials (issue 8 item 5), and the tokens issued to it. */
    public AppRegistration app() {
        return app;
    }

    /** Adds (or replaces) a connector with {@code basicAuthentication}; the password is not kept (see class doc). */
    public SimulatedTenant addConnector(String id, String displayName, String targetUrl, String username,
                                        String password) {
        ConnectorView connector = new ConnectorView(requireText(id, "connector id"),
                requireText(displayName, "connector displayName"), requireText(targetUrl, "connector targetUrl"),
                Objects.requireNonNullElse(username, ""));
        synchronized (lock) {
            connectors.put(id, connector);
        }
        return this;
    }

    /** Adds a user flow with no bindings; its kind comes from the prefix ({@code B2X_1_} or {@code B2C_1_}). */
    public SimulatedTenant addFlow(String flowId) {
        requireText(flowId, "flowId");
        if (UserFlowKind.of(flowId).filter(kind -> !kind.callsExtensions()).isEmpty()) {
            throw new IllegalArgumentException("user flow id '" + flowId + "' must start with B2X_1_ or B2C_1_");
        }
        synchronized (lock) {
            flows.putIfAbsent(flowId, new EnumMap<>(Step.class));
        }
        return this;
    }

    /**
     * Adds an External ID external tenant's sign-up flow ({@code externalUsersSelfServiceSignUpEventsFlow}) with no
     * event bound; its id is a GUID, as Graph's are (written in lower case).
     */
    public SimulatedTenant addExternalFlow(String guid, String displayName) {
        requireText(displayName, "displayName");
        if (!UserFlowKind.EXTERNAL_ID.matcher(guid).matches()) {
            throw new IllegalArgumentException("an external tenant's sign-up flow id is a GUID, not '" + guid + "'");
        }
        String id = guid.toLowerCase(Locale.ROOT);
        synchronized (lock) {
            flows.putIfAbsent(id, new EnumMap<>(Step.class));
            externalFlowNames.put(id, displayName);
        }
        return this;
    }

    /**
     * Adds a custom authentication extension; {@code type} e.g. {@code onAttributeCollectionSubmitCustomExtension}.
     * It has no description and a clientConfiguration of 2000 ms and one retry.
     */
    public SimulatedTenant addCustomExtension(String id, String displayName, String type, String targetUrl,
                                              String resourceId) {
        return addCustomExtension(id, displayName, type, targetUrl, resourceId, null, SEEDED_TIMEOUT, SEEDED_RETRIES);
    }

    /**
     * As {@link #addCustomExtension(String, String, String, String, String)} with a description and a
     * clientConfiguration, each {@code null} for unset; the numbers must be in Graph's ranges (200 to 2000 ms,
     * 0 or 1 retries: resources/customextensionclientconfiguration.md).
     */
    public SimulatedTenant addCustomExtension(String id, String displayName, String type, String targetUrl,
                                              String resourceId, String description, Integer timeoutInMilliseconds,
                                              Integer maximumRetries) {
        requireText(id, "id");
        requireText(displayName, "displayName");
        if (!EXTENSION_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown extension type '" + type + "'; the simulator knows "
                    + new TreeSet<>(EXTENSION_TYPES));
        }
        if (timeoutInMilliseconds != null && (timeoutInMilliseconds < ExtensionWrites.MIN_TIMEOUT
                || timeoutInMilliseconds > ExtensionWrites.MAX_TIMEOUT)) {
            throw new IllegalArgumentException("timeoutInMilliseconds must be 200 to 2000, not " + timeoutInMilliseconds);
        }
        if (maximumRetries != null && (maximumRetries < ExtensionWrites.MIN_RETRIES
                || maximumRetries > ExtensionWrites.MAX_RETRIES)) {
            throw new IllegalArgumentException("maximumRetries must be 0 or 1, not " + maximumRetries);
        }
        String key = id.toLowerCase(Locale.ROOT);
        synchronized (lock) {
            extensions.put(key, new ExtensionView(key, displayName, type, targetUrl, resourceId, false, description,
                    timeoutInMilliseconds, maximumRetries));
        }
        return this;
    }

    /** The extension as the simulator holds it (what GET answers), for a test to check what the agent wrote. */
    public Optional<ExtensionView> extensionDetails(String id) {
        return extension(id);
    }

    /** How many extensions {@code POST /identity/customAuthenticationExtensions} created (seeded ones not counted). */
    public int createdExtensionCount() {
        synchronized (lock) {
            return createdExtensions;
        }
    }

    /** Makes {@code event} (Graph's name) of an external flow call the extension, as set up outside any request. */
    public SimulatedTenant bindExtension(String flowId, String event, String extensionId) {
        Step parsed = event(event);
        synchronized (lock) {
            ExtensionView extension = extensions.get(extensionId.toLowerCase(Locale.ROOT));
            if (extension == null || !extension.type().equals(parsed.extensionType())) {
                throw new IllegalArgumentException("no " + parsed.extensionType() + " with id '" + extensionId + "'");
            }
            requireExternalFlow(flowId).put(parsed, extension.id());
        }
        return this;
    }

    public void unbindExtension(String flowId, String event) {
        Step parsed = event(event);
        synchronized (lock) {
            requireExternalFlow(flowId).remove(parsed);
        }
    }

    /** As {@link #bindExtension}, made by someone outside the agent: recorded in the audit log. */
    public SimulatedTenant bindExtensionOutside(String flowId, String event, String extensionId, AuditActor actor,
                                                Instant at) {
        synchronized (lock) {
            bindExtension(flowId, event, extensionId);
            recordAudit(flowId.toLowerCase(Locale.ROOT), actor, at);
        }
        return this;
    }

    /** The id of the extension {@code event} of an external flow calls, if any. */
    public Optional<String> extensionBinding(String flowId, String event) {
        Step parsed = event(event);
        synchronized (lock) {
            return Optional.ofNullable(requireExternalFlow(flowId).get(parsed));
        }
    }

    /** The external tenant's sign-up flow ids, sorted. */
    public List<String> externalFlowIds() {
        return flowIds(UserFlowKind.EXTERNAL);
    }

    public List<String> customExtensionIds() {
        synchronized (lock) {
            return List.copyOf(extensions.keySet());
        }
    }

    public void removeExternalFlow(String id) {
        synchronized (lock) {
            flows.remove(id.toLowerCase(Locale.ROOT));
            externalFlowNames.remove(id.toLowerCase(Locale.ROOT));
        }
    }

    /** Removes an extension; the events that called it call nothing, and the listeners whose handler did have none. */
    public void removeCustomExtension(String id) {
        String key = id.toLowerCase(Locale.ROOT);
        synchronized (lock) {
            extensions.remove(key);
            flows.values().forEach(bindings -> bindings.values().removeIf(key::equals));
            listeners.replaceAll((listenerId, l) -> l.extensionId().filter(key::equals).isPresent()
                    ? l.withExtension(Optional.empty()) : l);
        }
    }

    /**
     * The conflict Graph's pages leave open: its changelog of February 2025 says the {@code customExtension/$ref}
     * calls were replaced. On, such a {@code PUT} answers 204 and binds nothing, so a client's read-back can be tested.
     */
    public void ignoreExtensionRefWrites(boolean ignore) {
        synchronized (lock) {
            extensionRefWritesIgnored = ignore;
        }
    }

    /** Whether validateAuthenticationConfiguration reports the missing Receive.Payload consent for this extension. */
    public void extensionConsentMissing(String extensionId, boolean missing) {
        synchronized (lock) {
            ExtensionView e = extensions.get(extensionId.toLowerCase(Locale.ROOT));
            if (e == null) {
                throw new IllegalArgumentException("no extension with id '" + extensionId + "'");
            }
            extensions.put(e.id(), e.withConsentMissing(missing));
        }
    }

    Optional<String> externalFlowName(String flowId) {
        synchronized (lock) {
            return Optional.ofNullable(externalFlowNames.get(flowId));
        }
    }

    List<ExtensionView> extensions() {
        synchronized (lock) {
            return List.copyOf(extensions.values());
        }
    }

    Optional<ExtensionView> extension(String id) {
        synchronized (lock) {
            return Optional.ofNullable(extensions.get(id.toLowerCase(Locale.ROOT)));
        }
    }

    /**
     * {@code POST /identity/customAuthenticationExtensions}: a new extension with an id of the simulator's making (a
     * GUID derived from the tenant and a counter, so runs are repeatable), in the audit log as the calling app's
     * {@value #EXTENSION_CREATED} at {@code at}. Empty when the tenant already has {@value #MAX_CUSTOM_EXTENSIONS}.
     */
    Optional<ExtensionView> createExtension(ExtensionWrites.ExtensionWrite write, Instant at) {
        synchronized (lock) {
            if (extensions.size() >= MAX_CUSTOM_EXTENSIONS) {
                return Optional.empty();
            }
            String id;
            do {
                id = UUID.nameUUIDFromBytes((tenantId + "/customAuthenticationExtension/" + ++createdExtensions)
                        .getBytes(StandardCharsets.UTF_8)).toString();
            } while (extensions.containsKey(id));
            ExtensionView created = new ExtensionView(id, write.displayName(), write.type(), write.targetUrl(),
                    write.resourceId(), false, write.description(), write.timeout(), write.retries());
            extensions.put(id, created);
            recordExtensionAudit(created, EXTENSION_CREATED, at);
            return Optional.of(created);
        }
    }

    /**
     * {@code PATCH /identity/customAuthenticationExtensions/{id}}: what the body gives replaces what was (a
     * clientConfiguration as a whole); the type cannot change. Done, it is in the audit log as the calling app's
     * {@value #EXTENSION_UPDATED} at {@code at}, naming the extension by its new displayName.
     */
    ExtensionUpdate updateExtension(String id, ExtensionWrites.ExtensionWrite write, Instant at) {
        synchronized (lock) {
            ExtensionView old = extensions.get(id.toLowerCase(Locale.ROOT));
            if (old == null) {
                return ExtensionUpdate.NO_SUCH_EXTENSION;
            }
            if (!old.type().equals(write.type())) {
                return ExtensionUpdate.WRONG_TYPE;
            }
            ExtensionView updated = new ExtensionView(old.id(),
                    Objects.requireNonNullElse(write.displayName(), old.displayName()), old.type(),
                    Objects.requireNonNullElse(write.targetUrl(), old.targetUrl()),
                    Objects.requireNonNullElse(write.resourceId(), old.resourceId()), old.consentMissing(),
                    write.descriptionGiven() ? write.description() : old.description(),
                    write.clientGiven() ? write.timeout() : old.timeoutInMilliseconds(),
                    write.clientGiven() ? write.retries() : old.maximumRetries());
            extensions.put(old.id(), updated);
            recordExtensionAudit(updated, EXTENSION_UPDATED, at);
            return ExtensionUpdate.DONE;
        }
    }

    /** Under {@code lock}: the extension is the target, by id and displayName. */
    private void recordExtensionAudit(ExtensionView extension, String activity, Instant at) {
        long sequence = auditLog.size() + 1L;
        auditLog.add(new AuditRecord(sequence, String.format(Locale.ROOT, "B2C_%012d", sequence), at, activity,
                AUDIT_SERVICE, AUDIT_CATEGORY, callingApp(), extension.id(), "success", extension.displayName(),
                "Policy"));
    }

    /** The extensions an external flow's events call, or empty if there is no such flow. */
    Optional<Map<Step, ExtensionView>> boundExtensions(String flowId) {
        synchronized (lock) {
            if (!externalFlowNames.containsKey(flowId)) {
                return Optional.empty();
            }
            Map<Step, ExtensionView> result = new EnumMap<>(Step.class);
            flows.get(flowId).forEach((event, id) -> result.put(event, extensions.get(id)));
            return Optional.of(result);
        }
    }

    /**
     * Binds ({@code extensionId} present) or unbinds an event over HTTP; a bind is refused for an extension of another
     * event's type. A write that is done is in the audit log at {@code at} as the calling app's.
     */
    EventWrite writeEvent(String flowId, Step event, Optional<String> extensionId, Instant at, boolean viaRef) {
        synchronized (lock) {
            Map<Step, String> bindings = externalFlowNames.containsKey(flowId) ? flows.get(flowId) : null;
            if (bindings == null) {
                return EventWrite.NO_SUCH_FLOW;
            }
            if (extensionId.isPresent()) {
                ExtensionView extension = extensions.get(extensionId.get().toLowerCase(Locale.ROOT));
                if (extension == null) {
                    return EventWrite.NO_SUCH_EXTENSION;
                }
                if (!extension.type().equals(event.extensionType())) {
                    return EventWrite.WRONG_TYPE;
                }
                if (viaRef && extensionRefWritesIgnored) {
                    return EventWrite.IGNORED;
                }
                bindings.put(event, extension.id());
            } else {
                bindings.remove(event);
            }
            recordAudit(flowId, callingApp(), at);
            return EventWrite.DONE;
        }
    }

    // ---- authentication event listeners ----

    /**
     * Adds a listener, as set up outside any request (no audit entry): {@code type} {@code onTokenIssuanceStartListener}
     * or {@code onEmailOtpSendListener}, priority {@value #DEFAULT_LISTENER_PRIORITY}, for the applications
     * {@code appIds} (GUIDs, compared in any case), whose handler calls {@code extensionId} (an extension of the type
     * the listener's handler calls), or whose {@code handler} is {@code null} when {@code extensionId} is. Returns the
     * new listener's id, a GUID of the simulator's making. At most {@value #MAX_LISTENERS} per tenant.
     */
    public String addListener(String type, List<String> appIds, String extensionId) {
        String extensionType = listenerExtensionType(type);
        List<String> apps = appIds(appIds);
        synchronized (lock) {
            Optional<String> extension = Optional.ofNullable(extensionId).map(id -> requireExtension(id, extensionType));
            if (listeners.size() >= MAX_LISTENERS) {
                throw new IllegalArgumentException("the tenant already has " + MAX_LISTENERS + " listeners");
            }
            ListenerView listener = new ListenerView(newListenerId(), type, DEFAULT_LISTENER_PRIORITY, apps, extension);
            listeners.put(listener.id(), listener);
            return listener.id();
        }
    }

    /** The tenant's listeners, in id order (the order a listing pages in). */
    public List<ListenerView> listeners() {
        synchronized (lock) {
            return List.copyOf(listeners.values());
        }
    }

    public Optional<ListenerView> listener(String id) {
        synchronized (lock) {
            return Optional.ofNullable(listeners.get(id.toLowerCase(Locale.ROOT)));
        }
    }

    /** Removes a listener, as set up outside any request (no audit entry); nothing if there is none. */
    public SimulatedTenant removeListener(String id) {
        synchronized (lock) {
            listeners.remove(id.toLowerCase(Locale.ROOT));
        }
        return this;
    }

    /**
     * A change made outside the agent (the portal, another app): makes the listener's handler call
     * {@code extensionId} ({@code null}: its {@code handler} becomes {@code null}), and records a
     * {@value #LISTENER_UPDATED} entry with {@code actor} and {@code at} in the audit log, the listener its target.
     */
    public SimulatedTenant setListenerExtensionOutside(String listenerId, String extensionId, AuditActor actor,
                                                       Instant at) {
        synchronized (lock) {
            ListenerView listener = listeners.get(listenerId.toLowerCase(Locale.ROOT));
            if (listener == null) {
                throw new IllegalArgumentException("no listener '" + listenerId + "' in the simulated tenant");
            }
            Optional<String> extension = Optional.ofNullable(extensionId)
                    .map(id -> requireExtension(id, LISTENER_EXTENSION_TYPES.get(listener.type())));
            listeners.put(listener.id(), listener.withExtension(extension));
            recordListenerAudit(listener.id(), LISTENER_UPDATED, actor, at);
        }
        return this;
    }

    /**
     * The conflict Graph's pages leave open (concepts/whats-new-overview.md, February 2025, against the update
     * page's {@code handler}): on, a {@code PATCH} of a listener that sets its {@code handler} is validated as usual,
     * answers 204 and changes nothing (nor is it in the audit log), so a client's read-back can be tested.
     */
    public void ignoreListenerHandlerWrites(boolean ignore) {
        synchronized (lock) {
            listenerHandlerWritesIgnored = ignore;
        }
    }

    /**
     * {@code POST /identity/authenticationEventListeners}: a new listener, in the audit log as the calling app's
     * {@value #LISTENER_CREATED} at {@code at}. {@code extensionId} must name an extension of the type the listener's
     * handler calls; FULL when the tenant already has {@value #MAX_LISTENERS}.
     */
    ListenerOutcome createListener(String type, List<String> appIds, int priority, String extensionId, Instant at) {
        synchronized (lock) {
            ListenerWrite problem = extensionProblem(type, extensionId);
            if (problem != null) {
                return ListenerOutcome.of(problem);
            }
            if (listeners.size() >= MAX_LISTENERS) {
                return ListenerOutcome.of(ListenerWrite.FULL);
            }
            ListenerView created = new ListenerView(newListenerId(), type, priority, appIds,
                    Optional.of(extensionId.toLowerCase(Locale.ROOT)));
            listeners.put(created.id(), created);
            recordListenerAudit(created.id(), LISTENER_CREATED, callingApp(), at);
            return new ListenerOutcome(ListenerWrite.DONE, Optional.of(created));
        }
    }

    /**
     * {@code PATCH /identity/authenticationEventListeners/{id}}: what is present replaces what was ({@code appIds} the
     * whole includeApplications); the type cannot change. IGNORED (nothing changed, no audit entry) when it sets the
     * handler while {@link #ignoreListenerHandlerWrites} is on; otherwise done, in the audit log as the calling app's
     * {@value #LISTENER_UPDATED}.
     */
    ListenerOutcome updateListener(String id, String type, Optional<List<String>> appIds, OptionalInt priority,
                                   Optional<String> extensionId, Instant at) {
        synchronized (lock) {
            ListenerView old = listeners.get(id.toLowerCase(Locale.ROOT));
            if (old == null) {
                return ListenerOutcome.of(ListenerWrite.NO_SUCH_LISTENER);
            }
            if (!old.type().equals(type)) {
                return ListenerOutcome.of(ListenerWrite.WRONG_TYPE);
            }
            if (extensionId.isPresent()) {
                ListenerWrite problem = extensionProblem(type, extensionId.get());
                if (problem != null) {
                    return ListenerOutcome.of(problem);
                }
                if (listenerHandlerWritesIgnored) {
                    return new ListenerOutcome(ListenerWrite.IGNORED, Optional.of(old));
                }
            }
            ListenerView updated = new ListenerView(old.id(), old.type(), priority.orElse(old.priority()),
                    appIds.orElse(old.appIds()),
                    extensionId.map(e -> e.toLowerCase(Locale.ROOT)).or(old::extensionId));
            listeners.put(old.id(), updated);
            recordListenerAudit(old.id(), LISTENER_UPDATED, callingApp(), at);
            return new ListenerOutcome(ListenerWrite.DONE, Optional.of(updated));
        }
    }

    /** {@code DELETE /identity/authenticationEventListeners/{id}}, in the audit log; false if there is none. */
    boolean deleteListener(String id, Instant at) {
        synchronized (lock) {
            ListenerView removed = listeners.remove(id.toLowerCase(Locale.ROOT));
            if (removed == null) {
                return false;
            }
            recordListenerAudit(removed.id(), LISTENER_DELETED, callingApp(), at);
            return true;
        }
    }

    /** Under {@code lock}: why {@code extensionId} cannot be a {@code type} listener's handler's; null if it can. */
    private ListenerWrite extensionProblem(String type, String extensionId) {
        ExtensionView extension = extensions.get(extensionId.toLowerCase(Locale.ROOT));
        if (extension == null) {
            return ListenerWrite.NO_SUCH_EXTENSION;
        }
        return extension.type().equals(LISTENER_EXTENSION_TYPES.get(type)) ? null : ListenerWrite.WRONG_EXTENSION_TYPE;
    }

    /** Under {@code lock}: the id of an extension of {@code type}, lower case, or an IllegalArgumentException. */
    private String requireExtension(String extensionId, String type) {
        ExtensionView extension = extensions.get(extensionId.toLowerCase(Locale.ROOT));
        if (extension == null || !extension.type().equals(type)) {
            throw new IllegalArgumentException("no " + type + " with id '" + extensionId + "'");
        }
        return extension.id();
    }

    /** Under {@code lock}: a GUID derived from the tenant and a counter (runs are repeatable), not yet taken. */
    private String newListenerId() {
        String id;
        do {
            id = UUID.nameUUIDFromBytes((tenantId + "/authenticationEventListener/" + ++createdListeners)
                    .getBytes(StandardCharsets.UTF_8)).toString();
        } while (listeners.containsKey(id));
        return id;
    }

    /** Under {@code lock}: the listener is the target, named by its id (it has no displayName here). */
    private void recordListenerAudit(String listenerId, String activity, AuditActor actor, Instant at) {
        long sequence = auditLog.size() + 1L;
        auditLog.add(new AuditRecord(sequence, String.format(Locale.ROOT, "B2C_%012d", sequence), at, activity,
                AUDIT_SERVICE, AUDIT_CATEGORY, actor, listenerId, "success", listenerId, LISTENER_TARGET_TYPE));
    }

    private static String listenerExtensionType(String type) {
        String extensionType = type == null ? null : LISTENER_EXTENSION_TYPES.get(type);
        if (extensionType == null) {
            throw new IllegalArgumentException("unknown listener type '" + type + "'; the simulator knows "
                    + new TreeSet<>(LISTENER_EXTENSION_TYPES.keySet()));
        }
        return extensionType;
    }

    /** At least one GUID, none twice (in any case); lower case, in order. */
    private static List<String> appIds(List<String> appIds) {
        if (appIds == null || appIds.isEmpty()) {
            throw new IllegalArgumentException("a listener includes at least one application");
        }
        List<String> result = new ArrayList<>();
        for (String appId : appIds) {
            if (appId == null || !UserFlowKind.EXTERNAL_ID.matcher(appId).matches()) {
                throw new IllegalArgumentException("an application's appId is a GUID, not '" + appId + "'");
            }
            String key = appId.toLowerCase(Locale.ROOT);
            if (result.contains(key)) {
                throw new IllegalArgumentException("appId '" + appId + "' is listed twice");
            }
            result.add(key);
        }
        return result;
    }

    private Map<Step, String> requireExternalFlow(String flowId) {
        String id = flowId.toLowerCase(Locale.ROOT);
        if (!externalFlowNames.containsKey(id)) {
            throw new IllegalArgumentException("no external sign-up flow '" + flowId + "' in the simulated tenant");
        }
        return flows.get(id);
    }

    private static Step event(String graphName) {
        return Step.fromGraphName(graphName).filter(Step::isFlowEvent).orElseThrow(() -> new IllegalArgumentException(
                "unknown event '" + graphName + "'; the events are onAttributeCollectionStart, "
                        + "onAttributeCollectionSubmit"));
    }

    /** Makes {@code step} (Graph's name) of {@code flowId} call {@code connectorId}, replacing any binding. */
    public SimulatedTenant bind(String flowId, String step, String connectorId) {
        Step parsed = step(step);
        synchronized (lock) {
            requireFlow(flowId);
            if (!connectors.containsKey(connectorId)) {
                throw new IllegalArgumentException("no connector with id '" + connectorId + "' in the simulated tenant");
            }
            flows.get(flowId).put(parsed, connectorId);
        }
        return this;
    }

    public void unbind(String flowId, String step) {
        Step parsed = step(step);
        synchronized (lock) {
            requireFlow(flowId).remove(parsed);
        }
    }

    /**
     * A change made outside the agent (the portal, PowerShell, another app): binds {@code step} of {@code flowId} to
     * {@code connectorId}, as {@link #bind} does, and records an {@value #AUDIT_ACTIVITY} entry with {@code actor} and
     * {@code at} in the audit log ({@code GET /auditLogs/directoryAudits}).
     */
    public SimulatedTenant bindOutside(String flowId, String step, String connectorId, AuditActor actor, Instant at) {
        synchronized (lock) {
            bind(flowId, step, connectorId);
            recordAudit(flowId, actor, at);
        }
        return this;
    }

    /** As {@link #bindOutside}, removing the binding instead. */
    public SimulatedTenant unbindOutside(String flowId, String step, AuditActor actor, Instant at) {
        synchronized (lock) {
            unbind(flowId, step);
            recordAudit(flowId, actor, at);
        }
        return this;
    }

    /**
     * Grants or withdraws {@code AuditLog.Read.All} among the app registration's permissions ({@link #app()}, the one
     * set of grants; default granted); without it {@code GET /auditLogs/directoryAudits} answers 403
     * {@code Authorization_RequestDenied}. The audit log asks the app's grants as they are now, not the token's
     * {@code roles}, so a test can withdraw or restore the permission while the agent keeps its cached token.
     */
    public void grantAuditLogRead(boolean granted) {
        List<String> permissions = new ArrayList<>(app().grantedPermissions());
        permissions.remove(AUDIT_LOG_READ);
        if (granted) {
            permissions.add(AUDIT_LOG_READ);
        }
        app().grantPermissions(permissions);
    }

    /**
     * How long after its {@code activityDateTime} an entry shows in {@code GET /auditLogs/directoryAudits}: Microsoft
     * Entra documents minutes of latency before audit events can be read. Default 0: at once.
     */
    public SimulatedTenant auditDelay(Duration delay) {
        if (delay.isNegative()) {
            throw new IllegalArgumentException("audit delay must not be negative, got " + delay);
        }
        synchronized (lock) {
            auditDelay = delay;
        }
        return this;
    }

    /** The entries {@code GET /auditLogs/directoryAudits} shows at {@code now}: those older than the audit delay. */
    List<AuditRecord> visibleAuditLog(Instant now) {
        Duration delay;
        synchronized (lock) {
            delay = auditDelay;
        }
        return auditLog().stream().filter(r -> !r.at().plus(delay).isAfter(now)).toList();
    }

    /** Every audit entry, newest first (by time, then by the order recorded), visible yet or not. */
    public List<AuditRecord> auditLog() {
        synchronized (lock) {
            List<AuditRecord> newestFirst = new ArrayList<>(auditLog);
            newestFirst.sort(Comparator.comparing(AuditRecord::at).thenComparingLong(AuditRecord::sequence).reversed());
            return newestFirst;
        }
    }

    /** The id of the connector {@code step} of {@code flowId} calls, if any. */
    public Optional<String> binding(String flowId, String step) {
        Step parsed = step(step);
        synchronized (lock) {
            return Optional.ofNullable(requireFlow(flowId).get(parsed));
        }
    }

    /** Step (Graph's name) → connector id, for the bound steps of {@code flowId}, in sign-up order. */
    public Map<String, String> bindings(String flowId) {
        synchronized (lock) {
            Map<String, String> result = new LinkedHashMap<>();
            requireFlow(flowId).forEach((step, connector) -> result.put(step.graphName(), connector));
            return result;
        }
    }

    /** All flow ids, sorted. */
    public List<String> flowIds() {
        synchronized (lock) {
            return List.copyOf(flows.keySet());
        }
    }

    /** All connector ids, sorted. */
    public List<String> connectorIds() {
        synchronized (lock) {
            return List.copyOf(connectors.keySet());
        }
    }

    public void removeFlow(String flowId) {
        synchronized (lock) {
            flows.remove(flowId);
            writesIgnored.remove(flowId);
        }
    }

    /** The password the agent last sent for this connector's basicAuthentication; empty for a seeded connector. */
    public Optional<String> password(String connectorId) {
        synchronized (lock) {
            return Optional.ofNullable(passwords.get(connectorId));
        }
    }

    /** How many writes over HTTP carried a secret for this connector (create, PATCH or uploadClientCertificate). */
    public int secretWrites(String connectorId) {
        synchronized (lock) {
            return secretWrites.getOrDefault(connectorId, 0);
        }
    }

    /** The thumbprints of the connector's certificates, in upload order; empty for basicAuthentication. */
    public List<String> certificateThumbprints(String connectorId) {
        synchronized (lock) {
            return Optional.ofNullable(connectors.get(connectorId)).stream()
                    .flatMap(c -> c.certificates().stream()).map(CertificateView::thumbprint).toList();
        }
    }

    /** Removes the connector and every binding to it. */
    public void removeConnector(String id) {
        synchronized (lock) {
            connectors.remove(id);
            passwords.remove(id);
            for (Map<Step, String> bindings : flows.values()) {
                bindings.values().removeIf(id::equals);
            }
        }
    }

    /**
     * From now on, {@code $ref} PUT and DELETE on this flow are validated as usual and answer 204, but change
     * nothing: the failure microsoftgraph/microsoft-graph-docs#11875 reports.
     */
    public void ignoreWritesFor(String flowId) {
        synchronized (lock) {
            requireFlow(flowId);
            writesIgnored.add(flowId);
        }
    }

    /** When true, {@code DELETE .../$ref} answers 405 {@code MethodNotAllowed}, to exercise the fallback to {@code PUT {}}. */
    public void refuseDeleteRef(boolean refuse) {
        synchronized (lock) {
            refuseDeleteRef = refuse;
        }
    }

    /** The page size collections use when the client gives no {@code $top}; default 100. */
    public void pageSize(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("page size must be at least 1, not " + n);
        }
        synchronized (lock) {
            pageSize = n;
        }
    }

    /** The lifetime of the access tokens the token endpoint issues from now on; default 3599 seconds. */
    public void tokenLifetimeSeconds(int s) {
        if (s < 0) {
            throw new IllegalArgumentException("token lifetime must not be negative, not " + s);
        }
        synchronized (lock) {
            tokenLifetimeSeconds = s;
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "SimulatedTenant[" + tenantId + ", " + flows.size() + " user flows, " + connectors.size()
                    + " connectors]";
        }
    }

    /** The demo tenant's client secret: public and fake, it opens only this simulator (and matches the seed). */
    public static final String DEMO_CLIENT_SECRET = "demo-secret-not-for-production";

    /**
     * The built-in demo tenant (loaded from the bundled seed {@code simulator/demo-tenant.json}). Its client secret,
     * {@code demo-secret-not-for-production}, is public: it is printed in docs/simulator.md and only ever opens this
     * simulator.
     */
    public static SimulatedTenant demo() {
        try (InputStream in = SimulatedTenant.class.getResourceAsStream(DEMO_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the demo tenant seed " + DEMO_RESOURCE + " is missing from the jar");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the demo tenant seed " + DEMO_RESOURCE, e);
        }
    }

    /** Reads a seed file; the format is in the class documentation. */
    public static SimulatedTenant fromJson(InputStream json) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the tenant seed is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the tenant seed", e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the tenant seed must be a JSON object");
        }
        SimulatedTenant tenant = new SimulatedTenant(text(root, "tenantId", "seed"), text(root, "clientId", "seed"),
                text(root, "clientSecret", "seed"));
        if (root.hasNonNull("pageSize")) {
            tenant.pageSize(root.get("pageSize").asInt());
        }
        if (root.hasNonNull("auditLogRead")) {
            tenant.grantAuditLogRead(root.get("auditLogRead").asBoolean());
        }
        if (root.hasNonNull("tokenLifetimeSeconds")) {
            tenant.tokenLifetimeSeconds(root.get("tokenLifetimeSeconds").asInt());
        }
        int index = 0;
        for (JsonNode connector : root.path("connectors")) {
            String where = "connectors[" + index++ + "]";
            tenant.addConnector(text(connector, "id", where), text(connector, "displayName", where),
                    text(connector, "targetUrl", where), connector.path("username").asText(""),
                    connector.path("password").asText(""));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("userFlows").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> flow = it.next();
            tenant.addFlow(flow.getKey());
            for (Iterator<Map.Entry<String, JsonNode>> steps = flow.getValue().fields(); steps.hasNext(); ) {
                Map.Entry<String, JsonNode> step = steps.next();
                if (!step.getValue().isNull()) {
                    try {
                        tenant.bind(flow.getKey(), step.getKey(), step.getValue().asText());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException("userFlows." + flow.getKey() + "." + step.getKey() + ": "
                                + e.getMessage(), e);
                    }
                }
            }
        }
        if (root.has("permissions")) {
            List<String> permissions = new ArrayList<>();
            root.get("permissions").forEach(p -> permissions.add(p.asText()));
            tenant.app().grantPermissions(permissions);
        }
        index = 0;
        for (JsonNode extension : root.path("customExtensions")) {
            String where = "customExtensions[" + index++ + "]";
            tenant.addCustomExtension(text(extension, "id", where), text(extension, "displayName", where),
                    text(extension, "type", where), text(extension, "targetUrl", where),
                    text(extension, "resourceId", where),
                    extension.hasNonNull("description") ? extension.get("description").asText() : null,
                    seedNumber(extension, "timeoutInMilliseconds", SEEDED_TIMEOUT, where),
                    seedNumber(extension, "maximumRetries", SEEDED_RETRIES, where));
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.path("authenticationEventsFlows").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> flow = it.next();
            String where = "authenticationEventsFlows." + flow.getKey();
            tenant.addExternalFlow(flow.getKey(), text(flow.getValue(), "displayName", where));
            for (Iterator<Map.Entry<String, JsonNode>> events = flow.getValue().fields(); events.hasNext(); ) {
                Map.Entry<String, JsonNode> event = events.next();
                if (!event.getKey().equals("displayName") && !event.getValue().isNull()) {
                    try {
                        tenant.bindExtension(flow.getKey(), event.getKey(), event.getValue().asText());
                    } catch (IllegalArgumentException e) {
                        throw new IllegalArgumentException(where + "." + event.getKey() + ": " + e.getMessage(), e);
                    }
                }
            }
        }
        return tenant;
    }

    // ---- what GraphSimulator needs; each read is one consistent snapshot ----

    boolean clientIdMatches(String candidate) {
        return clientId.equals(candidate);
    }

    /** Constant-time: both sides are digests of the same length. */
    boolean clientSecretMatches(String candidate) {
        return candidate != null && MessageDigest.isEqual(clientSecretDigest, sha256(candidate));
    }

    int pageSize() {
        synchronized (lock) {
            return pageSize;
        }
    }

    int tokenLifetimeSeconds() {
        synchronized (lock) {
            return tokenLifetimeSeconds;
        }
    }

    boolean auditLogReadGranted() {
        return app().grantedPermissions().contains(AUDIT_LOG_READ);
    }

    private static final String AUDIT_LOG_READ = "AuditLog.Read.All";

    /** The app this tenant's token endpoint signs in: how the audit log names the agent's own writes. */
    AuditActor callingApp() {
        return AuditActor.app(clientId, CALLING_APP_NAME);
    }

    boolean refusesDeleteRef() {
        synchronized (lock) {
            return refuseDeleteRef;
        }
    }

    List<String> flowIds(UserFlowKind kind) {
        synchronized (lock) {
            return flows.keySet().stream().filter(id -> UserFlowKind.of(id).orElseThrow() == kind).toList();
        }
    }

    boolean hasFlow(String flowId) {
        synchronized (lock) {
            return flows.containsKey(flowId);
        }
    }

    /** The connectors the flow's steps call, or empty if there is no such flow. */
    Optional<Map<Step, ConnectorView>> boundConnectors(String flowId) {
        synchronized (lock) {
            Map<Step, String> bindings = flows.get(flowId);
            if (bindings == null) {
                return Optional.empty();
            }
            Map<Step, ConnectorView> result = new EnumMap<>(Step.class);
            bindings.forEach((step, connector) -> result.put(step, connectors.get(connector)));
            return Optional.of(result);
        }
    }

    /**
     * {@code POST /identity/apiConnectors}: a new connector with an id of the simulator's making (a GUID derived from
     * the tenant and a counter, so runs are repeatable).
     */
    ConnectorView createConnector(String displayName, String targetUrl, AuthenticationWrite authentication) {
        synchronized (lock) {
            String id = UUID.nameUUIDFromBytes((tenantId + "/connector/" + ++createdConnectors)
                    .getBytes(StandardCharsets.UTF_8)).toString();
            ConnectorView connector = authenticated(new ConnectorView(id, displayName, targetUrl, ""), authentication);
            connectors.put(id, connector);
            return connector;
        }
    }

    /**
     * {@code PATCH /identity/apiConnectors/{id}}: what is given replaces what was; an authenticationConfiguration
     * replaces the whole configuration (a certificate sent here drops the ones uploaded before). Empty if there is no
     * such connector.
     */
    Optional<ConnectorView> updateConnector(String id, Optional<String> displayName, Optional<String> targetUrl,
                                            Optional<AuthenticationWrite> authentication) {
        synchronized (lock) {
            ConnectorView old = connectors.get(id);
            if (old == null) {
                return Optional.empty();
            }
            ConnectorView updated = new ConnectorView(id, displayName.orElse(old.displayName()),
                    targetUrl.orElse(old.targetUrl()), old.username(), old.certificates());
            if (authentication.isPresent()) {
                updated = authenticated(new ConnectorView(id, updated.displayName(), updated.targetUrl(), ""),
                        authentication.get());
            }
            connectors.put(id, updated);
            return Optional.of(updated);
        }
    }

    /** {@code uploadClientCertificate}: adds a certificate (a basic configuration becomes a certificate one). */
    Optional<ConnectorView> addCertificate(String id, CertificateView certificate) {
        synchronized (lock) {
            ConnectorView old = connectors.get(id);
            if (old == null) {
                return Optional.empty();
            }
            List<CertificateView> certificates = new ArrayList<>(old.certificates());
            certificates.removeIf(c -> c.thumbprint().equals(certificate.thumbprint()));
            certificates.add(certificate);
            passwords.remove(id);
            secretWrites.merge(id, 1, Integer::sum);
            ConnectorView updated = new ConnectorView(id, old.displayName(), old.targetUrl(), "", certificates);
            connectors.put(id, updated);
            return Optional.of(updated);
        }
    }

    /** Must hold the lock. */
    private ConnectorView authenticated(ConnectorView connector, AuthenticationWrite authentication) {
        secretWrites.merge(connector.id(), 1, Integer::sum);
        if (authentication instanceof BasicWrite basic) {
            passwords.put(connector.id(), basic.password());
            return new ConnectorView(connector.id(), connector.displayName(), connector.targetUrl(), basic.username());
        }
        passwords.remove(connector.id());
        return new ConnectorView(connector.id(), connector.displayName(), connector.targetUrl(), "",
                List.of(((CertificateWrite) authentication).certificate()));
    }

    /** {@code DELETE /identity/apiConnectors/{id}}; false if there is no such connector. */
    boolean deleteConnector(String id) {
        synchronized (lock) {
            if (!connectors.containsKey(id)) {
                return false;
            }
            removeConnector(id);
            return true;
        }
    }

    Optional<ConnectorView> connector(String id) {
        synchronized (lock) {
            return Optional.ofNullable(connectors.get(id));
        }
    }

    List<ConnectorView> connectors() {
        synchronized (lock) {
            return new ArrayList<>(connectors.values());
        }
    }

    /** A {@code $ref} PUT/DELETE from Graph: {@code connectorId} empty means unbind. */
    RefWrite writeRef(String flowId, Step step, Optional<String> connectorId) {
        return writeRef(flowId, step, connectorId, Optional.empty());
    }

    /**
     * As {@link #writeRef(String, Step, Optional)}; a write that is done is recorded in the audit log at {@code at}
     * with the calling app as its actor, as the directory records every change whoever makes it.
     */
    RefWrite writeRef(String flowId, Step step, Optional<String> connectorId, Optional<Instant> at) {
        synchronized (lock) {
            Map<Step, String> bindings = flows.get(flowId);
            if (bindings == null) {
                return RefWrite.NO_SUCH_FLOW;
            }
            if (connectorId.isPresent() && !connectors.containsKey(connectorId.get())) {
                return RefWrite.NO_SUCH_CONNECTOR;
            }
            if (writesIgnored.contains(flowId)) {
                return RefWrite.IGNORED;
            }
            connectorId.ifPresentOrElse(id -> bindings.put(step, id), () -> bindings.remove(step));
            at.ifPresent(when -> recordAudit(flowId, callingApp(), when));
            return RefWrite.DONE;
        }
    }

    /**
     * A connector write made over HTTP, in the audit log as the calling app's {@code activity} ("Add API connector",
     * "Update API connector", "Delete API connector": issue 9 names "Update API connector"; the create and delete
     * names are this simulator's reading of the portal's audit categories) on the connector, its target resource.
     */
    void recordConnectorAudit(String connectorId, String activity, Instant at) {
        synchronized (lock) {
            long sequence = auditLog.size() + 1L;
            auditLog.add(new AuditRecord(sequence, String.format(Locale.ROOT, "B2C_%012d", sequence), at,
                    activity, AUDIT_SERVICE, AUDIT_CATEGORY, callingApp(), connectorId, "success"));
        }
    }

    /** Under {@code lock}. */
    private void recordAudit(String flowId, AuditActor actor, Instant at) {
        long sequence = auditLog.size() + 1L;
        auditLog.add(new AuditRecord(sequence, String.format(Locale.ROOT, "B2C_%012d", sequence), at,
                AUDIT_ACTIVITY, AUDIT_SERVICE, AUDIT_CATEGORY, actor, flowId, "success"));
    }

    private Map<Step, String> requireFlow(String flowId) {
        Map<Step, String> bindings = flows.get(flowId);
        if (bindings == null) {
            throw new IllegalArgumentException("no user flow '" + flowId + "' in the simulated tenant");
        }
        return bindings;
    }

    private static Step step(String graphName) {
        return Step.fromGraphName(graphName).orElseThrow(() -> new IllegalArgumentException(
                "unknown step '" + graphName + "'; Graph's steps are postFederationSignup, postAttributeCollection,"
                        + " preTokenIssuance"));
    }

    /** Absent: {@code absent}; {@code null}: null; else an integer. */
    private static Integer seedNumber(JsonNode node, String field, int absent, String where) {
        JsonNode value = node.get(field);
        if (value == null) {
            return absent;
        }
        if (value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be an integer or null");
        }
        return value.asInt();
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' must be a non-empty string");
        }
        return value.asText();
    }

    private static String requireText(String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        return value;
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JRE has SHA-256", e);
        }
    }
}
