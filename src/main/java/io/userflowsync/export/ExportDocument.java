package io.userflowsync.export;

import io.userflowsync.desired.DesiredStateFormat;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What an export writes, decided from the snapshot: every flow with its steps named, the header, and the files.
 * Pure: the same snapshot and request always give the same bytes, so nothing that changes between two exports of an
 * unchanged tenant (a time, a path, the order Graph listed things in) goes into them.
 */
public final class ExportDocument {
    /** A file to write: its name (for a folder) and its text. */
    public record ExportFile(String name, String text) {
    }

    /** Counts for the line the command prints. */
    public record Summary(int flows, int steps, int bound, int byId, int unbound) {
        public String describe() {
            return flows + " user flow(s), " + steps + " step(s): " + bound + " bound (" + byId + " by id), "
                    + unbound + " unbound (null)";
        }
    }

    private static final int MAX_LEFT_OUT_NAMED = 20;

    private final ExportRequest request;
    private final TenantSnapshot snapshot;
    private final List<String> origin;
    private final List<ExportedFlow> flows;
    private final int withoutBoundStep;
    private final ConnectorExport connectors;
    private final ExtensionExport extensions;

    private ExportDocument(ExportRequest request, TenantSnapshot snapshot, List<String> origin,
                           List<ExportedFlow> flows, int withoutBoundStep, ConnectorExport connectors,
                           ExtensionExport extensions) {
        this.connectors = connectors;
        this.extensions = extensions;
        this.request = request;
        this.snapshot = snapshot;
        this.origin = origin;
        this.flows = flows;
        this.withoutBoundStep = withoutBoundStep;
    }

    /**
     * @param tenantId      the tenant the snapshot was read from
     * @param graphEndpoint the Graph endpoint it was read through
     */
    public static ExportDocument of(ExportRequest request, TenantSnapshot snapshot, String tenantId,
                                    String graphEndpoint) {
        if (!snapshot.problems().isEmpty()) {
            throw new IllegalArgumentException("a snapshot with problems is not written");
        }
        ConnectorExport connectors = request.withConnectors() ? ConnectorExport.of(snapshot.details())
                : ConnectorExport.none();
        // An external tenant's extensions are managed as code with the connectors (customExtensions:).
        ExtensionExport extensions = request.withConnectors() ? ExtensionExport.of(snapshot.extensions())
                : ExtensionExport.none();
        ConnectorNaming naming = new ConnectorNaming(snapshot.connectors(), connectors);
        ConnectorNaming extensionNaming = new ConnectorNaming(
                snapshot.extensions().stream().map(CustomExtension::asTarget).toList(), extensions);
        List<ExportedFlow> flows = new ArrayList<>();
        int withoutBoundStep = 0;
        for (LiveFlow live : snapshot.flows().stream().sorted((a, b) -> a.flowId().compareTo(b.flowId())).toList()) {
            List<ExportedFlow.ExportedStep> steps = new ArrayList<>();
            for (Step step : request.stepsFor(UserFlowKind.require(live.flowId()))) {
                if (live.binding(step).isPresent() || !request.boundOnly()) {
                    steps.add((step.isEvent() ? extensionNaming : naming).name(step, live.binding(step)));
                }
            }
            if (steps.isEmpty()) {
                withoutBoundStep++; // a flow must list a step; with --bound-only one with none has nothing to say
            } else {
                flows.add(new ExportedFlow(live.flowId(), steps));
            }
        }
        List<String> origin = List.of(
                "Desired state exported by userflow-connector-sync from tenant " + CommentText.line(tenantId)
                        + " through " + endpoint(graphEndpoint) + ".",
                "Made with: " + CommentText.line(request.commandLine()));
        return new ExportDocument(request, snapshot, origin, List.copyOf(flows), withoutBoundStep, connectors,
                extensions);
    }

    /**
     * A commented sketch of these bindings in an External ID external tenant, for a team moving there; empty when no
     * exported flow has a step to carry over ({@link ExternalTenantSketch}).
     */
    public Optional<String> externalSketch() {
        return ExternalTenantSketch.of(flows, origin);
    }

