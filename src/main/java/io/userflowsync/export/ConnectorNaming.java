package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateFormat;
import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.Step;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How the export names a bound connector: by displayName where that finds exactly this connector when the plan
 * resolves it (the name is unique in the tenant and reads back from YAML unchanged), else by id, with a comment
 * that gives the displayName and why it was not used. The rules mirror the desired-state loader (names are trimmed,
 * at most {@value DesiredStateFormat#MAX_VALUE_CHARS} characters, blank is an error) and the plan's resolver
 * (displayNames compared exactly; ids case-insensitively).
 */
final class ConnectorNaming {
    private final Map<String, Connector> byId = new LinkedHashMap<>();
    private final Map<String, Integer> sharing = new HashMap<>();

    private final Function<String, Optional<ConnectorRef>> managed;

    ConnectorNaming(List<Connector> connectors) {
        this(connectors, id -> Optional.empty());
    }

    /** @param managed the connectors written into {@code connectors:}, named by their key (--with-connectors) */
    ConnectorNaming(List<Connector> connectors, ConnectorExport managed) {
        this(connectors, id -> managed.keyOf(id).map(ConnectorRef.ByKey::new));
    }

    /** @param managed the extensions written into {@code customExtensions:}, named by their key */
    ConnectorNaming(List<Connector> extensions, ExtensionExport managed) {
        this(extensions, id -> managed.keyOf(id).map(ConnectorRef.ByExtensionKey::new));
    }

    /** @param managed by id: the reference by key of a connector or extension the export writes itself */
    private ConnectorNaming(List<Connector> connectors, Function<String, Optional<ConnectorRef>> managed) {
        this.managed = managed;
        for (Connector c : connectors) {
            // A connector listed twice (across pages) is one connector, as the resolver counts it.
            if (byId.putIfAbsent(idKey(c.id()), c) == null) {
                sharing.merge(c.displayName(), 1, Integer::sum);
            }
        }
    }

    ExportedFlow.ExportedStep name(Step step, Optional<Connector> bound) {
        if (bound.isEmpty()) {
            return new ExportedFlow.ExportedStep(step, Optional.empty(), Optional.empty());
        }
        Connector listed = byId.get(idKey(bound.get().id()));
        if (listed == null) {
            // Bound while the export read the tenant (or listed late): the id is all that is sure.
            return byId(step, bound.get(), CommentText.quote(bound.get().displayName())
                    + " is not in the tenant's connector listing");
        }
        Optional<ConnectorRef> key = managed.apply(listed.id());
        if (key.isPresent()) {
            return new ExportedFlow.ExportedStep(step, key, Optional.empty());
        }
        String name = listed.displayName();
        int count = sharing.getOrDefault(name, 0);
        Optional<String> unusable = unusableAsName(name);
        if (unusable.isPresent()) {
            return byId(step, listed, unusable.get());
        }
        if (count > 1) {
            return byId(step, listed, CommentText.quote(name) + " is the displayName of " + count + " connectors");
        }
        return new ExportedFlow.ExportedStep(step, Optional.of(new ConnectorRef.ByDisplayName(name)),
                Optional.empty());
    }

    /** Why the loader would not read {@code name} back as exactly this displayName; empty when it would. */
    static Optional<String> unusableAsName(String name) {
        if (name.isBlank()) {
            return Optional.of("its displayName is blank");
        }
        if (!name.strip().equals(name)) {
            return Optional.of("its displayName " + CommentText.quote(name)
                    + " has blanks at its ends, which the desired state trims");
        }
        if (name.length() > DesiredStateFormat.MAX_VALUE_CHARS) {
            return Optional.of("its displayName is longer than the desired state's "
                    + DesiredStateFormat.MAX_VALUE_CHARS + " characters");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < name.length()
                    && Character.isLowSurrogate(name.charAt(i + 1));
            if (paired) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return Optional.of("its displayName " + CommentText.quote(name)
                        + " is not valid Unicode (half of a surrogate pair), which a UTF-8 file cannot hold");
            }
        }
        return Optional.empty();
    }

    private static ExportedFlow.ExportedStep byId(Step step, Connector connector, String why) {
        return new ExportedFlow.ExportedStep(step, Optional.of(new ConnectorRef.ById(connector.id())),
                Optional.of(why));
    }

    private static String idKey(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }
}
