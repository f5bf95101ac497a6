package io.userflowsync.forensics;

import io.userflowsync.plan.PlanChange;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: audit entries + the plan's changes → who changed each drifted step (issue 9, item 4). No Graph, no clock.
 *
 * <p>An entry blames a change when it targets the change's flow (a {@code targetResources} entry whose id or
 * displayName is the flow id, compared ignoring case as B2C does for policy ids) and was not made by the agent itself
 * (its {@code initiatedBy.app.appId} is the agent's client id): the newest such entry wins. The audit log says which
 * flow changed, not which step (what B2C puts in {@code modifiedProperties} is not documented), so every drifted step
 * of a flow gets the flow's newest outside change.
 */
public final class DriftForensics {
    /** The activities that change a flow's connector bindings (issue 9; /work/shared/graph-api.md). */
    public static final String ACTIVITY = "Update user flow";
    public static final String SERVICE = "B2C";

    private DriftForensics() {
    }

    public static Attributions attribute(List<PlanChange> changes, List<AuditEntry> entries, String ownAppId) {
        Map<Attributions.Key, Attribution> found = new HashMap<>();
        for (PlanChange change : changes) {
            entries.stream()
                    .filter(e -> !isOwn(e, ownAppId))
                    .filter(e -> e.initiatedBy().isPresent())
                    .filter(e -> targets(e, change.flowId()))
                    .max(Comparator.comparing(AuditEntry::at))
                    .ifPresent(e -> found.put(Attributions.Key.of(change), new Attribution(
                            e.initiatedBy().get().name(), e.initiatedBy().get().type(), e.at(), e.activity())));
        }
        return new Attributions(found);
    }

    /**
     * The one {@code $filter} a run sends: {@code loggedByService}, {@code activityDisplayName} and
     * {@code activityDateTime ge} are among the properties and operators (eq, ge) directoryaudit-list.md lists for
     * {@code $filter}; the flows are matched here, as {@code targetResources} cannot be filtered on by id.
     */
    public static String filter(Instant since) {
        return "loggedByService eq '" + SERVICE + "' and activityDisplayName eq '" + ACTIVITY
                + "' and activityDateTime ge " + DateTimeFormatter.ISO_INSTANT.withLocale(Locale.ROOT)
                .format(since.truncatedTo(ChronoUnit.SECONDS));
    }

    static boolean isOwn(AuditEntry entry, String ownAppId) {
        Optional<AuditEntry.Initiator> by = entry.initiatedBy();
        return by.isPresent() && by.get().type() == Attribution.ActorType.APP && !ownAppId.isEmpty()
                && by.get().appId().equalsIgnoreCase(ownAppId);
    }

    private static boolean targets(AuditEntry entry, String flowId) {
        return entry.targets().stream().anyMatch(t -> t.id().equalsIgnoreCase(flowId)
                || t.displayName().equalsIgnoreCase(flowId));
    }
}
