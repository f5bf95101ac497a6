package io.userflowsync.model;

import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The two families of user flows, told apart by the id's prefix, and where Graph serves each: Entra External ID's
 * self-service sign-up flows ({@code b2xIdentityUserFlow}, {@code /identity/b2xUserFlows}) in v1.0 and beta, Azure AD
 * B2C's flows ({@code b2cIdentityUserFlow}, {@code /identity/b2cUserFlows}) in beta only (Graph's reference has no
 * v1.0 page for them). The one home of these rules: the desired-state loader, the Graph client and the simulator all
 * ask this type.
 */
public enum UserFlowKind {
    B2X("B2X_1_", "v1.0", "b2xUserFlows", false),
    B2C("B2C_1_", "beta", "b2cUserFlows", true);

    /** What the desired state accepts as a flow id (and the JSON Schema repeats): a known prefix, then a name. */
    public static final String ID_REGEX = "^B2[XC]_1_[A-Za-z0-9_.\\-]+$";
    public static final Pattern ID = Pattern.compile(ID_REGEX);

    private final String idPrefix;
    private final String apiVersion;
    private final String collection;
    private final boolean betaOnly;

    UserFlowKind(String idPrefix, String apiVersion, String collection, boolean betaOnly) {
        this.idPrefix = idPrefix;
        this.apiVersion = apiVersion;
        this.collection = collection;
        this.betaOnly = betaOnly;
    }

    /** The kind of an id as Graph writes it: the exact prefix (case and all) followed by at least one character. */
    public static Optional<UserFlowKind> of(String flowId) {
        return Arrays.stream(values())
                .filter(k -> flowId.startsWith(k.idPrefix) && flowId.length() > k.idPrefix.length())
                .findFirst();
    }

    /** The kind a prefix names whatever its case ({@code b2c_1_x} is meant as B2C), for routing and for hints. */
    public static Optional<UserFlowKind> ofIgnoringCase(String flowId) {
        return Arrays.stream(values())
                .filter(k -> flowId.regionMatches(true, 0, k.idPrefix, 0, k.idPrefix.length()))
                .findFirst();
    }

    /** The kind of a flow id the desired-state loader has validated; any other id is a bug in the caller. */
    public static UserFlowKind require(String flowId) {
        return ofIgnoringCase(flowId).orElseThrow(() -> new IllegalArgumentException("not a user flow id: " + flowId));
    }

    /** The kind served under a collection segment, e.g. {@code b2xUserFlows}. */
    public static Optional<UserFlowKind> ofCollection(String collection) {
        return Arrays.stream(values()).filter(k -> k.collection.equals(collection)).findFirst();
    }

    /** e.g. {@code B2X_1_} */
    public String idPrefix() {
        return idPrefix;
    }

    /** The Graph version the agent reads and writes this kind under: v1.0 where it exists, else beta. */
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
}
