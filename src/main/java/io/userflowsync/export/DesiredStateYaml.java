package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateFormat;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.UserFlowKind;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.StreamDataWriter;
import org.snakeyaml.engine.v2.comments.CommentLine;
import org.snakeyaml.engine.v2.comments.CommentType;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.NonPrintableStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes flows as a desired-state document (format v1) with snakeyaml-engine's emitter, which quotes and escapes
 * what YAML needs. A value is written plain only when it is a plain word to every YAML reader (a letter first, then
 * letters, digits, blanks and a little punctuation, and no YAML 1.1 boolean or null word), so a YAML 1.1 tool reads
 * it as the same string; anything else is double-quoted, where the emitter escapes every character that needs it.
 * The desired-state loader reads the result back as exactly these flows (the export round-trip tests prove it).
 */
final class DesiredStateYaml {
    private static final Pattern PLAIN_WORDS = Pattern.compile("\\p{L}[\\p{L}\\p{N} ._\\-()/,'&+]*");
    private static final Pattern GUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    /** Words some YAML reader takes for a boolean or null (YAML 1.1 adds y, n, yes, no, on, off). */
    private static final Set<String> YAML_WORDS = Set.of("y", "n", "yes", "no", "on", "off", "true", "false", "null");
    private static final ScalarResolver CORE = new CoreSchema().getScalarResolver();

    private DesiredStateYaml() {
    }

    /** The document: {@code header} as comment lines, {@code version: 1}, then {@code userFlows}. */
    static String render(List<String> header, List<ExportedFlow> flows) {
        return render(header, List.of(), flows);
    }

    /**
     * With a {@code connectors:} section before {@code userFlows} (export --with-connectors, issue 9 item 2): each
     * connector's secrets as placeholders, with a comment that says what to set and that the first apply sends it.
     */
    static String render(List<String> header, List<ExportedConnector> connectors, List<ExportedFlow> flows) {
        return render(header, connectors, List.of(), flows);
    }

    /** With a {@code customExtensions:} section too, after {@code connectors:}. */
    static String render(List<String> header, List<ExportedConnector> connectors,
                         List<ExtensionExport.ExportedExtension> extensions, List<ExportedFlow> flows) {
        List<NodeTuple> flowEntries = new ArrayList<>();
        List<NodeTuple> eventsFlowEntries = new ArrayList<>();
        List<NodeTuple> applicationEntries = new ArrayList<>();
        for (ExportedFlow flow : flows) {
            List<NodeTuple> steps = new ArrayList<>();
            for (ExportedFlow.ExportedStep step : flow.steps()) {
                steps.add(new NodeTuple(plain(step.step().graphName()), value(step)));
            }
            UserFlowKind kind = UserFlowKind.require(flow.flowId());
            MappingNode stepsNode = new MappingNode(Tag.MAP, steps, FlowStyle.BLOCK);
            if (kind.isApplication()) {
                applicationEntries.add(new NodeTuple(plain(UserFlowKind.appIdOf(flow.flowId())), stepsNode));
            } else {
                (kind.callsExtensions() ? eventsFlowEntries : flowEntries).add(new NodeTuple(plain(flow.flowId()),
                        stepsNode));
            }
        }
        ScalarNode versionKey = plain(DesiredStateFormat.VERSION_KEY);
        List<CommentLine> comments = new ArrayList<>();
        header.forEach(line -> comments.add(line.isEmpty() ? comment("", CommentType.BLANK_LINE)
                : comment(" " + line, CommentType.BLOCK)));
        versionKey.setBlockComments(comments);
        List<NodeTuple> top = new ArrayList<>();
        top.add(new NodeTuple(versionKey, new ScalarNode(Tag.INT, Integer.toString(DesiredStateFormat.VERSION),
                ScalarStyle.PLAIN)));
        if (!connectors.isEmpty()) {
            top.add(new NodeTuple(plain(DesiredStateFormat.CONNECTORS_KEY), new MappingNode(Tag.MAP,
                    connectors.stream().map(DesiredStateYaml::connector).toList(), FlowStyle.BLOCK)));
        }
        if (!extensions.isEmpty()) {
            top.add(new NodeTuple(plain(DesiredStateFormat.EXTENSIONS_KEY), new MappingNode(Tag.MAP,
                    extensions.stream().map(DesiredStateYaml::extension).toList(), FlowStyle.BLOCK)));
        }
        // userFlows: is left out only of a document that lists an external tenant's flows or applications only.
        if (!flowEntries.isEmpty() || eventsFlowEntries.isEmpty() && applicationEntries.isEmpty()) {
            top.add(new NodeTuple(plain(DesiredStateFormat.USER_FLOWS_KEY), new MappingNode(Tag.MAP, flowEntries,
                    flowEntries.isEmpty() ? FlowStyle.FLOW : FlowStyle.BLOCK)));
        }
        if (!eventsFlowEntries.isEmpty()) {
            top.add(new NodeTuple(plain(DesiredStateFormat.EVENTS_FLOWS_KEY), new MappingNode(Tag.MAP,
                    eventsFlowEntries, FlowStyle.BLOCK)));
        }
        if (!applicationEntries.isEmpty()) {
            top.add(new NodeTuple(plain(DesiredStateFormat.APPLICATIONS_KEY), new MappingNode(Tag.MAP,
                    applicationEntries, FlowStyle.BLOCK)));
        }
        MappingNode root = new MappingNode(Tag.MAP, top, FlowStyle.BLOCK);
        StringBuilder text = new StringBuilder();
        new Dump(settings()).dumpNode(root, new StreamDataWriter() {
            @Override
            public void write(String str) {
                text.append(str);
            }

            @Override
            public void write(String str, int off, int len) {
                text.append(str, off, off + len);
            }
        });
        return text.toString();
    }

