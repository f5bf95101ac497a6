package io.userflowsync.notify;

import io.userflowsync.run.RunResult;
import io.userflowsync.run.SyncRun;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification to send: which event, the run it is about (read only), for a recovery the result it recovered
 * from, and with sync.tenants the tenant whose run it was.
 */
public record RunEvent(EventKind kind, SyncRun run, Instant finishedAt, Optional<String> recoveredFrom,
                       Optional<String> tenant) {
    public RunEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(finishedAt, "finishedAt");
        Objects.requireNonNull(recoveredFrom, "recoveredFrom");
        Objects.requireNonNull(tenant, "tenant");
    }

    /** An agent of one tenant's event. */
    public RunEvent(EventKind kind, SyncRun run, Instant finishedAt, Optional<String> recoveredFrom) {
        this(kind, run, finishedAt, recoveredFrom, Optional.empty());
    }

    public RunEvent forTenant(String name) {
        return new RunEvent(kind, run, finishedAt, recoveredFrom, Optional.of(name));
    }

    public RunResult result() {
        return run.result();
    }
}
