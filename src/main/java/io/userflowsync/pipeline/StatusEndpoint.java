package io.userflowsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.graph.GraphBudget;
import io.userflowsync.ha.Election;
import io.userflowsync.plan.SyncMode;
import io.userflowsync.report.StatusJson;
import io.userflowsync.run.RunStatus;
import io.userflowsync.scan.ScanStatus;
import io.userflowsync.source.DesiredSource;

import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** Answers {@code GET /status}: the desired source's revisions and problem, the recent runs, and who leads. */
public final class StatusEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final RunStatus runs;
    private final DesiredSource source;
    private final SyncMode mode;
    private final Optional<Election> election;
    private Optional<ScopeStage> scope = Optional.empty();
    private Optional<Supplier<GraphBudget>> budget = Optional.empty();

    /** @param mode {@code sync.mode}, which {@code /status} shows with what the desired state says */
    public StatusEndpoint(RunStatus runs, DesiredSource source, SyncMode mode) {
        this(runs, source, mode, Optional.empty());
    }

    public StatusEndpoint(RunStatus runs, DesiredSource source, SyncMode mode, Election election) {
        this(runs, source, mode, Optional.of(election));
    }

    private StatusEndpoint(RunStatus runs, DesiredSource source, SyncMode mode, Optional<Election> election) {
        this.runs = runs;
        this.source = source;
        this.mode = mode;
        this.election = election;
    }

    /** The daemon's: {@code /status} says where the rolling scan stands ({@code "scan"}). */
    public StatusEndpoint withScope(ScopeStage stage) {
        this.scope = Optional.of(stage);
        return this;
    }

    /** The daemon's: {@code /status} says what the Graph client spends of the app's quota ({@code "graph"}). */
    public StatusEndpoint withBudget(Supplier<GraphBudget> graphBudget) {
        this.budget = Optional.of(graphBudget);
        return this;
    }

    public String json() {
        String status = StatusJson.render(runs.recent(), source.status(), mode);
        Optional<ScanStatus> scan = scope.flatMap(ScopeStage::status);
        if (election.isEmpty() && scan.isEmpty() && budget.isEmpty()) {
            return status;
        }
        try {
            ObjectNode root = (ObjectNode) JSON.readTree(status);
            scan.ifPresent(s -> root.set("scan", StatusJson.scan(s, Instant.now())));
            budget.ifPresent(b -> root.set("graph", StatusJson.budget(b.get())));
            // "ha": mode, instance, role (single, leader, standby), since, leader: a standby's runs list is empty,
            // and this says why and where the runs happen.
            election.ifPresent(e -> root.set("ha", JSON.valueToTree(e.status())));
            return root.toPrettyString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