    private static DumpSettings settings() {
        return DumpSettings.builder()
                .setSchema(new CoreSchema())
                .setDumpComments(true)
                .setDefaultFlowStyle(FlowStyle.BLOCK)
                .setIndent(2)
                // A long name stays on one line: no folding, whose rules differ between quoting styles.
                .setWidth(Integer.MAX_VALUE)
                .setSplitLines(false)
                .setUseUnicodeEncoding(true)
                // Never !!binary: the loader refuses tags; the emitter escapes a non-printable character instead.
                .setNonPrintableStyle(NonPrintableStyle.ESCAPE)
                .setBestLineBreak("\n")
                .build();
    }

    private static NodeTuple connector(ExportedConnector c) {
        List<NodeTuple> authentication = new ArrayList<>();
        ScalarNode password;
        if (c.username().isPresent()) {
            authentication.add(new NodeTuple(plain("type"), plain("basic")));
            authentication.add(new NodeTuple(plain("username"), string(c.username().get())));
            password = plain("env:" + c.passwordEnv());
            password.setInLineComments(List.of(comment(" Graph never returns secrets: set " + c.passwordEnv()
                    + " for the agent; the first apply sends it once", CommentType.IN_LINE)));
        } else {
            authentication.add(new NodeTuple(plain("type"), plain("certificate")));
            ScalarNode pkcs12 = string("file:" + c.pkcs12File());
            pkcs12.setInLineComments(List.of(comment(" Graph never returns the certificate: put its PKCS#12 here,"
                    + " relative to where the agent runs", CommentType.IN_LINE)));
            authentication.add(new NodeTuple(plain("pkcs12"), pkcs12));
            password = plain("env:" + c.passwordEnv());
            password.setInLineComments(List.of(comment(" set " + c.passwordEnv() + " to the PKCS#12's password",
                    CommentType.IN_LINE)));
        }
        authentication.add(new NodeTuple(plain("password"), password));
        List<NodeTuple> fields = List.of(
                new NodeTuple(plain("displayName"), string(c.displayName())),
                new NodeTuple(plain("targetUrl"), string(c.targetUrl())),
                new NodeTuple(plain("authentication"), new MappingNode(Tag.MAP, authentication, FlowStyle.BLOCK)));
        return new NodeTuple(plain(c.key()), new MappingNode(Tag.MAP, fields, FlowStyle.BLOCK));
    }

    private static NodeTuple extension(ExtensionExport.ExportedExtension e) {
        List<NodeTuple> fields = new ArrayList<>();
        fields.add(new NodeTuple(plain("event"), plain(e.event().graphName())));
        fields.add(new NodeTuple(plain("displayName"), string(e.displayName())));
        e.description().ifPresent(d -> fields.add(new NodeTuple(plain("description"), string(d))));
        fields.add(new NodeTuple(plain("targetUrl"), string(e.targetUrl())));
        fields.add(new NodeTuple(plain("resourceId"), string(e.resourceId())));
        e.timeoutMillis().ifPresent(t -> fields.add(new NodeTuple(plain("timeoutInMilliseconds"), integer(t))));
        e.maximumRetries().ifPresent(r -> fields.add(new NodeTuple(plain("maximumRetries"), integer(r))));
        return new NodeTuple(plain(e.key()), new MappingNode(Tag.MAP, fields, FlowStyle.BLOCK));
    }

    private static ScalarNode integer(int value) {
        return new ScalarNode(Tag.INT, Integer.toString(value), ScalarStyle.PLAIN);
    }

    private static Node value(ExportedFlow.ExportedStep step) {
        if (step.connector().isEmpty()) {
            return new ScalarNode(Tag.NULL, "null", ScalarStyle.PLAIN);
        }
        ConnectorRef ref = step.connector().get();
        if (ref instanceof ConnectorRef.ByKey key) {
            return new MappingNode(Tag.MAP, List.of(new NodeTuple(plain("connector"), plain(key.key()))),
                    FlowStyle.FLOW);
        }
        if (ref instanceof ConnectorRef.ByExtensionKey key) {
            return new MappingNode(Tag.MAP, List.of(new NodeTuple(plain("extension"), plain(key.key()))),
                    FlowStyle.FLOW);
        }
        if (ref instanceof ConnectorRef.ByDisplayName name) {
            return string(name.displayName());
        }
        String id = ((ConnectorRef.ById) ref).id();
        MappingNode byId = new MappingNode(Tag.MAP, List.of(new NodeTuple(plain("id"), string(id))), FlowStyle.FLOW);
        step.comment().ifPresent(c -> byId.setInLineComments(List.of(comment(" " + c, CommentType.IN_LINE))));
        return byId;
    }

    private static ScalarNode plain(String key) {
        return new ScalarNode(Tag.STR, key, ScalarStyle.PLAIN);
    }

    private static ScalarNode string(String value) {
        return new ScalarNode(Tag.STR, value, plainIsSafe(value) ? ScalarStyle.PLAIN : ScalarStyle.DOUBLE_QUOTED);
    }

    static boolean plainIsSafe(String value) {
        if (GUID.matcher(value).matches()) {
            return true;
        }
        return PLAIN_WORDS.matcher(value).matches() && !value.endsWith(" ")
                && !YAML_WORDS.contains(value.toLowerCase(Locale.ROOT))
                && Tag.STR.equals(CORE.resolve(value, true));
    }

    private static CommentLine comment(String text, CommentType type) {
        return new CommentLine(Optional.empty(), Optional.empty(), text, type);
    }
}
