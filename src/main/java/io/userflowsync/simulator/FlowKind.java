package io.userflowsync.simulator;

import java.util.Arrays;
import java.util.Optional;

/** The two families of user flows Graph exposes, told apart by their id prefix and their collection segment. */
enum FlowKind {
    /** Entra External ID self-service sign-up flows: v1.0 and beta. */
    B2X("B2X_1_", "b2xUserFlows", false),
    /** Azure AD B2C flows: beta only. */
    B2C("B2C_1_", "b2cUserFlows", true);

    private final String idPrefix;
    private final String segment;
    private final boolean betaOnly;

    FlowKind(String idPrefix, String segment, boolean betaOnly) {
        this.idPrefix = idPrefix;
        this.segment = segment;
        this.betaOnly = betaOnly;
    }

    String segment() {
        return segment;
    }

    boolean existsIn(String version) {
        return !betaOnly || "beta".equals(version);
    }

    static Optional<FlowKind> ofFlowId(String flowId) {
        return Arrays.stream(values()).filter(k -> flowId.startsWith(k.idPrefix) && flowId.length() > k.idPrefix.length())
                .findFirst();
    }

    static Optional<FlowKind> ofSegment(String segment) {
        return Arrays.stream(values()).filter(k -> k.segment.equals(segment)).findFirst();
    }
}
