package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.DesiredStateLoader;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.Step;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The export's promise, checked before anything is written: the desired-state loader, the one the agent runs,
 * reads the files back as exactly the flows exported (same flows, steps and connector references). A name the
 * writer's rules did not foresee fails here, as a bug to report, instead of becoming a file that does not validate
 * or, worse, names another connector.
 */
final class ReadBack {
    private ReadBack() {
    }

    /** What the loader must read: per flow, per step, the connector reference or none. */
    private record Reading(String flowId, List<StepReading> steps) {
    }

    private record StepReading(Step step, Optional<ConnectorRef> connector) {
    }

    static void check(List<ExportDocument.ExportFile> files, List<ExportedFlow> flows, boolean experimentalSteps)
            throws ExportException, IOException {
        Path folder = Files.createTempDirectory("userflow-connector-sync-export");
        try {
            for (ExportDocument.ExportFile file : files) {
                Files.writeString(folder.resolve(file.name()), file.text(), StandardCharsets.UTF_8);
            }
            Path load = files.size() == 1 ? folder.resolve(files.get(0).name()) : folder;
            DesiredState state;
            try {
                state = new DesiredStateLoader(experimentalSteps).load(load, files.size() == 1
                        ? files.get(0).name() : ".", io.userflowsync.model.SourceRevision.folder("export"));
            } catch (DesiredStateException e) {
                throw new ExportException("the export does not validate, so nothing was written (a bug: please "
                        + "report it): " + e.problems().stream().limit(3).map(ValidationProblem::toString)
                        .reduce((a, b) -> a + "; " + b).orElse(""));
            }
            List<Reading> read = state.flows().stream().map(ReadBack::reading).toList();
            List<Reading> exported = flows.stream().map(ReadBack::reading).toList();
            if (!read.equals(exported)) {
                String first = firstDifference(exported, read);
                throw new ExportException("the export does not read back as exported, so nothing was written (a bug: "
                        + "please report it): " + first);
            }
        } finally {
            try (Stream<Path> entries = Files.walk(folder)) {
                for (Path p : entries.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static Reading reading(DesiredFlow flow) {
        return new Reading(flow.flowId(), flow.steps().stream()
                .map(s -> new StepReading(s.step(), s.connector())).toList());
    }

    private static Reading reading(ExportedFlow flow) {
        return new Reading(flow.flowId(), flow.steps().stream()
                .map(s -> new StepReading(s.step(), s.connector())).toList());
    }

    private static String firstDifference(List<Reading> exported, List<Reading> read) {
        for (int i = 0; i < Math.min(exported.size(), read.size()); i++) {
            if (!exported.get(i).equals(read.get(i))) {
                return "exported " + CommentText.quote(exported.get(i).toString()) + ", read back "
                        + CommentText.quote(read.get(i).toString());
            }
        }
        return "exported " + exported.size() + " flow(s), read back " + read.size();
    }
}
