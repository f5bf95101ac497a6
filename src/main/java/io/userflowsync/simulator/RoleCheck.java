package io.userflowsync.simulator;

import java.util.List;
import java.util.Optional;

/**
 * Graph's check of the application permissions ({@code roles}) in the caller's token, per operation, as the
 * reference pages list them for application callers (microsoftgraph/microsoft-graph-docs-contrib,
 * api-reference/v1.0/api): a 403 {@code Authorization_RequestDenied} when none of the listed permissions is granted.
 *
 * <ul>
 *   <li>Listing and reading user flows (identitycontainer-list-b2xuserflows.md, b2xidentityuserflow-get.md):
 *       {@code IdentityUserFlow.Read.All} or {@code IdentityUserFlow.ReadWrite.All}.</li>
 *   <li>A flow's {@code apiConnectorConfiguration}, read or written
 *       (b2xidentityuserflow-get-apiconnectorconfiguration.md, b2xidentityuserflow-put-apiconnectorconfiguration.md):
 *       {@code IdentityUserFlow.ReadWrite.All} only; the page for reading lists no read-only permission.</li>
 *   <li>Other writes to user flows: {@code IdentityUserFlow.ReadWrite.All}.</li>
 *   <li>Listing and reading API connectors (identityapiconnector-list.md, identityapiconnector-get.md):
 *       {@code APIConnectors.Read.All} or {@code APIConnectors.ReadWrite.All}; creating, updating, deleting them and
 *       uploading a certificate: {@code APIConnectors.ReadWrite.All}.</li>
 *   <li>An external tenant's sign-up flows (authenticationeventsflow-get.md, -update.md): reading
 *       {@code EventListener.Read.All} or {@code EventListener.ReadWrite.All}, writing
 *       {@code EventListener.ReadWrite.All}; the extension a handler calls is read with the flow's permission.</li>
 *   <li>Authentication event listeners (identitycontainer-list-authenticationeventlisteners.md,
 *       authenticationeventlistener-get.md, identitycontainer-post-authenticationeventlisteners.md,
 *       authenticationeventlistener-update.md, -delete.md): reading {@code EventListener.Read.All} or
 *       {@code EventListener.ReadWrite.All}, creating, updating and deleting {@code EventListener.ReadWrite.All}; the
 *       extension a listener's handler names is read with the listener's permission (the beta create page's
 *       {@code CustomAuthenticationExtension.ReadWrite.All} and higher privileged ones are not honoured).</li>
 *   <li>Custom authentication extensions (customauthenticationextension-list.md, -validateauthenticationconfiguration.md):
 *       {@code CustomAuthenticationExtension.Read.All} or {@code .ReadWrite.All}, for the validation too (a POST that
 *       changes nothing); creating and updating them (identitycontainer-post-customauthenticationextensions.md,
 *       customauthenticationextension-update.md): {@code CustomAuthenticationExtension.ReadWrite.All}, the least
 *       privileged one (the pages' higher privileged {@code Policy.ReadWrite.AuthenticationFlows} and
 *       {@code Application.ReadWrite.All} are not honoured, as no higher privileged permission is here).</li>
 * </ul>
 * Paths this class does not know are not checked here (their handlers check their own permissions).
 */
final class RoleCheck {
    static final String DENIED = "Insufficient privileges to complete the operation.";

    private RoleCheck() {
    }

    /** The 403 Graph answers when the token's roles do not allow this request; empty when they do. */
    static Optional<SimResponse> denial(RequestContext context, GraphRequest request) {
        List<String> anyOf = needed(request.method(), request.segments());
        if (anyOf.isEmpty() || anyOf.stream().anyMatch(context.roles()::contains)) {
            return Optional.empty();
        }
        return Optional.of(SimResponse.graphError(context, 403, "Authorization_RequestDenied", DENIED));
    }

    /** Any one of these allows the request; none listed: not checked here. */
    static List<String> needed(String method, List<String> segments) {
        if (segments.size() < 2 || !segments.get(0).equals("identity")) {
            return List.of();
        }
        boolean read = method.equals("GET");
        String collection = segments.get(1);
        if (collection.equals("apiConnectors")) {
            return read ? List.of("APIConnectors.Read.All", "APIConnectors.ReadWrite.All")
                    : List.of("APIConnectors.ReadWrite.All");
        }
        if (collection.equals("authenticationEventsFlows") || collection.equals("authenticationEventListeners")) {
            return read ? List.of("EventListener.Read.All", "EventListener.ReadWrite.All")
                    : List.of("EventListener.ReadWrite.All");
        }
        if (collection.equals("customAuthenticationExtensions")) {
            boolean validation = segments.size() == 4 && segments.get(3).equals("validateAuthenticationConfiguration");
            return read || validation
                    ? List.of("CustomAuthenticationExtension.Read.All", "CustomAuthenticationExtension.ReadWrite.All")
                    : List.of("CustomAuthenticationExtension.ReadWrite.All");
        }
        if (collection.equals("b2xUserFlows") || collection.equals("b2cUserFlows")) {
            boolean configuration = segments.size() > 3 && segments.get(3).equals("apiConnectorConfiguration");
            return read && !configuration ? List.of("IdentityUserFlow.Read.All", "IdentityUserFlow.ReadWrite.All")
                    : List.of("IdentityUserFlow.ReadWrite.All");
        }
        return List.of();
    }
}
