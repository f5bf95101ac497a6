package io.userflowsync.model;

import java.util.Arrays;
import java.util.Optional;

/**
 * A step of a user flow's {@code apiConnectorConfiguration}: the relationship name Graph uses, in the order
 * a sign-up walks through them (which is also the order plans list them in).
 */
public enum Step {
    POST_FEDERATION_SIGNUP("postFederationSignup", false),
    POST_ATTRIBUTE_COLLECTION("postAttributeCollection", false),
    /** Only in the beta SDK model; no Graph page documents binding it, so it needs an explicit opt-in. */
    PRE_TOKEN_ISSUANCE("preTokenIssuance", true);

    private final String graphName;
    private final boolean experimental;

    Step(String graphName, boolean experimental) {
        this.graphName = graphName;
        this.experimental = experimental;
    }

    public String graphName() {
        return graphName;
    }

    public boolean experimental() {
        return experimental;
    }

    public static Optional<Step> fromGraphName(String name) {
        return Arrays.stream(values()).filter(s -> s.graphName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return graphName;
    }
}
