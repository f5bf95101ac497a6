package io.userflowsync.source;

import io.userflowsync.desired.DesiredStateException;
import io.userflowsync.desired.ValidationProblem;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A deliberately tiny stand-in for DesiredStateLoader (being written elsewhere): reads {@code flows.yaml} (or the file
 * given), whose first non-comment line must be {@code userFlows:}; each {@code "  <flowId>:"} line names a flow.
 * Problems carry file:line like the real loader. Replace with the real loader once it exists.
 */
final class FlowsYamlReader implements DesiredStateReader {

    @Override
    public DesiredState read(Path root, String shownAs, SourceRevision revision) throws DesiredStateException {
        boolean folder = Files.isDirectory(root);
        Path file = folder ? root.resolve("flows.yaml") : root;
        String name = folder ? (shownAs.equals(".") ? "" : shownAs + "/") + "flows.yaml" : shownAs;
        if (!Files.isRegularFile(file)) {
            throw problem(name, 1, "flows.yaml is missing");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw problem(name, 1, "cannot read: " + e.getMessage());
        }
        List<DesiredFlow> flows = new ArrayList<>();
        boolean header = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (!header) {
                if (!line.equals("userFlows:")) {
                    throw problem(name, i + 1, "expected 'userFlows:' but found '" + line.strip() + "'");
                }
                header = true;
            } else if (line.matches("  [A-Za-z0-9_]+:.*")) {
                String id = line.strip().substring(0, line.strip().indexOf(':'));
                flows.add(new DesiredFlow(id, new SourceLocation(name, i + 1, 3), List.of()));
            }
        }
        if (!header) {
            throw problem(name, 1, "expected 'userFlows:'");
        }
        return new DesiredState(flows, revision);
    }

    private static DesiredStateException problem(String file, int line, String reason) {
        return new DesiredStateException(List.of(new ValidationProblem(new SourceLocation(file, line, 1), reason)));
    }
}
