package io.userflowsync.desired;

import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.text.Excerpt;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Merges the flows of several files, in the order the files are added: a flow may be spread over files (one team
 * per step, say), but each flow step may be declared only once, or which file wins would depend on file names.
 */
final class FlowMerger {
    private record MergedFlow(SourceLocation location, Map<Step, DesiredStep> steps) {
    }

    private final Map<String, MergedFlow> flows = new TreeMap<>();
    private Optional<SourceLocation> suspendedAt = Optional.empty();

    /**
     * A file that says {@code suspend: true} suspends the whole desired state: any team can pause the writes, and
     * the first such file (in name order) is the one named.
     */
    void suspend(Optional<SourceLocation> at) {
        if (suspendedAt.isEmpty()) {
            suspendedAt = at;
        }
    }

    /** @param problems the problems of the file the flows come from */
    void add(List<DesiredFlow> fileFlows, FileProblems problems) {
        for (DesiredFlow flow : fileFlows) {
            MergedFlow merged = flows.computeIfAbsent(flow.flowId(),
                    id -> new MergedFlow(flow.location(), new EnumMap<>(Step.class)));
            for (DesiredStep step : flow.steps()) {
                DesiredStep first = merged.steps().putIfAbsent(step.step(), step);
                if (first != null) {
                    SourceLocation at = first.location();
                    problems.add(step.location(), Excerpt.of(flow.flowId()) + " " + step.step()
                            + " is already declared at " + at.file() + ":" + at.line()
                            + "; declare each flow step in one file only");
                }
            }
        }
    }

    /** Flows sorted by id, steps in {@link Step} order. */
    DesiredState result(SourceRevision revision) {
        return new DesiredState(flows.entrySet().stream()
                .map(e -> new DesiredFlow(e.getKey(), e.getValue().location(), List.copyOf(e.getValue().steps().values())))
                .toList(), revision, suspendedAt);
    }
}
