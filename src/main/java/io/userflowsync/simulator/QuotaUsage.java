package io.userflowsync.simulator;

import java.util.Map;

/**
 * What is in the quota's windows at one moment ({@link GraphSimulator#quotaUsage()}): every request counted, answered
 * or refused, since Graph counts both ({@link QuotaWindows}).
 *
 * @param perApp      requests to the identity resources in the last minute, by the {@code appid} of their token
 * @param tenant      requests to the identity resources in the last minute for all apps, the other apps' steady
 *                    load ({@link GraphQuota#otherAppsPerMinute(int)}) included
 * @param otherApps   the part of {@code tenant} that is the other apps' load
 * @param auditPerApp audit log requests in the last 10 seconds, by app
 * @param throttled   requests answered 429 by the quota since start or {@link GraphSimulator#clearRequests()}
 */
public record QuotaUsage(Map<String, Integer> perApp, int tenant, int otherApps, Map<String, Integer> auditPerApp,
                         long throttled) {

    public QuotaUsage {
        perApp = Map.copyOf(perApp);
        auditPerApp = Map.copyOf(auditPerApp);
    }

    /** The app's requests in the user flow window, 0 for an app that sent none. */
    public int app(String appId) {
        return perApp.getOrDefault(appId, 0);
    }

    /** The app's requests in the audit log window, 0 for an app that sent none. */
    public int audit(String appId) {
        return auditPerApp.getOrDefault(appId, 0);
    }
}
