package io.userflowsync.cli;

import io.userflowsync.graph.FlowRead;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.ArrayList;
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

    /** At most this many extensions are validated: one request each, from the same quota as everything else. */
    static final int MAX_VALIDATED = 10;

    /**
     * For an app meant for an External ID external tenant (its token grants {@code EventListener.*}): a read of its
     * sign-up flows, and {@code validateAuthenticationConfiguration} of each custom authentication extension, which
     * changes nothing and tells whether Graph can get a token for the extension's API (the
     * {@code CustomAuthenticationExtensions.Receive.Payload} consent). The binding writes cannot be probed without
     * writing: which form a tenant honours shows in the read-back of the first apply ("not effective").
     */
    static List<Result> runExternal(GraphClient client) {
        List<Result> results = new ArrayList<>();
        String feature = "read external sign-up flows";
        try {
            Set<String> ids = client.listUserFlowIds(Set.of(UserFlowKind.EXTERNAL));
            if (ids.isEmpty()) {
                results.add(new Result(feature, Optional.empty(), "listed the sign-up flows; the tenant has none"));
            } else {
                String first = ids.iterator().next();
                FlowRead read = client.readBindings(Map.of(first, UserFlowKind.EXTERNAL.steps())).get(first);
                results.add(read.error().map(e -> new Result(feature, Optional.of(e), "reading the events of " + first))
                        .orElseGet(() -> new Result(feature, Optional.empty(), "read the events of " + first)));
            }
        } catch (GraphException e) {
            results.add(new Result(feature, Optional.of(e.error()), "listing the sign-up flows"));
        }
        String extensions = "read custom authentication extensions";
        List<CustomExtension> listed;
        try {
            listed = client.listExtensions();
            results.add(new Result(extensions, Optional.empty(), "listed " + listed.size() + " extension(s)"));
        } catch (GraphException e) {
            results.add(new Result(extensions, Optional.of(e.error()), "listing the extensions"));
            return results;
        }
        for (CustomExtension extension : listed.stream().limit(MAX_VALIDATED).toList()) {
            String what = "validate extension " + extension.displayName();
            try {
                List<String> problems = client.validateExtension(extension.id());
                results.add(problems.isEmpty()
                        ? new Result(what, Optional.empty(), "Graph can authenticate to its API")
                        : new Result(what, Optional.of(new GraphError(200, "invalid_authentication_configuration",
                        String.join("; ", problems), Optional.empty())), "validateAuthenticationConfiguration of "
                        + extension.id()));
            } catch (GraphException e) {
                results.add(new Result(what, Optional.of(e.error()), "validateAuthenticationConfiguration of "
                        + extension.id()));
            }
        }
        return results;
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
