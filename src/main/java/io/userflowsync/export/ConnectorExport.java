package io.userflowsync.export;

import io.userflowsync.model.LiveConnector;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which connectors {@code export --with-connectors} writes into {@code connectors:}, under which keys, and which it
 * leaves to be named as before (by displayName or id), with why. Only what the desired state can say and the loader
 * reads back: a basic or certificate connector whose displayName is unique in the tenant and usable as written
 * (managed displayNames must be unique, or every binding by it would be ambiguous) and whose targetUrl is
 * {@code https://}. Keys come from the displayName, in displayName order, so two exports give the same keys.
 */
final class ConnectorExport {
    private final List<ExportedConnector> exported;
    private final Map<String, String> keyById = new HashMap<>();
    private final List<String> leftOut;

    private ConnectorExport(List<ExportedConnector> exported, List<String> leftOut) {
        this.exported = List.copyOf(exported);
        this.leftOut = List.copyOf(leftOut);
        exported.forEach(c -> keyById.put(idKey(c.id()), c.key()));
    }

    static ConnectorExport none() {
        return new ConnectorExport(List.of(), List.of());
    }

    static ConnectorExport of(List<LiveConnector> details) {
        Map<String, LiveConnector> byId = new LinkedHashMap<>();
        Map<String, Integer> sharing = new HashMap<>();
        for (LiveConnector c : details) {
            if (byId.putIfAbsent(idKey(c.id()), c) == null) {
                sharing.merge(c.displayName(), 1, Integer::sum);
            }
        }
        List<LiveConnector> sorted = byId.values().stream().sorted(Comparator.comparing(LiveConnector::displayName)
                .thenComparing(c -> idKey(c.id()))).toList();
        List<ExportedConnector> exported = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (LiveConnector c : sorted) {
            Optional<String> why = ConnectorNaming.unusableAsName(c.displayName())
                    .or(() -> sharing.get(c.displayName()) > 1 ? Optional.of(CommentText.quote(c.displayName())
                            + " is the displayName of " + sharing.get(c.displayName()) + " connectors") : Optional.empty())
                    .or(() -> c.targetUrl().startsWith("https://") ? Optional.empty()
                            : Optional.of("its targetUrl is not https://"))
                    .or(() -> c.authentication() instanceof LiveConnector.Other other
                            ? Optional.of("its authentication " + CommentText.quote(other.odataType())
                            + " is neither basic nor certificate") : Optional.empty());
            if (why.isPresent()) {
                leftOut.add(c.id() + ": " + why.get());
                continue;
            }
            String key = uniqueKey(slug(c.displayName()), keys);
            Optional<String> username = c.authentication() instanceof LiveConnector.Basic basic
                    ? Optional.of(basic.username()) : Optional.empty();
            exported.add(new ExportedConnector(key, c.id(), c.displayName(), c.targetUrl(), username));
        }
        exported.sort(Comparator.comparing(ExportedConnector::key));
        return new ConnectorExport(exported, leftOut);
    }

    /** Sorted by key, as the loader sorts them. */
    List<ExportedConnector> exported() {
        return exported;
    }

    /** {@code id: why} of each connector not written into {@code connectors:}. */
    List<String> leftOut() {
        return leftOut;
    }

    Optional<String> keyOf(String connectorId) {
        return Optional.ofNullable(keyById.get(idKey(connectorId)));
    }

    /** {@code Check partner domain} → {@code check-partner-domain}; a key must start with a letter or digit. */
    static String slug(String displayName) {
        String slug = displayName.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > 60) {
            slug = slug.substring(0, 60).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "connector" : slug;
    }

    /** {@code base}, else {@code base-2}, {@code base-3}...: the first not yet taken, which it takes. */
    static String uniqueKey(String base, Set<String> taken) {
        String key = base;
        for (int n = 2; !taken.add(key); n++) {
            key = base + "-" + n;
        }
        return key;
    }

    static String idKey(String id) {
        return id.trim().toLowerCase(Locale.ROOT);
    }
}
