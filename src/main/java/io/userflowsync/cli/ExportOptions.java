package io.userflowsync.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The options only {@code export} takes: which flows ({@code --flows}, empty for all), {@code --with-connectors},
 * {@code --bound-only}, and where to write ({@code --output FILE|DIR} as typed: a trailing {@code /} says folder).
 */
record ExportOptions(List<String> flows, boolean withConnectors, boolean boundOnly, Optional<String> target) {
    static final ExportOptions NONE = new ExportOptions(List.of(), false, false, Optional.empty());

    ExportOptions {
        flows = List.copyOf(flows);
    }

    ExportOptions withFlows(List<String> more) {
        List<String> all = new ArrayList<>(flows);
        all.addAll(more);
        return new ExportOptions(all, withConnectors, boundOnly, target);
    }

    ExportOptions withConnectorsAsked() {
        return new ExportOptions(flows, true, boundOnly, target);
    }

    ExportOptions withBoundOnly() {
        return new ExportOptions(flows, withConnectors, true, target);
    }

    ExportOptions withTarget(String path) {
        return new ExportOptions(flows, withConnectors, boundOnly, Optional.of(path));
    }
}
