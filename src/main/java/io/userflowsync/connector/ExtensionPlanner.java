package io.userflowsync.connector;

import io.userflowsync.connector.ConnectorChange.Action;
import io.userflowsync.connector.ConnectorChange.FieldChange;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.ManagedExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans the writes that make an external tenant's custom authentication extensions what the desired state's
 * {@code customExtensions:} section says. Pure: the listed extensions, the ids the agent recorded for each key, and
 * whether the listing failed, in; a {@link ConnectorPlan} of {@link ConnectorChange.Target#EXTENSION} changes out.
 *
 * <p>An extension is matched by the id recorded when the agent created or updated it (so a renamed displayName is an
 * update), else by a unique displayName (adoption). Its type cannot change: Graph's update requires the
 * {@code @odata.type} it has (customauthenticationextension-update.md), so a match of another event's type is a
 * problem, not a write. When the listing failed nothing is planned for any extension, since a create then could make
 * a second one. Deletion is not planned: an extension no longer listed in the desired state is left as it is.
 */
public final class ExtensionPlanner {
    private static final ConnectorChange.Target EXTENSION = ConnectorChange.Target.EXTENSION;

    /**
     * @param recordedIds by key: the extension id the agent last wrote for it (from its state directory)
     * @param listingFailed why the tenant's extensions could not be listed this run, if they could not
     */
    public static ConnectorPlan plan(List<ManagedExtension> desired, List<CustomExtension> live,
                                     Map<String, String> recordedIds, Optional<GraphError> listingFailed) {
        if (desired.isEmpty()) {
            return ConnectorPlan.NONE;
        }
        List<ConnectorPlan.Problem> problems = new ArrayList<>();
        if (listingFailed.isPresent()) {
            desired.forEach(e -> problems.add(new ConnectorPlan.Problem(e.key(), "the tenant's custom authentication "
                    + "extensions could not be listed, so nothing is written to this one: "
                    + listingFailed.get().describe(), EXTENSION)));
            return new ConnectorPlan(List.of(), List.of(), problems, 0);
        }
        Map<String, CustomExtension> byId = new LinkedHashMap<>();
        Map<String, List<CustomExtension>> byName = new LinkedHashMap<>();
        for (CustomExtension e : live) {
            if (byId.putIfAbsent(Ids.key(e.id()), e) == null) {
                byName.computeIfAbsent(e.displayName(), n -> new ArrayList<>()).add(e);
            }
        }
        List<ConnectorChange> changes = new ArrayList<>();
        Map<String, Connector> targets = new TreeMap<>();
        int inSync = 0;
        for (ManagedExtension extension : desired) {
            Optional<CustomExtension> match = Optional.ofNullable(recordedIds.get(extension.key()))
                    .map(id -> byId.get(Ids.key(id)));
            if (match.isEmpty()) {
                List<CustomExtension> named = byName.getOrDefault(extension.displayName(), List.of());
                if (named.size() > 1) {
                    problems.add(new ConnectorPlan.Problem(extension.key(), named.size() + " custom authentication "
                            + "extensions have the displayName \"" + extension.displayName() + "\" and none is "
                            + "recorded as this one; delete or rename the extra ones in the portal", EXTENSION));
                    continue;
                }
                match = named.stream().findFirst();
            }
            if (match.isEmpty()) {
                changes.add(ConnectorChange.ofExtension(Action.CREATE, Optional.empty(), created(extension),
                        extension));
                targets.put(extension.key(), Connector.toBeCreated(extension.displayName()));
                continue;
            }
            CustomExtension found = match.get();
            if (!found.type().equals(extension.type())) {
                problems.add(new ConnectorPlan.Problem(extension.key(), "the tenant's extension \""
                        + found.displayName() + "\" (" + found.id() + ") is an " + found.type() + ", and this one "
                        + "serves " + extension.event().graphName() + ": Graph does not change an extension's type; "
                        + "give it another displayName, or delete the other one in the portal", EXTENSION));
                continue;
            }
            targets.put(extension.key(), found.asTarget());
            List<FieldChange> fields = updated(extension, found.details(), found.displayName());
            if (fields.isEmpty()) {
                inSync++;
            } else {
                changes.add(ConnectorChange.ofExtension(Action.UPDATE, Optional.of(found.id()), fields,
                        keepingTheTenants(extension, found.details())));
            }
        }
        return new ConnectorPlan(changes, List.of(), problems, inSync, targets, 0);
    }

    /**
     * The extension as the update sends it: a client configuration member the desired state leaves out keeps the
     * tenant's value, since a PATCH of {@code clientConfiguration} replaces the whole object (a member left out of
     * it would become null).
     */
    private static ManagedExtension keepingTheTenants(ManagedExtension e, CustomExtension.Details live) {
        return new ManagedExtension(e.key(), e.event(), e.displayName(), e.description(), e.targetUrl(),
                e.resourceId(), e.timeoutMillis().or(live::timeoutMillis), e.maximumRetries().or(live::maximumRetries),
                e.location());
    }

    private static List<FieldChange> created(ManagedExtension e) {
        List<FieldChange> fields = new ArrayList<>();
        fields.add(new FieldChange("type", Optional.empty(), e.type()));
        fields.add(new FieldChange("displayName", Optional.empty(), e.displayName()));
        e.description().ifPresent(d -> fields.add(new FieldChange("description", Optional.empty(), d)));
        fields.add(new FieldChange("targetUrl", Optional.empty(), e.targetUrl()));
        fields.add(new FieldChange("resourceId", Optional.empty(), e.resourceId()));
        e.timeoutMillis().ifPresent(t -> fields.add(new FieldChange("timeoutInMilliseconds", Optional.empty(),
                t.toString())));
        e.maximumRetries().ifPresent(r -> fields.add(new FieldChange("maximumRetries", Optional.empty(),
                r.toString())));
        return fields;
    }

    /** The fields that differ; an optional field the desired state leaves out is the tenant's to keep. */
    private static List<FieldChange> updated(ManagedExtension e, CustomExtension.Details live, String liveName) {
        List<FieldChange> fields = new ArrayList<>();
        if (!liveName.equals(e.displayName())) {
            fields.add(new FieldChange("displayName", Optional.of(liveName), e.displayName()));
        }
        e.description().filter(d -> !live.description().equals(Optional.of(d)))
                .ifPresent(d -> fields.add(new FieldChange("description", live.description(), d)));
        if (!live.targetUrl().equals(Optional.of(e.targetUrl()))) {
            fields.add(new FieldChange("targetUrl", live.targetUrl(), e.targetUrl()));
        }
        if (!live.resourceId().equals(Optional.of(e.resourceId()))) {
            fields.add(new FieldChange("resourceId", live.resourceId(), e.resourceId()));
        }
        e.timeoutMillis().filter(t -> !live.timeoutMillis().equals(Optional.of(t)))
                .ifPresent(t -> fields.add(new FieldChange("timeoutInMilliseconds",
                        live.timeoutMillis().map(String::valueOf), t.toString())));
        e.maximumRetries().filter(r -> !live.maximumRetries().equals(Optional.of(r)))
                .ifPresent(r -> fields.add(new FieldChange("maximumRetries",
                        live.maximumRetries().map(String::valueOf), r.toString())));
        return fields;
    }

    private ExtensionPlanner() {
    }
}
