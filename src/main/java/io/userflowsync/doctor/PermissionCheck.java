package io.userflowsync.doctor;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which commands and features the app's granted application permissions (the access token's {@code roles}) allow:
 * a pure function of the roles, so the table is tested without a token (issue 9 item 6).
 *
 * <p>The permissions are those Graph's reference pages list for application callers
 * (microsoftgraph/microsoft-graph-docs-contrib, api-reference/v1.0/api): reading a flow's
 * {@code apiConnectorConfiguration} lists only {@code IdentityUserFlow.ReadWrite.All}
 * (b2xidentityuserflow-get-apiconnectorconfiguration.md), and so do the {@code $ref} writes
 * (b2xidentityuserflow-put-apiconnectorconfiguration.md); listing connectors takes {@code APIConnectors.Read.All}
 * or {@code APIConnectors.ReadWrite.All} (identityapiconnector-list.md), creating and updating them
 * {@code APIConnectors.ReadWrite.All}; the directory audit log {@code AuditLog.Read.All} (directoryaudit-list.md).
 * An External ID external tenant's sign-up flows are read with {@code EventListener.Read.All} and bound with
 * {@code EventListener.ReadWrite.All} (authenticationeventsflow-get.md, authenticationeventsflow-update.md), the
 * extensions they call listed with {@code CustomAuthenticationExtension.Read.All} (customauthenticationextension-list.md),
 * created and updated with {@code CustomAuthenticationExtension.ReadWrite.All}
 * (identitycontainer-post-customauthenticationextensions.md, customauthenticationextension-update.md).
 * An app whose token grants {@code EventListener.*} and no {@code IdentityUserFlow.*} is taken for an external
 * tenant's: what apply needs is then the external rows, and the user-flow and connector rows are optional.
 */
public final class PermissionCheck {
    public static final String FLOWS_READ_WRITE = "IdentityUserFlow.ReadWrite.All";
    public static final String FLOWS_READ = "IdentityUserFlow.Read.All";
    public static final String CONNECTORS_READ = "APIConnectors.Read.All";
    public static final String CONNECTORS_READ_WRITE = "APIConnectors.ReadWrite.All";
    public static final String AUDIT_LOG_READ = "AuditLog.Read.All";
    public static final String EVENT_FLOWS_READ = "EventListener.Read.All";
    public static final String EVENT_FLOWS_READ_WRITE = "EventListener.ReadWrite.All";
    public static final String EXTENSIONS_READ = "CustomAuthenticationExtension.Read.All";
    public static final String EXTENSIONS_READ_WRITE = "CustomAuthenticationExtension.ReadWrite.All";
    private static final Optional<String> EXTERNAL_ONLY = Optional.of("for authenticationEventsFlows: (an External ID "
            + "external tenant's sign-up flows) only");

