package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceRevision;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Reads and strictly validates the desired state (format v1) from a YAML file, or a folder whose *.yaml / *.yml
 * files are merged. Every problem in every file is collected before failing, so one run shows them all; nothing
 * that could be a slip (an empty value, a duplicate key, a typo) is guessed at, because the result decides what
 * is bound to live sign-up flows.
 */
public final class DesiredStateLoader {
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
        return load(path, shownAs, revision, ref -> false);
    }

    /**
     * As {@link #load(Path, String, SourceRevision)}, for a folder whose {@code {connector: key}} and
     * {@code {extension: key}} bindings may also name what is declared elsewhere: a tenant folder names base's.
     *
     * @param declaredElsewhere whether a key ({@link ConnectorRef.ByKey} or {@link ConnectorRef.ByExtensionKey}) is
     *                          declared outside {@code path}
     */
    public DesiredState load(Path path, String shownAs, SourceRevision revision,
                             Predicate<ConnectorRef> declaredElsewhere)
            throws DesiredStateException {
        FileProblems pathProblems = new FileProblems(shownAs);
        List<FileProblems> perFile = new ArrayList<>(List.of(pathProblems));
        FlowMerger merger = new FlowMerger();
        for (SourceFiles.SourceFile file : SourceFiles.list(path, shownAs, pathProblems)) {
            FileProblems fileProblems = new FileProblems(file.shownAs());
            perFile.add(fileProblems);
            SourceTextReader.read(file.path(), fileProblems)
                    .flatMap(text -> YamlDocumentReader.read(text, fileProblems))
                    .map(root -> new DocumentWalker(fileProblems, experimentalSteps).walk(root))
                    .ifPresent(document -> {
                        merger.add(document.flows(), fileProblems);
                        merger.addConnectors(document.connectors(), fileProblems);
                        merger.addExtensions(document.extensions(), fileProblems);
                        merger.suspend(document.suspendedAt());
                    });
        }
        merger.checkKeys(declaredElsewhere);
        List<ValidationProblem> problems = new ArrayList<>();
        perFile.forEach(f -> problems.addAll(f.problems()));
        if (!problems.isEmpty()) {
            // Stable: a file's "and N more" line stays after the problems it follows.
            problems.sort(FileProblems.BY_LOCATION);
            throw new DesiredStateException(problems);
        }
        return merger.result(revision);
    }

    public DesiredState load(Path path) throws DesiredStateException {
        return load(path, path.toString(), SourceRevision.folder(path.toString()));
    }
}
