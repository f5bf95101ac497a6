package io.userflowsync.pipeline;

import io.userflowsync.run.RunStatus;
import io.userflowsync.report.StatusJson;
import io.userflowsync.source.DesiredSource;

/** Answers {@code GET /status}: the desired source's revisions and problem, and the recent runs. */
public final class StatusEndpoint {
    private final RunStatus runs;
    private final DesiredSource source;

    public StatusEndpoint(RunStatus runs, DesiredSource source) {
        this.runs = runs;
        this.source = source;
    }

    public String json() {
        return StatusJson.render(runs.recent(), source.status());
    }
}
