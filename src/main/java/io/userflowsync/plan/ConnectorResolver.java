package io.userflowsync.plan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.text.Suggestions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns a {@link ConnectorRef} from the desired state into exactly one connector of the tenant, or says why not. The
 * same rules name what an external tenant's event calls, a custom authentication extension: {@link #forExtensions}.
 */
final class ConnectorResolver {

    /** How errors name what is looked up: the word, and the Graph type. */
    private record Noun(String word, String type) {
    }

    private static final Noun CONNECTOR = new Noun("connector", "identityApiConnector");
    private static final Noun EXTENSION = new Noun("extension", "customAuthenticationExtension");

    private Noun noun = CONNECTOR;

    /**
     * A resolver among an external tenant's custom authentication extensions.
     *
     * @param targets by key: what the extension planner matched each managed extension to, or
     *                {@link Connector#toBeCreated}
     */
    static ConnectorResolver forExtensions(List<Connector> extensions, Map<String, Connector> targets) {
        ConnectorResolver resolver = new ConnectorResolver(extensions, List.of(), targets);
        resolver.noun = EXTENSION;
        return resolver;
    }

    static ConnectorResolver forExtensions(List<Connector> extensions) {
        return forExtensions(extensions, Map.of());
    }

    sealed interface Resolution {
    }

    record Resolved(Connector connector) implements Resolution {
    }

    record Unresolved(PlanError.Kind kind, String message) implements Resolution {
    }

    /** Connector ids are GUIDs, which Graph treats case-insensitively; keyed lower-case. */
    private final Map<String, Connector> byId = new LinkedHashMap<>();
    private final Map<String, List<Connector>> byDisplayName = new LinkedHashMap<>();

    /** The desired state's own connectors by key, for {@code {connector: key}}. */
    private final Map<String, ManagedConnector> managed = new LinkedHashMap<>();

    ConnectorResolver(List<Connector> connectors) {
        this(connectors, List.of());
    }

    /** By key: what the connector planner matched each managed connector to (recorded id, then displayName). */
    private final Map<String, Connector> targets;

    ConnectorResolver(List<Connector> connectors, List<ManagedConnector> managedConnectors) {
        this(connectors, managedConnectors, Map.of());
    }

    ConnectorResolver(List<Connector> connectors, List<ManagedConnector> managedConnectors,
                      Map<String, Connector> targets) {
        this.targets = targets;
        managedConnectors.forEach(m -> managed.put(m.key(), m));
        for (Connector c : connectors) {
            // A connector listed twice (e.g. across pages) is still one connector, not an ambiguity.
            if (byId.putIfAbsent(idKey(c.id()), c) == null) {
                byDisplayName.computeIfAbsent(c.displayName(), n -> new ArrayList<>()).add(c);
            }
        }
    }

    Resolution resolve(ConnectorRef ref) {
        if (ref instanceof ConnectorRef.ById byIdRef) {
            return resolveId(byIdRef.id());
        }
        if (ref instanceof ConnectorRef.ByKey byKey) {
            return resolveKey(byKey.key());
        }
        if (ref instanceof ConnectorRef.ByExtensionKey byKey) {
            return resolveExtensionKey(byKey.key());
        }
        return resolveDisplayName(((ConnectorRef.ByDisplayName) ref).displayName());
    }

    /**
     * A managed connector is what the connector planner matched it to: the id recorded when the agent last wrote it
     * (so a renamed connector still resolves), else its displayName, which the loader keeps unique among the managed
     * ones; a connector the same plan creates resolves to {@link Connector#toBeCreated}. Without a connector plan
     * (or for a key it could not match), the displayName.
     */
    private Resolution resolveKey(String key) {
        Connector target = targets.get(key);
        if (target != null) {
            return new Resolved(target);
        }
        ManagedConnector connector = managed.get(key);
        if (connector == null) {
            // The loader refuses a key that names no connector; only a hand-built desired state gets here.
            return new Unresolved(PlanError.Kind.UNKNOWN_CONNECTOR, "unknown connector: the desired state declares no "
                    + "connector with the key " + key);
        }
        List<Connector> matches = byDisplayName.getOrDefault(connector.displayName(), List.of());
        if (matches.isEmpty()) {
            return new Unresolved(PlanError.Kind.UNKNOWN_CONNECTOR, "unknown connector: connector " + key
                    + " (displayName \"" + connector.displayName() + "\") does not exist in the tenant");
        }
        return resolveDisplayName(connector.displayName());
    }

