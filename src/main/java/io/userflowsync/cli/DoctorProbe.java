package io.userflowsync.cli;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code doctor --probe}: one read of each kind apply needs, to catch a permission the token carries that Graph still
 * refuses (a grant whose admin consent was withdrawn after the token was issued, or a service-side restriction).
 * Never a write: a probe of a write would change the tenant.
 */
final class DoctorProbe {
    /** What one read answered; {@code refused} is Graph's error when it failed. */
    record Result(String feature, Optional<GraphError> refused, String detail) {
        boolean ok() {
            return refused.isEmpty();
        }
    }

    private DoctorProbe() {
    }

    static List<Result> run(GraphClient client) {
        return List.of(connectors(client), flows(client));
    }

    private static Result connectors(GraphClient client) {
        String feature = "read API connectors";
        try {
            return new Result(feature, Optional.empty(), "listed " + client.listConnectors().size() + " connector(s)");
        } catch (GraphException e) {
            return new Result(feature, Optional.of(e.error()), "listing the connectors");
        }
    }

    private static Result flows(GraphClient client) {
        String feature = "read user flows and their bindings";
        Set<String> ids;
        try {
            ids = client.listUserFlowIds(Set.of(UserFlowKind.B2X));
        } catch (GraphException b2x) {
            if (b2x.error().status() == 403) {
                return new Result(feature, Optional.of(b2x.error()), "listing the user flows");
            }
            // An Azure AD B2C tenant serves its flows under beta's b2cUserFlows instead.
            try {
                ids = client.listUserFlowIds(Set.of(UserFlowKind.B2C));
            } catch (GraphException b2c) {
                return new Result(feature, Optional.of(b2c.error()), "listing the user flows");
            }
        }
        if (ids.isEmpty()) {
            return new Result(feature, Optional.empty(), "listed the user flows; the tenant has none to read");
        }
        String first = ids.iterator().next();
        FlowRead read = client.readBindings(Map.of(first, Set.of(Step.POST_ATTRIBUTE_COLLECTION))).get(first);
        return read.error().map(e -> new Result(feature, Optional.of(e), "reading the bindings of " + first))
                .orElseGet(() -> new Result(feature, Optional.empty(), "read the bindings of " + first));
    }
}