    /** Every need, in the order the table shows them. */
    public static final List<PermissionNeed> NEEDS = List.of(
            new PermissionNeed("read user flows and their bindings", List.of("plan", "export", "apply", "run"),
                    List.of(FLOWS_READ_WRITE), true, Optional.of("Graph documents only " + FLOWS_READ_WRITE
                            + " for reading apiConnectorConfiguration, even to read")),
            new PermissionNeed("read API connectors", List.of("plan", "export", "apply", "run"),
                    List.of(CONNECTORS_READ, CONNECTORS_READ_WRITE), true, Optional.empty()),
            new PermissionNeed("bind and unbind steps", List.of("apply", "run"), List.of(FLOWS_READ_WRITE), true,
                    Optional.empty()),
            new PermissionNeed("who caused the drift (forensics)", List.of("plan", "apply", "run"),
                    List.of(AUDIT_LOG_READ), false, Optional.of("optional: without it, drift is reported without"
                            + " who made it, and the rolling scan alone finds portal changes: one sweep ≈ managed"
                            + " flows ÷ sync.scan-per-minute minutes")),
            new PermissionNeed("connectors as code", List.of("apply", "run"), List.of(CONNECTORS_READ_WRITE), false,
                    Optional.of("for the connectors: section of the desired state")),
            new PermissionNeed("read external sign-up flows", List.of("plan", "export", "apply", "run"),
                    List.of(EVENT_FLOWS_READ, EVENT_FLOWS_READ_WRITE), false, EXTERNAL_ONLY),
            new PermissionNeed("read custom authentication extensions", List.of("plan", "export", "apply", "run"),
                    List.of(EXTENSIONS_READ, EXTENSIONS_READ_WRITE), false, EXTERNAL_ONLY),
            new PermissionNeed("bind and unbind events", List.of("apply", "run"), List.of(EVENT_FLOWS_READ_WRITE),
                    false, EXTERNAL_ONLY),
            new PermissionNeed("custom extensions as code", List.of("apply", "run"), List.of(EXTENSIONS_READ_WRITE),
                    false, Optional.of("for the customExtensions: section of the desired state")),
            new PermissionNeed("applications' listeners", List.of("plan", "export", "apply", "run"),
                    List.of(EVENT_FLOWS_READ_WRITE), false, Optional.of("for the applicationListeners: section: "
                    + EVENT_FLOWS_READ + " reads the listeners, " + EVENT_FLOWS_READ_WRITE + " creates, changes and "
                    + "deletes them (identitycontainer-post-authenticationeventlisteners.md)")));

    /**
     * One need and whether the roles meet it; {@code grantedBy} is the role that does, if any; {@code required}
     * whether apply needs it for this app (its {@link PermissionNeed#forApply}, swapped for an external tenant's app).
     */
    public record Row(PermissionNeed need, Optional<String> grantedBy, Optional<String> hint, boolean required) {
        public boolean granted() {
            return grantedBy.isPresent();
        }
    }

    private static final Set<String> EXTERNAL_NEEDS = Set.of("read external sign-up flows",
            "read custom authentication extensions", "bind and unbind events");
    private static final Set<String> WORKFORCE_NEEDS = Set.of("read user flows and their bindings",
            "read API connectors", "bind and unbind steps");

    /** The table for these roles, and whether apply (and the daemon) has every permission it needs. */
    public record Result(List<String> roles, List<Row> rows) {
        public Result {
            roles = List.copyOf(roles);
            rows = List.copyOf(rows);
        }

        public boolean applyReady() {
            return rows.stream().filter(Row::required).allMatch(Row::granted);
        }

        /** The permissions apply misses: the least privileged choice of each unmet need, each once. */
        public List<String> missingForApply() {
            return rows.stream().filter(r -> r.required() && !r.granted())
                    .map(r -> r.need().anyOf().get(0)).distinct().toList();
        }
    }

    private PermissionCheck() {
    }

    /** Whether these roles are an External ID external tenant's app: EventListener.*, no IdentityUserFlow.*. */
    public static boolean externalApp(List<String> roles) {
        return roles.stream().anyMatch(r -> r.startsWith("EventListener."))
                && roles.stream().noneMatch(r -> r.startsWith("IdentityUserFlow."));
    }

    public static Result of(List<String> roles) {
        Set<String> granted = Set.copyOf(roles);
        boolean external = externalApp(roles);
        List<Row> rows = NEEDS.stream().map(need -> {
            Optional<String> by = need.anyOf().stream().filter(granted::contains).findFirst();
            Optional<String> hint = Optional.empty();
            if (by.isEmpty() && need.anyOf().contains(FLOWS_READ_WRITE) && granted.contains(FLOWS_READ)) {
                // The likeliest slip: the read-only flow permission granted for a read-only use.
                hint = Optional.of(FLOWS_READ + " is granted, but Graph documents only " + FLOWS_READ_WRITE
                        + " here");
            }
            boolean required = external ? EXTERNAL_NEEDS.contains(need.feature())
                    : need.forApply() && !EXTERNAL_NEEDS.contains(need.feature());
            if (external && WORKFORCE_NEEDS.contains(need.feature())) {
                required = false;
            }
            return new Row(need, by, hint, required);
        }).toList();
        return new Result(roles, rows);
    }
}
