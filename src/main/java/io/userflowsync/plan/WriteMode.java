package io.userflowsync.plan;

import io.userflowsync.config.Setting;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;

import java.util.Optional;

/**
 * Whether a plan may be written, and if not why: the agent is report-only when {@code sync.mode=report}, or while the
 * desired state says {@code suspend: true} (a team pausing writes from the config repository with an audited commit).
 *
 * @param setting     {@code sync.mode}
 * @param suspendedAt where the desired state says {@code suspend: true}
 */
public record WriteMode(SyncMode setting, Optional<SourceLocation> suspendedAt) {
    public static final WriteMode APPLY = new WriteMode(SyncMode.APPLY, Optional.empty());

    /** The mode a run has under {@code setting} once it has read {@code desired} (if it got that far). */
    public static WriteMode of(SyncMode setting, Optional<DesiredState> desired) {
        return new WriteMode(setting, desired.flatMap(DesiredState::suspendedAt));
    }

    public boolean reportOnly() {
        return setting == SyncMode.REPORT || suspendedAt.isPresent();
    }

    /** The metric label: {@code apply} or {@code report}. */
    public String label() {
        return reportOnly() ? SyncMode.REPORT.settingName() : SyncMode.APPLY.settingName();
    }

    /**
     * The metric label for why: {@code setting} ({@code sync.mode} says so, whichever way) or {@code suspended} (the
     * desired state says {@code suspend: true} and the setting says apply).
     */
    public String reason() {
        return setting == SyncMode.APPLY && suspendedAt.isPresent() ? "suspended" : "setting";
    }

    /**
     * {@code apply}, {@code report-only (sync.mode=report)} or
     * {@code report-only (suspended by the desired state at flows.yaml:1)}.
     */
    public String describe() {
        if (!reportOnly()) {
            return "apply";
        }
        String suspended = suspendedAt.map(at -> "suspended by the desired state at " + at.file() + ":" + at.line())
                .orElse("");
        if (setting == SyncMode.REPORT) {
            return "report-only (" + Setting.MODE.key() + "=" + SyncMode.REPORT.settingName()
                    + (suspended.isEmpty() ? "" : "; also " + suspended) + ")";
        }
        return "report-only (" + suspended + ")";
    }
}
