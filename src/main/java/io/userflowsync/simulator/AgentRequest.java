package io.userflowsync.simulator;

import java.time.Instant;

/**
 * One HTTP request as the simulator's agent log keeps it: who sent it ({@code User-Agent}, which the agent fills with
 * its instance id) beside the request line and status, so a test can tell two writers apart (issue 8 item 4). Kept
 * apart from {@link RecordedRequest} (and never with a header other than the User-Agent): the request log's shape
 * is asserted on by many tests.
 *
 * @param at        when the answer was written
 * @param userAgent the {@code User-Agent} header, or {@code ""} when there was none
 * @param write     whether it changed something in Graph: a PUT, PATCH, POST or DELETE to a Graph resource, or a
 *                  {@code $batch} with one inside (the token endpoint and a batch of reads are no writes)
 */
public record AgentRequest(Instant at, String method, String path, int status, String userAgent, boolean write) {

    /** {@code PUT /v1.0/... 204 userflow-connector-sync/0.1.0 (instance a)}, for the simulate command's log. */
    public String line() {
        return method + " " + path + " " + status + " " + (userAgent.isEmpty() ? "(no User-Agent)" : userAgent);
    }
}
