package io.userflowsync.cli;

import io.userflowsync.config.Setting;
import io.userflowsync.config.Settings;
import io.userflowsync.config.SettingsException;
import io.userflowsync.export.ExportDocument;
import io.userflowsync.export.ExportException;
import io.userflowsync.export.ExportRequest;
import io.userflowsync.export.ExportStage;
import io.userflowsync.export.ExportTarget;
import io.userflowsync.export.ExportWriter;
import io.userflowsync.export.TenantSnapshot;
import io.userflowsync.graph.Credentials;
import io.userflowsync.graph.GraphConnection;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.UserFlowKind;
import org.apache.camel.impl.DefaultCamelContext;

import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code export}: the tenant's live bindings written as desired state. The output (YAML) goes to stdout or the
 * files; everything for people goes to stderr. Nothing is written unless the whole export was read.
 */
final class Export {
    private final Commands commands;
    private final PrintStream out;
    private final PrintStream err;

    Export(Commands commands, PrintStream out, PrintStream err) {
        this.commands = commands;
        this.out = out;
        this.err = err;
    }

    int run(CommandLine cmd) throws Exception {
        ExportOptions options = cmd.export();
        Settings settings = commands.settings(cmd, Map.of());
        checkCredentials(settings);
        ExportRequest request = new ExportRequest(options.flows(), options.boundOnly(),
                settings.bool(Setting.EXPERIMENTAL_PRE_TOKEN_ISSUANCE), options.withConnectors());
        ExportTarget target;
        try {
            target = ExportTarget.of(options.target());
            ExportWriter.checkWritable(target, cmd.force());
        } catch (ExportException e) {
            err.println("error: " + e.getMessage());
            return Commands.ERROR;
        }

        DefaultCamelContext camel = new DefaultCamelContext();
        camel.start();
        try {
            TenantSnapshot snapshot;
            try {
                snapshot = new ExportStage(GraphConnection.open(camel, settings)).read(request);
            } catch (GraphException e) {
                err.println("error: could not read the tenant; nothing was written: " + e.getMessage());
                return Commands.ERROR;
            }
            if (!snapshot.problems().isEmpty()) {
                err.println(snapshot.problems().size() == 1 ? "error: " + snapshot.problems().get(0)
                        : "error: the export cannot be written:\n  " + String.join("\n  ", snapshot.problems()));
                return Commands.ERROR;
            }
            notes(snapshot).forEach(n -> err.println("note: " + n));
            ExportDocument document = ExportDocument.of(request, snapshot, settings.required(Setting.TENANT_ID),
                    settings.required(Setting.GRAPH_ENDPOINT));
            List<String> written;
            try {
                written = ExportWriter.write(target, document, out, cmd.force(), request.experimentalSteps());
            } catch (ExportException e) {
                err.println("error: " + e.getMessage());
                return Commands.ERROR;
            }
            written.forEach(n -> err.println("note: " + n));
            err.println("Exported " + document.summary().describe() + where(target) + ".");
            return Commands.OK;
        } finally {
            camel.stop();
        }
    }

    private static List<String> notes(TenantSnapshot snapshot) {
        List<String> notes = new ArrayList<>();
        for (Map.Entry<UserFlowKind, GraphError> e : snapshot.notServed().entrySet()) {
            notes.add("no " + e.getKey().collection() + " in this tenant: GET /" + e.getKey().collectionPath()
                    + " answered " + e.getValue().describe());
        }
        if (!snapshot.leftOut().isEmpty()) {
            notes.add(snapshot.leftOut().size() + " user flow(s) left out: their ids do not match "
                    + UserFlowKind.ID_REGEX + ", so the desired state cannot name them (listed in the header)");
        }
        return notes;
    }

    private static String where(ExportTarget target) {
        if (target instanceof ExportTarget.SingleFile f) {
            return " to " + f.file();
        }
        if (target instanceof ExportTarget.Folder d) {
            return " to the folder " + d.folder();
        }
        return "";
    }

    /**
     * The credentials plan needs (any of the three kinds, docs/credentials.md), every problem named at once; no
     * desired state or policy is involved.
     */
    private static void checkCredentials(Settings settings) {
        List<String> problems = Credentials.problems(settings, Clock.systemUTC());
        if (problems.size() == 1) {
            throw new SettingsException(problems.get(0));
        }
        if (!problems.isEmpty()) {
            throw new SettingsException(problems.size() + " problems with the settings:\n  "
                    + String.join("\n  ", problems));
        }
    }
}
