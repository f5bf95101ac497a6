package io.userflowsync.model;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The three families of user flows, and the applications of an external tenant, and where Graph serves each: Entra External ID's self-service sign-up flows in a
 * workforce tenant ({@code b2xIdentityUserFlow}, {@code /identity/b2xUserFlows}) in v1.0 and beta, Azure AD B2C's
 * flows ({@code b2cIdentityUserFlow}, {@code /identity/b2cUserFlows}) in beta only (Graph's reference has no v1.0 page
 * for them), and an External ID external tenant's sign-up flows ({@code externalUsersSelfServiceSignUpEventsFlow},
 * {@code /identity/authenticationEventsFlows}), whose events call custom authentication extensions. The first two are
 * told apart by the id's prefix; an external tenant's flow id is a GUID. The one home of these rules: the
 * desired-state loader, the Graph client and the simulator all ask this type.
 *
 * <p>External flows are read and written under beta: binding an event is documented only there (Microsoft's External
 * ID training, {@code PUT /beta/identity/authenticationEventsFlows/{id}/microsoft.graph.externalUsersSelfServiceSignUpEventsFlow/onAttributeCollectionSubmit/microsoft.graph.onAttributeCollectionSubmitCustomExtensionHandler/customExtension/$ref}),
 * and a batch goes to one version, so reads and writes of a flow share it.
 */
public enum UserFlowKind {
    B2X("B2X_1_", "v1.0", "b2xUserFlows", false,
            EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION)),
    B2C("B2C_1_", "beta", "b2cUserFlows", true,
            EnumSet.of(Step.POST_FEDERATION_SIGNUP, Step.POST_ATTRIBUTE_COLLECTION, Step.PRE_TOKEN_ISSUANCE)),
    EXTERNAL("", "beta", "authenticationEventsFlows", false,
            EnumSet.of(Step.ON_ATTRIBUTE_COLLECTION_START, Step.ON_ATTRIBUTE_COLLECTION_SUBMIT)),
    /**
     * Not a user flow: an application of an external tenant, whose token issuance and email OTP call a custom
     * authentication extension through an {@code authenticationEventListener} that includes its appId
     * (resources/authenticationeventlistener.md). Its id is {@value #APPLICATION_PREFIX} and the appId, so that it
     * never passes for a sign-up flow's GUID; the desired state writes the bare appId under
     * {@code applicationListeners:}. Served under beta, the only version with {@code onEmailOtpSendListener}.
     */
    APPLICATION(UserFlowKind.APPLICATION_PREFIX, "beta", "authenticationEventListeners", false,
            EnumSet.of(Step.ON_TOKEN_ISSUANCE_START, Step.ON_OTP_SEND));

    /** How an application's id begins: {@code app:} and its appId (a GUID, lower case). */
    public static final String APPLICATION_PREFIX = "app:";

    /** What the desired state's {@code userFlows:} accepts as a flow id (and the JSON Schema repeats). */
    public static final String ID_REGEX = "^B2[XC]_1_[A-Za-z0-9_.\\-]+$";
    public static final Pattern ID = Pattern.compile(ID_REGEX);

    /** What {@code authenticationEventsFlows:} accepts as a flow id: a GUID, as Graph writes the flows' ids. */
    public static final String EXTERNAL_ID_REGEX =
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
    public static final Pattern EXTERNAL_ID = Pattern.compile(EXTERNAL_ID_REGEX);

    private final String idPrefix;
    private final String apiVersion;
    private final String collection;
    private final boolean betaOnly;
    private final Set<Step> steps;

    UserFlowKind(String idPrefix, String apiVersion, String collection, boolean betaOnly, Set<Step> steps) {
        this.idPrefix = idPrefix;
        this.apiVersion = apiVersion;
        this.collection = collection;
        this.betaOnly = betaOnly;
        this.steps = steps;
    }

    /** The kind of an id as Graph writes it: the exact prefix (case and all) followed by at least one character, or a GUID. */
    public static Optional<UserFlowKind> of(String flowId) {
        if (EXTERNAL_ID.matcher(flowId).matches()) {
            return Optional.of(EXTERNAL);
        }
        if (flowId.startsWith(APPLICATION_PREFIX)) {
            return EXTERNAL_ID.matcher(flowId.substring(APPLICATION_PREFIX.length())).matches()
                    ? Optional.of(APPLICATION) : Optional.empty();
        }
        return Arrays.stream(values())
                .filter(k -> k != EXTERNAL && flowId.startsWith(k.idPrefix) && flowId.length() > k.idPrefix.length())
                .findFirst();
    }

    /** The id of an application's listeners: {@code app:} and the appId in lower case. */
    public static String applicationId(String appId) {
        return APPLICATION_PREFIX + appId.toLowerCase(java.util.Locale.ROOT);
    }

    /** The appId of an application's id ({@link #applicationId}). */
    public static String appIdOf(String flowId) {
        if (!flowId.startsWith(APPLICATION_PREFIX)) {
            throw new IllegalArgumentException("not an application's id: " + flowId);
        }
        return flowId.substring(APPLICATION_PREFIX.length());
    }

    /** The kind a prefix names whatever its case ({@code b2c_1_x} is meant as B2C), for routing and for hints. */
    public static Optional<UserFlowKind> ofIgnoringCase(String flowId) {
        if (EXTERNAL_ID.matcher(flowId).matches()) {
            return Optional.of(EXTERNAL);
        }
        return Arrays.stream(values())
                .filter(k -> k != EXTERNAL && flowId.regionMatches(true, 0, k.idPrefix, 0, k.idPrefix.length()))
                .findFirst();
    }

    /** The kind of a flow id the desired-state loader has validated; any other id is a bug in the caller. */
    public static UserFlowKind require(String flowId) {
        return ofIgnoringCase(flowId).orElseThrow(() -> new IllegalArgumentException("not a user flow id: " + flowId));
    }

    /** Whether the desired state (and so a saved plan) can name this id: {@link #ID} or a GUID. */
    public static boolean isFlowId(String flowId) {
        return ID.matcher(flowId).matches() || EXTERNAL_ID.matcher(flowId).matches()
                || of(flowId).filter(k -> k == APPLICATION).isPresent();
    }

    /** The kind served under a collection segment, e.g. {@code b2xUserFlows}. */
    public static Optional<UserFlowKind> ofCollection(String collection) {
        return Arrays.stream(values()).filter(k -> k.collection.equals(collection)).findFirst();
    }

    /** e.g. {@code B2X_1_}; empty for external flows, whose ids are GUIDs. */
    public String idPrefix() {
        return idPrefix;
    }

    /** The Graph version the agent reads and writes this kind under. */
    public String apiVersion() {
        return apiVersion;
    }

    /** The collection segment, e.g. {@code b2xUserFlows}. */
    public String collection() {
        return collection;
    }

    /** e.g. {@code v1.0/identity/b2xUserFlows} */
    public String collectionPath() {
        return apiVersion + "/identity/" + collection;
    }

    /** Whether Graph serves this kind under {@code version} ({@code v1.0} or {@code beta}). */
    public boolean servedIn(String version) {
        return !betaOnly || "beta".equals(version);
    }

    /** The steps a flow of this family has. */
    public Set<Step> steps() {
        return EnumSet.copyOf(steps);
    }

    /** Whether this family's steps call custom authentication extensions rather than API connectors. */
    public boolean callsExtensions() {
        return this == EXTERNAL || this == APPLICATION;
    }

    /** Whether these are applications, bound through listeners, rather than flows Graph lists. */
    public boolean isApplication() {
        return this == APPLICATION;
    }
}
