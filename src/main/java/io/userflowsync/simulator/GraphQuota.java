package io.userflowsync.simulator;

/**
 * The request quota the simulator enforces, as Graph publishes it for the resources it serves; on by default
 * ({@link #published()}) for every {@link GraphSimulator#start(SimulatedTenant, int)}.
 *
 * <p>The figures (microsoftgraph/microsoft-graph-docs-contrib, concepts/throttling-limits.md, "Identity and access
 * service limits", which includes includes/throttling-cpim.md): for any request to b2cIdentityUserFlow,
 * b2xIdentityUserFlow, identityApiConnector, identityUserFlow and the other identity resources it lists,
 * <b>300 requests per 1 minute per tenant for all apps together, and 200 requests per 1 minute per app per
 * tenant</b>. The directory audit log is metered apart, with the identity and access reports
 * (includes/throttling-entra-logs-reports.md): <b>five requests per 10 seconds per app per tenant</b>; the simulator
 * keeps that window for {@code /auditLogs/directoryAudits} only, and those requests do not count against the user
 * flow quota. Which paths count where, and how a refusal is answered, is {@link QuotaWindows}'s.
 *
 * <p>Other apps of the same tenant share the 300: {@link #otherAppsPerMinute(int)} has them use a steady part of
 * it, so that with 200 the simulated agent gets 100 a minute before the tenant's limit refuses it, however far it
 * is from its own 200.
 *
 * <p>Immutable; give it to {@link GraphSimulator#start(SimulatedTenant, int, GraphQuota)} or change a running
 * simulator's with {@link GraphSimulator#quota(GraphQuota)}. {@code simulate} takes the same as
 * {@code --quota-per-app N}, {@code --quota-per-tenant N}, {@code --other-apps-per-minute N} and {@code --no-quota}.
 */
public final class GraphQuota {
    /** Graph's "Limit per app per tenant" for the identity resources: 200 requests per 1 minute. */
    public static final int PUBLISHED_PER_APP_PER_MINUTE = 200;
    /** Graph's "Limit per tenant for all apps" for the identity resources: 300 requests per 1 minute. */
    public static final int PUBLISHED_PER_TENANT_PER_MINUTE = 300;
    /** The identity and access reports' "Limit per app per tenant": five requests per 10 seconds. */
    public static final int PUBLISHED_AUDIT_PER_APP_PER_10_SECONDS = 5;

    private static final GraphQuota PUBLISHED = new GraphQuota(true, PUBLISHED_PER_APP_PER_MINUTE,
            PUBLISHED_PER_TENANT_PER_MINUTE, PUBLISHED_AUDIT_PER_APP_PER_10_SECONDS, 0);
    private static final GraphQuota UNLIMITED = new GraphQuota(false, Integer.MAX_VALUE, Integer.MAX_VALUE,
            Integer.MAX_VALUE, 0);

    private final boolean limited;
    private final int perAppPerMinute;
    private final int perTenantPerMinute;
    private final int auditPerAppPer10Seconds;
    private final int otherAppsPerMinute;

    private GraphQuota(boolean limited, int perAppPerMinute, int perTenantPerMinute, int auditPerAppPer10Seconds,
                       int otherAppsPerMinute) {
        this.limited = limited;
        this.perAppPerMinute = perAppPerMinute;
        this.perTenantPerMinute = perTenantPerMinute;
        this.auditPerAppPer10Seconds = auditPerAppPer10Seconds;
        this.otherAppsPerMinute = otherAppsPerMinute;
    }

    /** Graph's published figures: 200 a minute per app, 300 for all apps, the audit log 5 per 10 s per app. */
    public static GraphQuota published() {
        return PUBLISHED;
    }

    /**
     * No quota at all, the audit log's included: nothing is ever answered 429 by it. The windows are still kept, so
     * {@link GraphSimulator#quotaUsage()} tells a benchmark how much of Graph's quota a run would have used.
     */
    public static GraphQuota unlimited() {
        return UNLIMITED;
    }

    /** Other figures for the user flow quota (each 1 or more); the audit log keeps its published window. */
    public static GraphQuota of(int perAppPerMinute, int perTenantPerMinute) {
        if (perAppPerMinute < 1 || perTenantPerMinute < 1) {
            throw new IllegalArgumentException("a quota admits at least 1 request a minute per app and per tenant,"
                    + " not " + perAppPerMinute + " and " + perTenantPerMinute);
        }
        return new GraphQuota(true, perAppPerMinute, perTenantPerMinute, PUBLISHED_AUDIT_PER_APP_PER_10_SECONDS, 0);
    }

    /**
     * This quota with other apps of the tenant using {@code n} requests a minute of the tenant's share, always: a
     * steady background rate, spread evenly, so that {@code n} of them are in the tenant's window at any moment.
     * They count against the tenant's limit only (they are other apps). {@code n} must leave the agent room, 0 to
     * {@link #perTenantPerMinute()} − 1: a tenant the agent could never get a request into would make every
     * {@code Retry-After} a lie.
     */
    public GraphQuota otherAppsPerMinute(int n) {
        if (!limited) {
            throw new IllegalStateException("an unlimited quota has no tenant window for other apps to fill");
        }
        if (n < 0 || n >= perTenantPerMinute) {
            throw new IllegalArgumentException("other apps can use 0 to " + (perTenantPerMinute - 1)
                    + " of the tenant's " + perTenantPerMinute + " requests a minute, not " + n);
        }
        return new GraphQuota(true, perAppPerMinute, perTenantPerMinute, auditPerAppPer10Seconds, n);
    }

    /** False for {@link #unlimited()}: nothing is refused. */
    public boolean limited() {
        return limited;
    }

    /** Requests a minute one app may send to the identity resources; {@link Integer#MAX_VALUE} when unlimited. */
    public int perAppPerMinute() {
        return perAppPerMinute;
    }

    /** Requests a minute all apps together may send, other apps' included; {@link Integer#MAX_VALUE} when unlimited. */
    public int perTenantPerMinute() {
        return perTenantPerMinute;
    }

    /** Audit log requests per 10 seconds per app; {@link Integer#MAX_VALUE} when unlimited. */
    public int auditPerAppPer10Seconds() {
        return auditPerAppPer10Seconds;
    }

    /** The other apps' steady requests a minute in the tenant's window. */
    public int otherAppsPerMinute() {
        return otherAppsPerMinute;
    }

    /** As {@code simulate} prints it: {@code 200 requests a minute per app, 300 for all apps (...)}. */
    @Override
    public String toString() {
        if (!limited) {
            return "no quota";
        }
        return perAppPerMinute + " requests a minute per app, " + perTenantPerMinute + " for all apps"
                + (otherAppsPerMinute > 0 ? " (other apps use " + otherAppsPerMinute + " of them)" : "")
                + ", the audit log " + auditPerAppPer10Seconds + " per 10 s per app";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GraphQuota q && q.limited == limited && q.perAppPerMinute == perAppPerMinute
                && q.perTenantPerMinute == perTenantPerMinute && q.auditPerAppPer10Seconds == auditPerAppPer10Seconds
                && q.otherAppsPerMinute == otherAppsPerMinute;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(limited, perAppPerMinute, perTenantPerMinute, auditPerAppPer10Seconds,
                otherAppsPerMinute);
    }
}
