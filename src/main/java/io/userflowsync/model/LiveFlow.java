package io.userflowsync.model;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The live bindings of one user flow for the steps that were read; a step absent from the map is unbound. */
public record LiveFlow(String flowId, Map<Step, Connector> bindings) {
    public LiveFlow {
        EnumMap<Step, Connector> copy = new EnumMap<>(Step.class);
        copy.putAll(bindings);
        bindings = Collections.unmodifiableMap(copy);
    }

    public Optional<Connector> binding(Step step) {
        return Optional.ofNullable(bindings.get(step));
    }
}
