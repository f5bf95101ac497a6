package io.userflowsync.graph;

/**
 * The two families of user flows and where Graph serves them: Entra External ID's self-service sign-up flows in
 * v1.0, Azure AD B2C's flows only in beta. The kind follows from the id's prefix.
 */
public enum UserFlowKind {
    B2X("B2X_1_", "v1.0", "b2xUserFlows"),
    B2C("B2C_1_", "beta", "b2cUserFlows");

    private final String idPrefix;
    private final String apiVersion;
    private final String collection;

    UserFlowKind(String idPrefix, String apiVersion, String collection) {
        this.idPrefix = idPrefix;
        this.apiVersion = apiVersion;
        this.collection = collection;
    }

    public static UserFlowKind of(String flowId) {
        for (UserFlowKind k : values()) {
            if (flowId.regionMatches(true, 0, k.idPrefix, 0, k.idPrefix.length())) {
                return k;
            }
        }
        throw new IllegalArgumentException("not a user flow id: " + flowId);
    }

    public String apiVersion() {
        return apiVersion;
    }

    /** e.g. {@code v1.0/identity/b2xUserFlows} */
    public String collectionPath() {
        return apiVersion + "/identity/" + collection;
    }
}
