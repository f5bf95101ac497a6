package io.userflowsync.doctor;

import java.util.List;
import java.util.Optional;

/**
 * One thing the agent does against Graph, the commands that do it, and the application permissions that allow it
 * (any one of {@code anyOf}). {@code apply} needs every need marked {@code forApply}; the others switch a feature on.
 */
public record PermissionNeed(String feature, List<String> commands, List<String> anyOf, boolean forApply,
                             Optional<String> note) {
    public PermissionNeed {
        commands = List.copyOf(commands);
        anyOf = List.copyOf(anyOf);
    }
}
