package io.userflowsync.cli;

import io.userflowsync.simulator.GraphQuota;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The quota options only {@code simulate} takes: {@code --quota-per-app N}, {@code --quota-per-tenant N},
 * {@code --other-apps-per-minute N} and {@code --no-quota}. Without any the simulator enforces Graph's published
 * figures ({@link GraphQuota#published()}); a figure not given keeps its published value.
 */
record QuotaOptions(Optional<Integer> perApp, Optional<Integer> perTenant, Optional<Integer> otherApps,
                    boolean none) {
    static final QuotaOptions NONE = new QuotaOptions(Optional.empty(), Optional.empty(), Optional.empty(), false);

    QuotaOptions withPerApp(int n) {
        return new QuotaOptions(Optional.of(n), perTenant, otherApps, none);
    }

    QuotaOptions withPerTenant(int n) {
        return new QuotaOptions(perApp, Optional.of(n), otherApps, none);
    }

    QuotaOptions withOtherApps(int n) {
        return new QuotaOptions(perApp, perTenant, Optional.of(n), none);
    }

    QuotaOptions lifted() {
        return new QuotaOptions(perApp, perTenant, otherApps, true);
    }

    /** What is wrong with the combination, as a usage error's message; empty when it makes a quota. */
    Optional<String> problem() {
        if (none) {
            List<String> given = new ArrayList<>();
            perApp.ifPresent(n -> given.add("--quota-per-app"));
            perTenant.ifPresent(n -> given.add("--quota-per-tenant"));
            otherApps.ifPresent(n -> given.add("--other-apps-per-minute"));
            return given.isEmpty() ? Optional.empty() : Optional.of("--no-quota lifts the quota, so it takes no "
                    + String.join(", ", given));
        }
        int tenant = perTenant.orElse(GraphQuota.PUBLISHED_PER_TENANT_PER_MINUTE);
        return otherApps.filter(n -> n >= tenant).map(n -> "--other-apps-per-minute " + n + " leaves the agent"
                + " none of the tenant's " + tenant + " requests a minute (--quota-per-tenant); give it less");
    }

    /** The quota to start the simulator with; {@link #problem()} must be empty. */
    GraphQuota quota() {
        if (none) {
            return GraphQuota.unlimited();
        }
        GraphQuota quota = perApp.isEmpty() && perTenant.isEmpty() ? GraphQuota.published()
                : GraphQuota.of(perApp.orElse(GraphQuota.PUBLISHED_PER_APP_PER_MINUTE),
                perTenant.orElse(GraphQuota.PUBLISHED_PER_TENANT_PER_MINUTE));
        return otherApps.map(quota::otherAppsPerMinute).orElse(quota);
    }
}
