package io.userflowsync.notify;

import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.plan.Plan;
import io.userflowsync.plan.PlanChange;
import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which runs are worth a message (issue 8, item 3), as a pure function of the run and what was sent before: new
 * drift, applied changes, a failure, a fallback to the last good revision, a recovery. The same drift or the same
 * failure is not repeated while it persists: each is fingerprinted, and the last fingerprint sent is kept per event
 * kind in {@link Memory}.
 *
 * <ul>
 *   <li>A run that applied changes is always announced (each is a write to the tenant), as is a recovery: the first
 *       run that is neither a failure nor a fallback after one that was. A recovery is one message, whatever the
 *       run also did; its payload has the changes and the result.</li>
 *   <li>Drift is fingerprinted as the set of planned changes (flow, step, action, target connector); a failure as
 *       its result and reason (Graph request ids and timestamps left out, as they differ on every try) plus the
 *       planned changes; a fallback as its reason plus the planned changes.</li>
 *   <li>A run in sync forgets the drift, and a good run forgets the failure and the fallback, so the same drift or
 *       failure coming back later is announced again.</li>
 * </ul>
 */
public final class NotificationRules {
    private static final Pattern REQUEST_ID = Pattern.compile("\\(request-id [^)]*\\)");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:?\\d{2})?");

    private NotificationRules() {
    }

    /**
     * What has been sent: the last fingerprint per event kind, and the result of the last run if it was a failure
     * or a fallback (so the next good run is a recovery). Kept in memory only: after a restart the first run's
     * drift or failure is announced again.
     */
    public record Memory(Map<EventKind, String> lastSent, Optional<String> troubledBy) {
        public Memory {
            lastSent = Map.copyOf(lastSent);
        }

        public static Memory initial() {
            return new Memory(Map.of(), Optional.empty());
        }
    }

    /** The event to send for a run, if any, and the memory after it. */
    public record Decision(Optional<RunEvent> event, Memory memory) {
    }

    public static Decision decide(SyncRun run, Instant finishedAt, Memory memory) {
        RunResult result = run.result();
        Optional<EventKind> kind = EventKind.of(result.outcome());
        Map<EventKind, String> sent = new EnumMap<>(EventKind.class);
        sent.putAll(memory.lastSent());
        if (kind.isPresent() && kind.get().unhealthy()) {
            String fingerprint = fingerprint(kind.get(), run, result);
            boolean isNew = !fingerprint.equals(sent.put(kind.get(), fingerprint));
            return new Decision(isNew ? event(kind.get(), run, finishedAt, Optional.empty()) : Optional.empty(),
                    new Memory(sent, Optional.of(result.outcome().label())));
        }
        sent.remove(EventKind.FAILURE);
        sent.remove(EventKind.FALLBACK);
        Optional<EventKind> send = Optional.empty();
        if (kind.isPresent() && kind.get() == EventKind.DRIFT) {
            String fingerprint = fingerprint(EventKind.DRIFT, run, result);
            if (!fingerprint.equals(sent.put(EventKind.DRIFT, fingerprint))) {
                send = kind;
            }
        } else {
            // in sync or applied: the tenant matches the desired state, so no drift is left to remember
            sent.remove(EventKind.DRIFT);
            send = kind;
        }
        if (memory.troubledBy().isPresent()) {
            send = Optional.of(EventKind.RECOVERED);
        }
        Optional<RunEvent> event = send.flatMap(k -> event(k, run, finishedAt,
                k == EventKind.RECOVERED ? memory.troubledBy() : Optional.empty()));
        return new Decision(event, new Memory(sent, Optional.empty()));
    }

    private static Optional<RunEvent> event(EventKind kind, SyncRun run, Instant finishedAt,
                                            Optional<String> recoveredFrom) {
        return Optional.of(new RunEvent(kind, run, finishedAt, recoveredFrom));
    }

    static String fingerprint(EventKind kind, SyncRun run, RunResult result) {
        String changes = run.plan().map(NotificationRules::driftFingerprint).orElse("(no plan)");
        return switch (kind) {
            case DRIFT -> changes;
            case FALLBACK -> stable(result.reason()) + "\n" + changes;
            default -> result.outcome().label() + "\n" + stable(result.reason()) + "\n" + changes;
        };
    }

    /** The set of planned changes, each as flow, step, action and the connector it ends at, in a fixed order. */
    static String driftFingerprint(Plan plan) {
        TreeSet<String> changes = new TreeSet<>();
        for (PlanChange c : plan.changes()) {
            changes.add(c.flowId() + " " + c.step().graphName() + " " + c.kind().label() + " "
                    + c.to().map(to -> to.id()).orElse("(none)"));
        }
        // Connector changes too (issue 9, item 1): their fields, never a secret (only "(sensitive)").
        for (ConnectorChange c : plan.connectors().changes()) {
            changes.add("connector " + c.key() + " " + c.action() + " " + c.fields().stream()
                    .map(f -> f.field() + "=" + f.to()).collect(java.util.stream.Collectors.joining(",")));
        }
        return String.join("\n", changes);
    }

    /** A reason without what differs on every try of the same failure: Graph request ids, timestamps. */
    static String stable(String reason) {
        return TIMESTAMP.matcher(REQUEST_ID.matcher(reason).replaceAll("(request-id)")).replaceAll("(time)");
    }
}