    /** Every exported flow, sorted by id. */
    public List<ExportedFlow> flows() {
        return flows;
    }

    public Summary summary() {
        List<ExportedFlow.ExportedStep> steps = flows.stream().flatMap(f -> f.steps().stream()).toList();
        int bound = (int) steps.stream().filter(s -> s.connector().isPresent()).count();
        int byId = (int) steps.stream().filter(s -> s.connector().orElse(null) instanceof ConnectorRef.ById).count();
        return new Summary(flows.size(), steps.size(), bound, byId, steps.size() - bound);
    }

    /** The whole export as one document, or empty when it would be larger than the loader reads from one file. */
    public Optional<String> oneDocument() {
        String text = DesiredStateYaml.render(header(Optional.empty()), connectors.exported(), extensions.exported(),
                flows);
        return fits(text) ? Optional.of(text) : Optional.empty();
    }

    /**
     * One file per flow family the export covers ({@code b2x-user-flows.yaml}, {@code b2c-user-flows.yaml}), even
     * an empty one ({@code userFlows: {}}), so the folder always holds the whole export. A family larger than the
     * loader reads from one file (1 MiB, some 8,000 flows) is split into numbered parts in flow id order.
     */
    public List<ExportFile> perFamily() {
        List<ExportFile> files = new ArrayList<>();
        if (request.withConnectors()) {
            // The connectors in a file of their own (a key is declared once across a folder's files).
            List<String> lines = new ArrayList<>(origin);
            lines.add("This file: the connectors (--with-connectors); the bindings name them by key.");
            lines.add("");
            files.add(new ExportFile("connectors.yaml", DesiredStateYaml.render(lines, connectors.exported(),
                    List.of())));
        }
        if (!extensions.exported().isEmpty()) {
            List<String> lines = new ArrayList<>(origin);
            lines.add("This file: the custom authentication extensions (--with-connectors); the events name them by key.");
            lines.add("");
            files.add(new ExportFile("custom-extensions.yaml", DesiredStateYaml.render(lines, List.of(),
                    extensions.exported(), List.of())));
        }
        for (UserFlowKind kind : UserFlowKind.values()) {
            if (!snapshot.families().contains(kind)) {
                continue;
            }
            List<ExportedFlow> family = flows.stream()
                    .filter(f -> UserFlowKind.require(f.flowId()) == kind).toList();
            List<List<ExportedFlow>> parts = split(family, kind);
            String base = kind.isApplication() ? "application-listeners"
                    : kind.callsExtensions() ? "external-sign-up-flows"
                    : kind.collection().replace("UserFlows", "").toLowerCase(Locale.ROOT) + "-user-flows";
            for (int i = 0; i < parts.size(); i++) {
                String name = parts.size() == 1 ? base + ".yaml"
                        : String.format(Locale.ROOT, "%s-%03d.yaml", base, i + 1);
                files.add(new ExportFile(name, DesiredStateYaml.render(header(Optional.of(
                        new Part(kind, i + 1, parts.size()))), parts.get(i))));
            }
        }
        return files;
    }

    private record Part(UserFlowKind kind, int number, int of) {
    }

    private List<List<ExportedFlow>> split(List<ExportedFlow> family, UserFlowKind kind) {
        String text = DesiredStateYaml.render(header(Optional.of(new Part(kind, 999, 999))), family);
        if (fits(text) || family.size() < 2) {
            return List.of(family);
        }
        List<List<ExportedFlow>> parts = new ArrayList<>(split(family.subList(0, family.size() / 2), kind));
        parts.addAll(split(family.subList(family.size() / 2, family.size()), kind));
        return parts;
    }

    private static boolean fits(String text) {
        return text.getBytes(StandardCharsets.UTF_8).length <= DesiredStateFormat.MAX_FILE_BYTES;
    }

