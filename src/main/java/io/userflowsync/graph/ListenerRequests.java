package io.userflowsync.graph;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.model.Connector;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * How an external tenant's applications call custom authentication extensions at token issuance and email OTP: through
 * {@code authenticationEventListeners} (microsoftgraph/microsoft-graph-docs-contrib, resources/authenticationeventlistener.md,
 * ontokenissuancestartlistener.md, beta onemailotpsendlistener.md), each naming the applications it serves in
 * {@code conditions.applications.includeApplications[{appId}]} and the extension in {@code handler.customExtension}.
 *
 * <ul>
 *   <li>read: one listing, {@code GET /identity/authenticationEventListeners} (at most 250 per tenant, so a few
 *       pages), whatever the number of applications; an application's event calls the extension of the one listener
 *       of that event's type that includes its appId. Two such listeners, or a handler whose extension the listing
 *       does not name (whether it comes inline is undocumented), fail that application's read: the agent does not
 *       guess, and so never creates a second listener beside one it could not read;</li>
 *   <li>bind: {@code POST /identity/authenticationEventListeners} with the appId alone
 *       (identitycontainer-post-authenticationeventlisteners.md);</li>
 *   <li>rebind: {@code PATCH /identity/authenticationEventListeners/{id}} with the new handler
 *       (authenticationeventlistener-update.md, which requires the {@code @odata.type});</li>
 *   <li>unbind: {@code DELETE /identity/authenticationEventListeners/{id}} (authenticationeventlistener-delete.md).</li>
 * </ul>
 * A listener that includes other applications too is never changed or deleted for one of them: that would change
 * what the others call. Such a write is refused with {@link #SHARED}, and the message says which applications share it.
 */
final class ListenerRequests {
    static final String COLLECTION = "/identity/authenticationEventListeners";
    static final String SHARED = "SharedListener";
    static final String AMBIGUOUS = "AmbiguousListeners";
    private static final String NAMESPACE = "#microsoft.graph.";

    private ListenerRequests() {
    }

    /** One listener as listed; {@code extension} is empty when its handler is null. */
    record Listener(String id, String type, List<String> appIds, Optional<Connector> extension,
                    boolean extensionUnread) {
        boolean serves(String appId, Step event) {
            return type.equals(event.listenerType()) && appIds.contains(appId.toLowerCase(Locale.ROOT));
        }

        String describe() {
            return type + " " + id;
        }
    }

    static Listener listed(JsonNode item) {
        String type = item.path("@odata.type").asText("");
        type = type.startsWith(NAMESPACE) ? type.substring(NAMESPACE.length()) : type;
        List<String> apps = new ArrayList<>();
        item.path("conditions").path("applications").path("includeApplications")
                .forEach(a -> apps.add(a.path("appId").asText("").toLowerCase(Locale.ROOT)));
        JsonNode handler = item.get("handler");
        Optional<Connector> extension = Optional.empty();
        boolean unread = false;
        if (handler != null && !handler.isNull()) {
            JsonNode named = handler.get("customExtension");
            if (named != null && named.hasNonNull("id")) {
                extension = Optional.of(new Connector(named.get("id").asText(),
                        named.path("displayName").asText(named.get("id").asText())));
            } else {
                unread = true;
            }
        }
        return new Listener(item.path("id").asText(), type, apps, extension, unread);
    }

    /** Each application's events as the listing says, or why its read failed. */
    static Map<String, FlowRead> reads(List<Listener> listeners, Map<String, Set<Step>> stepsByApp) {
        Map<String, FlowRead> reads = new LinkedHashMap<>();
        stepsByApp.forEach((flowId, events) -> {
            String appId = UserFlowKind.appIdOf(flowId);
            Map<Step, Connector> bound = new EnumMap<>(Step.class);
            Optional<GraphError> failed = Optional.empty();
            for (Step event : new TreeSet<>(events)) {
                List<Listener> serving = serving(listeners, appId, event);
                if (serving.size() > 1) {
                    failed = Optional.of(error(AMBIGUOUS, serving.size() + " " + event.listenerType() + "s include "
                            + "this application (" + String.join(", ", serving.stream().map(Listener::id).toList())
                            + "); the agent does not pick one: delete the extra ones in the portal"));
                    break;
                }
                if (serving.size() == 1 && serving.get(0).extensionUnread()) {
                    failed = Optional.of(error("ListenerHandlerUnread", "the listing of listener "
                            + serving.get(0).id() + " does not say which custom extension its handler calls"));
                    break;
                }
                if (serving.size() == 1) {
                    serving.get(0).extension().ifPresent(e -> bound.put(event, e));
                }
            }
            reads.put(flowId, failed.map(e -> FlowRead.failed(flowId, e))
                    .orElseGet(() -> FlowRead.read(new LiveFlow(flowId, bound))));
        });
        return reads;
    }

    static List<Listener> serving(List<Listener> listeners, String appId, Step event) {
        return listeners.stream().filter(l -> l.serves(appId, event)).toList();
    }

    /**
     * Why a write to the one listener serving {@code appId} would change what other applications call, if it would.
     */
    static Optional<GraphError> sharedBy(Listener listener, String appId) {
        List<String> others = listener.appIds().stream().filter(a -> !a.equalsIgnoreCase(appId)).toList();
        if (others.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(error(SHARED, "not written: listener " + listener.id() + " also serves "
                + String.join(", ", others) + ", and changing it would change what they call; give this application "
                + "a listener of its own in the portal, or bind every application it serves alike"));
    }

    static String listenerPath(String listenerId) {
        return COLLECTION + "/" + listenerId;
    }

    /** A listener for one application whose handler calls {@code extensionId}. */
    static ObjectNode createBody(Step event, String appId, String extensionId) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put("@odata.type", NAMESPACE + event.listenerType());
        body.putObject("conditions").putObject("applications").put("includeAllApplications", false)
                .putArray("includeApplications").addObject().put("appId", appId);
        body.set("handler", handler(event, extensionId));
        return body;
    }

    /** The PATCH that makes a listener call {@code extensionId}. */
    static ObjectNode handlerPatch(Step event, String extensionId) {
        ObjectNode body = GraphCaller.JSON.createObjectNode().put("@odata.type", NAMESPACE + event.listenerType());
        body.set("handler", handler(event, extensionId));
        return body;
    }

    private static ObjectNode handler(Step event, String extensionId) {
        ObjectNode handler = GraphCaller.JSON.createObjectNode().put("@odata.type", NAMESPACE + event.handlerType());
        handler.putObject("customExtension").put("id", extensionId);
        return handler;
    }

    static GraphError error(String code, String message) {
        return new GraphError(0, code, message, Optional.empty());
    }
}
