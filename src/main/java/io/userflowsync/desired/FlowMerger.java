package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Merges the flows of several files, in the order the files are added: a flow may be spread over files (one team
 * per step, say), but each flow step may be declared only once, or which file wins would depend on file names.
 */
final class FlowMerger {
    private record MergedFlow(SourceLocation location, Map<Step, DesiredStep> steps) {
    }

    private final Map<String, MergedFlow> flows = new TreeMap<>();
    private final Map<String, ManagedConnector> connectors = new TreeMap<>();
    private final Map<String, ManagedExtension> extensions = new TreeMap<>();
    /**
     * Where each {connector: key} and {extension: key} is used, to check against the connectors and extensions of
     * every file once all are read.
     */
    private final List<KeyUse> keyUses = new ArrayList<>();

    private record KeyUse(ConnectorRef ref, String key, Step step, SourceLocation at, FileProblems problems) {
    }
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
                if (step.connector().orElse(null) instanceof ConnectorRef.ByKey byKey) {
                    keyUses.add(new KeyUse(byKey, byKey.key(), step.step(), step.location(), problems));
                } else if (step.connector().orElse(null) instanceof ConnectorRef.ByExtensionKey byKey) {
                    keyUses.add(new KeyUse(byKey, byKey.key(), step.step(), step.location(), problems));
                }
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

    /**
     * A connector key names one connector in the whole desired state, and so does a displayName: Graph does not keep
     * displayNames unique, but two managed connectors with one name would make every binding by that name ambiguous.
     */
    void addConnectors(List<ManagedConnector> fileConnectors, FileProblems problems) {
        for (ManagedConnector connector : fileConnectors) {
            ManagedConnector first = connectors.putIfAbsent(connector.key(), connector);
            if (first != null) {
                problems.add(connector.location(), "connector " + Excerpt.of(connector.key())
                        + " is already declared at " + where(first.location()) + "; declare each connector once");
                continue;
            }
            connectors.values().stream()
                    .filter(other -> other != connector && other.displayName().equals(connector.displayName()))
                    .findFirst()
                    .ifPresent(other -> {
                        connectors.remove(connector.key());
                        problems.add(connector.location(), "connector " + Excerpt.of(connector.key())
                                + " has the displayName \"" + Excerpt.of(connector.displayName()) + "\" of connector "
                                + Excerpt.of(other.key()) + " (" + where(other.location()) + "); give each managed "
                                + "connector its own displayName");
                    });
        }
    }

    /**
     * An extension key names one extension in the whole desired state, and so does a displayName (a binding by
     * displayName must name one extension).
     */
    void addExtensions(List<ManagedExtension> fileExtensions, FileProblems problems) {
        for (ManagedExtension extension : fileExtensions) {
            ManagedExtension first = extensions.putIfAbsent(extension.key(), extension);
            if (first != null) {
                problems.add(extension.location(), "custom extension " + Excerpt.of(extension.key())
                        + " is already declared at " + where(first.location()) + "; declare each extension once");
                continue;
            }
            extensions.values().stream()
                    .filter(other -> other != extension && other.displayName().equals(extension.displayName()))
                    .findFirst()
                    .ifPresent(other -> {
                        extensions.remove(extension.key());
                        problems.add(extension.location(), "custom extension " + Excerpt.of(extension.key())
                                + " has the displayName \"" + Excerpt.of(extension.displayName()) + "\" of extension "
                                + Excerpt.of(other.key()) + " (" + where(other.location()) + "); give each managed "
                                + "extension its own displayName");
                    });
        }
    }

    /**
     * Reports each {connector: key} that names no connector of any file, and each {extension: key} that names no
     * extension, or one of another event; call once all files are added.
     *
     * @param declaredElsewhere keys declared outside these files: base's, for a tenant folder
     */
    void checkKeys(Predicate<ConnectorRef> declaredElsewhere) {
        for (KeyUse use : keyUses) {
            if (use.ref() instanceof ConnectorRef.ByExtensionKey) {
                checkExtensionKey(use, declaredElsewhere);
            } else if (!connectors.containsKey(use.key()) && !declaredElsewhere.test(use.ref())) {
                String known = connectors.isEmpty() ? "the desired state declares no connectors: section"
                        : "the connectors are " + String.join(", ", connectors.keySet());
                use.problems().add(use.at(), "{connector: " + Excerpt.of(use.key()) + "} names no connector of the "
                        + "desired state's connectors: section; " + known + "."
                        + Suggestions.didYouMean(use.key(), connectors.keySet()));
            }
        }
    }

    private void checkExtensionKey(KeyUse use, Predicate<ConnectorRef> declaredElsewhere) {
        ManagedExtension extension = extensions.get(use.key());
        if (extension == null && !declaredElsewhere.test(use.ref())) {
            String known = extensions.isEmpty() ? "the desired state declares no " + DesiredStateFormat.EXTENSIONS_KEY
                    + " section" : "the extensions are " + String.join(", ", extensions.keySet());
            use.problems().add(use.at(), "{extension: " + Excerpt.of(use.key()) + "} names no extension of the "
                    + "desired state's " + DesiredStateFormat.EXTENSIONS_KEY + " section; " + known + "."
                    + Suggestions.didYouMean(use.key(), extensions.keySet()));
        } else if (extension != null && extension.event() != use.step()) {
            use.problems().add(use.at(), "{extension: " + Excerpt.of(use.key()) + "} serves "
                    + extension.event().graphName() + " (" + where(extension.location()) + "), not "
                    + use.step().graphName() + ": Graph lets an event call only an extension of its own type ("
                    + use.step().extensionType() + ")");
        }
    }

    private static String where(SourceLocation at) {
        return at.file() + ":" + at.line();
    }

    /** Flows sorted by id, steps in {@link Step} order, connectors by key. */
    DesiredState result(SourceRevision revision) {
        return new DesiredState(flows.entrySet().stream()
                .map(e -> new DesiredFlow(e.getKey(), e.getValue().location(), List.copyOf(e.getValue().steps().values())))
                .toList(), revision, suspendedAt, List.copyOf(connectors.values()), List.copyOf(extensions.values()));
    }
}