    /**
     * A managed extension is what the extension planner matched it to (the recorded id, then its displayName) or the
     * one this plan creates; a key it could not plan is named in the plan's extension errors.
     */
    private Resolution resolveExtensionKey(String key) {
        Connector target = targets.get(key);
        if (target != null && noun == EXTENSION) {
            return new Resolved(target);
        }
        return new Unresolved(PlanError.Kind.UNKNOWN_CONNECTOR, noun == EXTENSION
                ? "unknown extension: extension " + key + " could not be planned (its error is with the extensions')"
                : "{extension: " + key + "} names a custom authentication extension, which a user flow's step does "
                + "not call");
    }

    /** Whether two connector ids name the same connector. */
    static boolean sameId(String a, String b) {
        return idKey(a).equals(idKey(b));
    }

    private Resolution resolveId(String id) {
        Connector found = byId.get(idKey(id));
        if (found != null) {
            return new Resolved(found);
        }
        StringBuilder message = new StringBuilder("unknown " + noun.word + ": the tenant has no " + noun.type
                + " with id ").append(id);
        List<Connector> namedLikeThat = byDisplayName.getOrDefault(id, List.of());
        if (!namedLikeThat.isEmpty()) {
            // A displayName written under {id: ...} is a common slip; say how to write it instead.
            message.append("; \"").append(id).append("\" is the displayName of ").append(describeAll(namedLikeThat))
                    .append(", name it as {displayName: ").append(id).append("} or by its id");
        } else {
            List<String> close = Suggestions.closeTo(id, byId.values().stream().map(Connector::id).toList());
            if (!close.isEmpty()) {
                message.append("; did you mean ").append(describeAll(close.stream().map(k -> byId.get(idKey(k))).toList()))
                        .append('?');
            }
        }
        return new Unresolved(PlanError.Kind.UNKNOWN_CONNECTOR, message.toString());
    }

    private Resolution resolveDisplayName(String displayName) {
        List<Connector> matches = byDisplayName.getOrDefault(displayName, List.of());
        if (matches.size() == 1) {
            return new Resolved(matches.get(0));
        }
        if (matches.size() > 1) {
            List<String> ids = matches.stream().map(Connector::id).sorted().toList();
            return new Unresolved(PlanError.Kind.AMBIGUOUS_CONNECTOR,
                    "ambiguous " + noun.word + ": " + ids.size() + " " + noun.type + "s have the displayName \""
                            + displayName + "\" (ids " + String.join(", ", ids)
                            + "); name the one you mean by its id, e.g. {id: " + ids.get(0) + "}");
        }
        StringBuilder message = new StringBuilder(
                "unknown " + noun.word + ": the tenant has no " + noun.type + " with the displayName \"")
                .append(displayName).append("\" (displayNames are compared exactly, case-sensitive)");
        List<String> close = Suggestions.closeTo(displayName, byDisplayName.keySet());
        if (!close.isEmpty()) {
            List<Connector> candidates = close.stream().flatMap(n -> byDisplayName.get(n).stream()).toList();
            message.append("; did you mean ").append(describeAll(candidates)).append('?');
        }
        return new Unresolved(PlanError.Kind.UNKNOWN_CONNECTOR, message.toString());
    }

    private static String describeAll(List<Connector> connectors) {
        return connectors.stream()
                .sorted((a, b) -> a.displayName().equals(b.displayName())
                        ? a.id().compareTo(b.id()) : a.displayName().compareTo(b.displayName()))
                .map(Connector::describe)
                .collect(Collectors.joining(" or "));
    }

    private static String idKey(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }
}
