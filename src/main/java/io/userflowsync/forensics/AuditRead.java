package io.userflowsync.forensics;

import java.util.List;

/**
 * The audit entries one run read.
 *
 * @param truncated the log had more pages than the run's cap: older entries were not read
 */
public record AuditRead(List<AuditEntry> entries, int pages, boolean truncated) {
    public AuditRead {
        entries = List.copyOf(entries);
    }
}
