package io.userflowsync.export;

import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.Step;

import java.util.ArrayList;
import java.util.Arrays;
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
 * Which custom authentication extensions {@code export --with-connectors} writes into {@code customExtensions:},
 * under which keys, and which it leaves to be named by displayName or id, with why. Only what the desired state can
 * say and the loader reads back: an extension of an attribute-collection event whose displayName is unique and
 * usable as written, with an {@code https://} {@code httpRequestEndpoint}, an {@code azureAdTokenAuthentication}
 * resourceId, and client configuration numbers within Graph's documented ranges. Keys come from the displayName, in
 * displayName order, so two exports give the same keys.
 */
final class ExtensionExport {
    /** One extension as the export writes it; optional fields absent when the tenant has them null. */
    record ExportedExtension(String key, String id, Step event, String displayName, Optional<String> description,
                             String targetUrl, String resourceId, Optional<Integer> timeoutMillis,
                             Optional<Integer> maximumRetries) {
    }

    private final List<ExportedExtension> exported;
    private final Map<String, String> keyById = new HashMap<>();
    private final List<String> leftOut;

    private ExtensionExport(List<ExportedExtension> exported, List<String> leftOut) {
        this.exported = List.copyOf(exported);
        this.leftOut = List.copyOf(leftOut);
        exported.forEach(e -> keyById.put(ConnectorExport.idKey(e.id()), e.key()));
    }

    static ExtensionExport none() {
        return new ExtensionExport(List.of(), List.of());
    }

    static ExtensionExport of(List<CustomExtension> listed) {
        Map<String, CustomExtension> byId = new LinkedHashMap<>();
        Map<String, Integer> sharing = new HashMap<>();
        for (CustomExtension e : listed) {
            if (byId.putIfAbsent(ConnectorExport.idKey(e.id()), e) == null) {
                sharing.merge(e.displayName(), 1, Integer::sum);
            }
        }
        List<CustomExtension> sorted = byId.values().stream()
                .sorted(Comparator.comparing(CustomExtension::displayName).thenComparing(e -> ConnectorExport.idKey(e.id()))).toList();
        List<ExportedExtension> exported = new ArrayList<>();
        List<String> leftOut = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (CustomExtension e : sorted) {
            Optional<Step> event = Arrays.stream(Step.values()).filter(Step::isEvent)
                    .filter(s -> s.extensionType().equals(e.type())).findFirst();
            CustomExtension.Details d = e.details();
            Optional<String> why = ConnectorNaming.unusableAsName(e.displayName())
                    .or(() -> sharing.get(e.displayName()) > 1 ? Optional.of(CommentText.quote(e.displayName())
                            + " is the displayName of " + sharing.get(e.displayName()) + " extensions")
                            : Optional.empty())
                    .or(() -> event.isPresent() ? Optional.empty()
                            : Optional.of("it is an " + CommentText.line(e.type()) + ", which no sign-up flow's "
                            + "event calls"))
                    .or(() -> d.targetUrl().filter(u -> u.startsWith("https://")).isPresent() ? Optional.empty()
                            : Optional.of("its endpoint is not an https:// httpRequestEndpoint"))
                    .or(() -> d.resourceId().filter(r -> !r.isBlank()).isPresent() ? Optional.empty()
                            : Optional.of("it has no azureAdTokenAuthentication resourceId"))
                    .or(() -> d.timeoutMillis().filter(t -> t < ManagedExtension.MIN_TIMEOUT_MILLIS
                            || t > ManagedExtension.MAX_TIMEOUT_MILLIS).map(t -> "its timeout " + t + " ms is outside "
                            + "Graph's documented range"))
                    .or(() -> d.maximumRetries().filter(r -> r < 0 || r > ManagedExtension.MAX_RETRIES)
                            .map(r -> "its " + r + " retries are outside Graph's documented range"))
                    .or(() -> d.description().flatMap(ConnectorNaming::unusableAsName)
                            .map(w -> "its description cannot be written as it is"));
            if (why.isPresent()) {
                leftOut.add(e.id() + ": " + why.get());
                continue;
            }
            String key = ConnectorExport.uniqueKey(ConnectorExport.slug(e.displayName()), keys);
            exported.add(new ExportedExtension(key, e.id(), event.get(), e.displayName(), d.description(),
                    d.targetUrl().get(), d.resourceId().get(), d.timeoutMillis(), d.maximumRetries()));
        }
        exported.sort(Comparator.comparing(ExportedExtension::key));
        return new ExtensionExport(exported, leftOut);
    }

    /** Sorted by key, as the loader sorts them. */
    List<ExportedExtension> exported() {
        return exported;
    }

    /** {@code id: why} of each extension not written into {@code customExtensions:}. */
    List<String> leftOut() {
        return leftOut;
    }

    Optional<String> keyOf(String extensionId) {
        return Optional.ofNullable(keyById.get(ConnectorExport.idKey(extensionId)));
    }
}
