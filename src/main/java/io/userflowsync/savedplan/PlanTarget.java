package io.userflowsync.savedplan;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;

import java.util.Locale;

/**
 * The tenant a plan was made for, and the Graph it was read from: a plan for one tenant (or one cloud) is never
 * applied to another, where the same flow ids may well exist with other bindings.
 *
 * @param graphEndpoint {@code graph.endpoint}, without a trailing slash
 * @param tenantId      {@code azure.tenant.id}, a GUID or a domain name (not a secret: any client can look it up)
 */
public record PlanTarget(String graphEndpoint, String tenantId) {
    public PlanTarget {
        graphEndpoint = trimSlash(graphEndpoint);
        tenantId = tenantId.trim();
    }

    public static PlanTarget of(Settings settings) {
        return new PlanTarget(settings.required(Setting.GRAPH_ENDPOINT), settings.required(Setting.TENANT_ID));
    }

    /** Tenant ids (GUIDs, domain names) and URL hosts are case-insensitive; so is this comparison. */
    public boolean sameTenant(PlanTarget other) {
        return tenantId.toLowerCase(Locale.ROOT).equals(other.tenantId.toLowerCase(Locale.ROOT));
    }

    public boolean sameGraph(PlanTarget other) {
        return graphEndpoint.toLowerCase(Locale.ROOT).equals(other.graphEndpoint.toLowerCase(Locale.ROOT));
    }

    private static String trimSlash(String url) {
        String s = url.trim();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }
}
