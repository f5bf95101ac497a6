package io.userflowsync.pipeline;

import io.userflowsync.plan.SyncMode;
import io.userflowsync.run.RunStatus;
import io.userflowsync.report.StatusJson;
import io.userflowsync.source.DesiredSource;

/** Answers {@code GET /status}: the desired source's revisions and problem, and the recent runs. */
public final class StatusEndpoint {
    private final RunStatus runs;
    private final DesiredSource source;
    private final SyncMode mode;

    /** @param mode {@code sync.mode}, which {@code /status} shows with what the desired state says */
    public StatusEndpoint(RunStatus runs, DesiredSource source, SyncMode mode) {
        this.runs = runs;
        this.source = source;
        this.mode = mode;
    }

    public String json() {
        return StatusJson.render(runs.recent(), source.status(), mode);
    }
}
