package io.userflowsync.scan;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * Which managed flows one desired state changes against another: the flows a new revision must reconcile first.
 * Pure. Compared by what a flow asks for (each step and the connector it names, or none), not by where it is
 * written: a flow moved to another file or line is unchanged.
 *
 * <p>A flow is changed when it is new, or a step was added, dropped or names another connector. A flow whose step
 * names a managed connector ({@code {connector: key}}) or a displayName is changed too when that connector's
 * definition changed: the connector a step resolves to may be another one now. A flow that left the desired state
 * is no longer managed and needs no read. So is a flow whose event names a managed extension
 * ({@code {extension: key}}) whose event or displayName changed. Connectors and extensions themselves are planned in
 * every run (their listing is one request), so they need no entry here.
 */
public final class DesiredDiff {

    private DesiredDiff() {
    }

    /** The ids of the flows in {@code now} that differ from {@code before}, sorted. */
    public static Set<String> changedFlows(DesiredState before, DesiredState now) {
        Map<String, Map<Object, Optional<ConnectorRef>>> old = new LinkedHashMap<>();
        before.flows().forEach(f -> old.put(f.flowId(), bindings(f)));
        Set<String> changedKeys = new HashSet<>();
        Set<String> changedNames = new HashSet<>();
        changedConnectors(before.connectors(), now.connectors(), changedKeys, changedNames);
        Set<String> changedExtensionKeys = new HashSet<>();
        changed(before.extensions(), now.extensions(), ManagedExtension::key, ManagedExtension::displayName,
                DesiredDiff::sameDefinition, changedExtensionKeys, changedNames);
        Set<String> changed = new TreeSet<>();
        for (DesiredFlow flow : now.flows()) {
            Map<Object, Optional<ConnectorRef>> asked = bindings(flow);
            if (!asked.equals(old.get(flow.flowId())) || namesChanged(asked, changedKeys, changedNames)
                    || asked.values().stream().flatMap(Optional::stream).anyMatch(ref ->
                    ref instanceof ConnectorRef.ByExtensionKey k && changedExtensionKeys.contains(k.key()))) {
                changed.add(flow.flowId());
            }
        }
        return changed;
    }

    private static Map<Object, Optional<ConnectorRef>> bindings(DesiredFlow flow) {
        Map<Object, Optional<ConnectorRef>> asked = new LinkedHashMap<>();
        for (DesiredStep step : flow.steps()) {
            asked.put(step.step(), step.connector());
        }
        return asked;
    }

    private static boolean namesChanged(Map<Object, Optional<ConnectorRef>> asked, Set<String> keys,
                                        Set<String> names) {
        return asked.values().stream().flatMap(Optional::stream).anyMatch(ref ->
                ref instanceof ConnectorRef.ByKey k && keys.contains(k.key())
                        || ref instanceof ConnectorRef.ByDisplayName d && names.contains(d.displayName()));
    }

    /** The keys and displayNames (before and after) of managed connectors added, dropped or redefined. */
    private static void changedConnectors(List<ManagedConnector> before, List<ManagedConnector> now,
                                          Set<String> keys, Set<String> names) {
        changed(before, now, ManagedConnector::key, ManagedConnector::displayName, DesiredDiff::sameDefinition,
                keys, names);
    }

    /** The keys and displayNames (before and after) of managed objects added, dropped or redefined. */
    private static <T> void changed(List<T> before, List<T> now, Function<T, String> key,
                                    Function<T, String> displayName, BiPredicate<T, T> same,
                                    Set<String> keys, Set<String> names) {
        Map<String, T> old = new LinkedHashMap<>();
        before.forEach(c -> old.put(key.apply(c), c));
        Set<String> seen = new HashSet<>();
        for (T managed : now) {
            seen.add(key.apply(managed));
            T previous = old.get(key.apply(managed));
            if (previous == null || !same.test(previous, managed)) {
                keys.add(key.apply(managed));
                names.add(displayName.apply(managed));
                if (previous != null) {
                    names.add(displayName.apply(previous));
                }
            }
        }
        old.values().stream().filter(c -> !seen.contains(key.apply(c))).forEach(c -> {
            keys.add(key.apply(c));
            names.add(displayName.apply(c));
        });
    }

    /** An extension's event decides which flows may call it; where it is written does not matter. */
    private static boolean sameDefinition(ManagedExtension a, ManagedExtension b) {
        return a.event() == b.event() && a.displayName().equals(b.displayName());
    }

    private static boolean sameDefinition(ManagedConnector a, ManagedConnector b) {
        return a.displayName().equals(b.displayName()) && a.targetUrl().equals(b.targetUrl())
                && Objects.equals(a.authentication(), b.authentication());
    }
}