    private List<String> header(Optional<Part> part) {
        List<String> lines = new ArrayList<>(origin);
        if (request.boundOnly()) {
            lines.add("Only the bound steps are listed (--bound-only); a step left out is not managed.");
            if (withoutBoundStep > 0) {
                lines.add(withoutBoundStep + " flow(s) with no bound step are left out.");
            }
        } else {
            lines.add("Every step Graph has for each flow is listed: a bound step names its connector, an unbound");
            lines.add("step is null, which pins it unbound (apply removes a connector bound to it later). To manage");
            lines.add("only the bound steps, export with --bound-only.");
        }
        if (request.withConnectors()) {
            lines.add("Connectors are written under connectors: (never their secrets, which Graph does not return:");
            lines.add("each is an env: or file: placeholder to set before the first plan, which sends it once) and");
            lines.add("bound by {connector: key}; one that cannot be managed is named as below and not listed there.");
            connectors.leftOut().stream().limit(MAX_LEFT_OUT_NAMED)
                    .forEach(l -> lines.add("  not under connectors: " + CommentText.line(l)));
            if (!snapshot.extensions().isEmpty()) {
                lines.add("Custom authentication extensions are written under customExtensions: and called by");
                lines.add("{extension: key}; one that cannot be managed is named as below and not listed there.");
                extensions.leftOut().stream().limit(MAX_LEFT_OUT_NAMED)
                        .forEach(l -> lines.add("  not under customExtensions: " + CommentText.line(l)));
            }
        }
        lines.add("A connector (or custom authentication extension) is named by its displayName where that is unique");
        lines.add("in the tenant, else by its id.");
        for (Map.Entry<UserFlowKind, GraphError> e : snapshot.notServed().entrySet()) {
            // Status and code only: the message and request-id differ from one request to the next.
            GraphError error = e.getValue();
            lines.add("No " + family(e.getKey()) + ": GET /" + e.getKey().collectionPath() + " answered HTTP "
                    + error.status() + (error.code() == null || error.code().isEmpty() ? ""
                    : " " + CommentText.line(error.code())) + ".");
        }
        if (!snapshot.leftOut().isEmpty()) {
            List<String> named = snapshot.leftOut().stream().limit(MAX_LEFT_OUT_NAMED).map(CommentText::quote)
                    .toList();
            int more = snapshot.leftOut().size() - named.size();
            lines.add("Not exported, as the desired state cannot name them (a flow id matches "
                    + UserFlowKind.ID_REGEX + "):");
            lines.add("  " + String.join(", ", named) + (more > 0 ? " and " + more + " more" : ""));
        }
        part.ifPresent(p -> lines.add("This file: the " + family(p.kind())
                + (p.of() > 1 ? ", part " + p.number() + " of " + p.of() : "") + "."));
        lines.add("");
        return lines;
    }

    private static String family(UserFlowKind kind) {
        return switch (kind) {
            case B2C -> "Azure AD B2C user flows (B2C_1_)";
            case B2X -> "External ID self-service sign-up user flows (B2X_1_)";
            case EXTERNAL -> "External ID external tenant's sign-up flows (authenticationEventsFlows)";
            case APPLICATION -> "applications' token issuance and OTP send listeners (authenticationEventListeners)";
        };
    }

    /** Scheme, host, port and path: never user info or a query, which could hold a credential. */
    static String endpoint(String graphEndpoint) {
        try {
            URI uri = URI.create(graphEndpoint.strip());
            if (uri.getScheme() != null && uri.getHost() != null) {
                String path = uri.getRawPath() == null ? "" : uri.getRawPath();
                return CommentText.line(uri.getScheme() + "://" + uri.getHost()
                        + (uri.getPort() >= 0 ? ":" + uri.getPort() : "") + path);
            }
        } catch (IllegalArgumentException e) {
            // fall through: not a URI, named as given
        }
        return CommentText.line(graphEndpoint.replaceAll("[?#].*", "").replaceAll("//[^/@]*@", "//"));
    }
}
