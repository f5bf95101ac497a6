package io.userflowsync.desired;

import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Reads and strictly validates the desired state (format v1) from a YAML file, or a folder whose *.yaml / *.yml
 * files are merged. Every problem in every file is collected before failing, so one run shows them all; nothing
 * that could be a slip (an empty value, a duplicate key, a typo) is guessed at, because the result decides what
 * is bound to live sign-up flows.
 */
public final class DesiredStateLoader {
    private static final Comparator<ValidationProblem> BY_LOCATION = Comparator
            .comparing((ValidationProblem p) -> p.location().file())
            .thenComparingInt(p -> p.location().line())
            .thenComparingInt(p -> p.location().column());

    private final boolean experimentalSteps;

    /** @param experimentalSteps whether experimental steps (preTokenIssuance) may be named */
    public DesiredStateLoader(boolean experimentalSteps) {
        this.experimentalSteps = experimentalSteps;
    }

    /**
     * @param path     a YAML file or a folder
     * @param shownAs  how {@code path} is named in error locations (e.g. the path inside a Git repository)
     * @param revision the revision the files belong to, carried into the result
     */
    public DesiredState load(Path path, String shownAs, SourceRevision revision) throws DesiredStateException {
        List<ValidationProblem> problems = new ArrayList<>();
        FlowMerger merger = new FlowMerger(problems);
        for (SourceFiles.SourceFile file : SourceFiles.list(path, shownAs, problems)) {
            FileProblems fileProblems = new FileProblems(file.shownAs(), problems);
            SourceTextReader.read(file.path(), fileProblems)
                    .flatMap(text -> YamlDocumentReader.read(text, fileProblems))
                    .map(root -> new DocumentWalker(fileProblems, experimentalSteps).walk(root))
                    .ifPresent(merger::add);
        }
        if (!problems.isEmpty()) {
            problems.sort(BY_LOCATION);
            throw new DesiredStateException(problems);
        }
        return merger.result(revision);
    }

    public DesiredState load(Path path) throws DesiredStateException {
        return load(path, path.toString(), SourceRevision.folder(path.toString()));
    }
}
