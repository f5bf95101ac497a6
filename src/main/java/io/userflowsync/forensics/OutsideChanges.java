package io.userflowsync.forensics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: which user flows the directory audit log says were changed outside the agent, and from when the next poll
 * asks (no Graph, no clock).
 *
 * <p>An entry counts when it is an {@value DriftForensics#ACTIVITY} entry that the agent did not make (its
 * {@code initiatedBy.app.appId} is not the agent's client id, as {@link DriftForensics} tells the agent's own
 * changes apart); an entry that names no initiator counts too, as nothing says the agent made it. It names the ids
 * and displayNames of its {@code targetResources}: which of them is the flow id is not documented for B2C, so both
 * are handed on and the scan keeps the managed ones.
 *
 * <p>The audit log shows an entry some minutes after its {@code activityDateTime} (directoryaudit-list.md lists
 * entries as they are stored; Microsoft Entra documents minutes of reporting latency), so an entry can appear after
 * a newer one was read. A poll at {@code T} therefore asks from {@code T - latency} onwards ({@code activityDateTime
 * ge}, one of the filters directoryaudit-list.md documents) and the ids already read in that window are skipped.
 *
 * @param since the next poll's {@code activityDateTime ge}
 * @param seen  ids (else a key of the entry) of the entries read at or after {@code since}, with their time
 */
public record OutsideChanges(Instant since, Map<String, Instant> seen) {

    public OutsideChanges {
        seen = Map.copyOf(seen);
    }

    /** What a poll found: the entries not read before, and the cursor for the next poll. */
    public record Found(List<AuditEntry> fresh, OutsideChanges next) {
        public Found {
            fresh = List.copyOf(fresh);
        }
    }

    /** Before the first poll at {@code now}: what happened within the latency before it may not be visible yet. */
    public static OutsideChanges startingAt(Instant now, Duration latency) {
        return new OutsideChanges(now.minus(latency), Map.of());
    }

    /**
     * After a poll sent at {@code polledAt} answered {@code entries}: the ones not read before, and a cursor that
     * asks from {@code polledAt - latency} (never earlier than it asked this time) and forgets what is older.
     */
    public Found after(List<AuditEntry> entries, Instant polledAt, Duration latency) {
        Instant nextSince = polledAt.minus(latency);
        if (nextSince.isBefore(since)) {
            nextSince = since;
        }
        Map<String, Instant> kept = new TreeMap<>();
        List<AuditEntry> fresh = new ArrayList<>();
        for (AuditEntry entry : entries) {
            String key = key(entry);
            if (!seen.containsKey(key) && !kept.containsKey(key)) {
                fresh.add(entry);
            }
            kept.put(key, entry.at());
        }
        seen.forEach(kept::putIfAbsent);
        Instant floor = nextSince;
        kept.values().removeIf(at -> at.isBefore(floor));
        return new Found(fresh, new OutsideChanges(nextSince, kept));
    }

    /**
     * The flows named by the entries that change a user flow and were not made by the app {@code ownAppId}: target
     * ids and displayNames, as the log gives them.
     */
    public static Set<String> flowsChangedOutside(List<AuditEntry> entries, String ownAppId) {
        Set<String> flows = new TreeSet<>();
        for (AuditEntry entry : entries) {
            if (!entry.activity().equals(DriftForensics.ACTIVITY) || DriftForensics.isOwn(entry, ownAppId)) {
                continue;
            }
            for (AuditEntry.Target target : entry.targets()) {
                if (!target.id().isBlank()) {
                    flows.add(target.id());
                }
                if (!target.displayName().isBlank()) {
                    flows.add(target.displayName());
                }
            }
        }
        return flows;
    }

    /** The entry's id; an entry without one by what it says, so that reading it again is still recognised. */
    private static String key(AuditEntry entry) {
        return entry.id().isEmpty() ? entry.at() + " " + entry.activity() + " " + entry.initiatedBy() + " "
                + entry.targets() : entry.id();
    }
}
