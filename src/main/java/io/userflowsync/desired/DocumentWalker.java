package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.text.Suggestions;
import io.userflowsync.text.Excerpt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Walks the document of one file (format v1) and returns the flows it declares, reporting every rule it breaks.
 * It goes on after a problem so that one run shows all of them.
 */
final class DocumentWalker {
    private static final String ALLOWED_TOP_LEVEL = "the allowed keys are " + DesiredStateFormat.USER_FLOWS_KEY
            + " (required unless " + DesiredStateFormat.EVENTS_FLOWS_KEY + " or " + DesiredStateFormat.APPLICATIONS_KEY
            + " is there), " + DesiredStateFormat.EVENTS_FLOWS_KEY + " (an external tenant's sign-up flows), "
            + DesiredStateFormat.APPLICATIONS_KEY + " (its applications' listeners), " + DesiredStateFormat.VERSION_KEY
            + " (1), " + DesiredStateFormat.SUSPEND_KEY + " (true or false), " + DesiredStateFormat.CONNECTORS_KEY
            + " (API connectors to manage) and " + DesiredStateFormat.EXTENSIONS_KEY
            + " (custom authentication extensions to manage); all but userFlows are optional";

    /**
     * The two sections that list flows: what their keys are, which steps their flows have and what those steps call.
     * An API connector's {@code {connector: key}} means nothing to an event, which calls a custom authentication
     * extension.
     */
    private enum Section {
        USER_FLOWS(DesiredStateFormat.USER_FLOWS_KEY, "user flow id to steps", "step", "connector",
                "postAttributeCollection: Check partner domain"),
        EVENTS_FLOWS(DesiredStateFormat.EVENTS_FLOWS_KEY, "sign-up flow id (a GUID) to events", "event",
                "custom authentication extension", "onAttributeCollectionSubmit: Validate sign-up"),
        APPLICATIONS(DesiredStateFormat.APPLICATIONS_KEY, "application id (an appId GUID) to events", "event",
                "custom authentication extension", "onTokenIssuanceStart: Add loyalty claims");

        final String key;
        final String mappingOf;
        final String stepNoun;
        final String targetNoun;
        final String example;

        Section(String key, String mappingOf, String stepNoun, String targetNoun, String example) {
            this.key = key;
            this.mappingOf = mappingOf;
            this.stepNoun = stepNoun;
            this.targetNoun = targetNoun;
            this.example = example;
        }

        boolean has(Step step) {
            return kind(step) == this;
        }

        /** Whether its entries call custom authentication extensions. */
        boolean callsExtensions() {
            return this != USER_FLOWS;
        }

        static Section kind(Step step) {
            return step.isListenerEvent() ? APPLICATIONS : step.isEvent() ? EVENTS_FLOWS : USER_FLOWS;
        }
    }

    /**
     * What one file declares.
     *
     * @param suspendedAt where the file says {@code suspend: true}
     */
    record Document(List<DesiredFlow> flows, Optional<SourceLocation> suspendedAt, List<ManagedConnector> connectors,
                    List<ManagedExtension> extensions) {
        static final Document EMPTY = new Document(List.of(), Optional.empty(), List.of(), List.of());
    }

    private final FileProblems problems;
    private final boolean experimentalSteps;
    private final StepValueParser values;

    DocumentWalker(FileProblems problems, boolean experimentalSteps) {
        this.problems = problems;
        this.experimentalSteps = experimentalSteps;
        this.values = new StepValueParser(problems);
    }

    Document walk(Node root) {
        if (root.getAnchor().isPresent()) {
            return Document.EMPTY;
        }
        if (!(root instanceof MappingNode mapping)) {
            problems.add(root, "the top level must be a mapping with '" + DesiredStateFormat.USER_FLOWS_KEY
                    + ":', not a " + NodeKinds.describe(root));
            return Document.EMPTY;
        }
        List<DesiredFlow> flows = new ArrayList<>();
        Optional<SourceLocation> suspendedAt = Optional.empty();
        List<ManagedConnector> connectors = List.of();
        List<ManagedExtension> extensions = List.of();
        boolean sawUserFlows = false;
        for (MappingEntries.Entry entry : MappingEntries.of(mapping, problems)) {
            switch (entry.key()) {
                case DesiredStateFormat.USER_FLOWS_KEY -> {
                    sawUserFlows = true;
                    flows.addAll(flows(entry.value(), Section.USER_FLOWS));
                }
                case DesiredStateFormat.EVENTS_FLOWS_KEY -> {
                    sawUserFlows = true;
                    flows.addAll(flows(entry.value(), Section.EVENTS_FLOWS));
                }
                case DesiredStateFormat.APPLICATIONS_KEY -> {
                    sawUserFlows = true;
                    flows.addAll(flows(entry.value(), Section.APPLICATIONS));
                }
                case DesiredStateFormat.VERSION_KEY -> checkVersion(entry.value());
                case DesiredStateFormat.SUSPEND_KEY -> suspendedAt = suspend(entry);
                case DesiredStateFormat.CONNECTORS_KEY -> connectors = new ConnectorsParser(problems).parse(entry.value());
                case DesiredStateFormat.EXTENSIONS_KEY -> extensions = new ExtensionsParser(problems).parse(entry.value());
                default -> problems.add(entry.keyNode(), "unknown top-level key '" + Excerpt.of(entry.key()) + "'."
                        + Suggestions.didYouMean(entry.key(), DesiredStateFormat.TOP_LEVEL_KEYS)
                        + " " + capitalized(ALLOWED_TOP_LEVEL));
            }
        }
        if (!sawUserFlows && !mentions(mapping, DesiredStateFormat.USER_FLOWS_KEY)
                && !mentions(mapping, DesiredStateFormat.EVENTS_FLOWS_KEY)
                && !mentions(mapping, DesiredStateFormat.APPLICATIONS_KEY)) {
            problems.add(root, "missing '" + DesiredStateFormat.USER_FLOWS_KEY + "': list the flows to manage "
                    + "(write 'userFlows: {}' to manage nothing); " + ALLOWED_TOP_LEVEL);
        }
        return new Document(flows, suspendedAt, connectors, extensions);
    }

    /**
     * {@code suspend:} takes a YAML boolean and nothing else: a value that only looks like one ({@code yes},
     * {@code "true"}, an empty value) is refused rather than guessed at, as everywhere in the format, because it
     * decides whether the agent writes to live sign-up flows at all.
     */
    private Optional<SourceLocation> suspend(MappingEntries.Entry entry) {
        Node value = entry.value();
        if (value.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (value instanceof ScalarNode scalar && Tag.BOOL.equals(scalar.getTag())) {
            return Boolean.parseBoolean(scalar.getValue())
                    ? Optional.of(problems.at(entry.keyNode())) : Optional.empty();
        }
        String kind = NodeKinds.describe(value);
        String given = value instanceof ScalarNode scalar && !scalar.getValue().isEmpty()
                ? "'" + Excerpt.of(scalar.getValue()) + "' (" + kind + ")"
                : ("aeiou".indexOf(kind.charAt(0)) >= 0 ? "an " : "a ") + kind;
        problems.add(value, "'" + DesiredStateFormat.SUSPEND_KEY + "' must be true or false, not " + given
                + ": write 'suspend: true' to pause every write, or leave the key out");
        return Optional.empty();
    }

    private void checkVersion(Node value) {
        if (value.getAnchor().isPresent()) {
            return;
        }
        boolean isOne = value instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())
                && scalar.getValue().matches("[+]?[0-9]+")
                && new BigInteger(scalar.getValue()).equals(BigInteger.valueOf(DesiredStateFormat.VERSION));
        if (!isOne) {
            String given = value instanceof ScalarNode scalar && !scalar.getValue().isEmpty()
                    ? "'" + Excerpt.of(scalar.getValue()) + "' (" + NodeKinds.describe(value) + ")"
                    : NodeKinds.describe(value);
            problems.add(value, "unsupported version " + given + ": this agent reads format version "
                    + DesiredStateFormat.VERSION + " (write 'version: 1' or leave it out)");
        }
    }

    private List<DesiredFlow> flows(Node value, Section section) {
        if (value.getAnchor().isPresent()) {
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, "'" + section.key + "' must be a mapping of " + section.mappingOf + ", not a "
                    + NodeKinds.describe(value) + " (write '" + section.key + ": {}' to manage nothing)");
            return List.of();
        }
        List<DesiredFlow> flows = new ArrayList<>();
        for (MappingEntries.Entry entry : MappingEntries.of(mapping, problems)) {
            flow(entry, section).ifPresent(flows::add);
        }
        return flows;
    }

    private Optional<DesiredFlow> flow(MappingEntries.Entry entry, Section section) {
        boolean validId = section == Section.USER_FLOWS ? checkFlowId(entry)
                : section == Section.EVENTS_FLOWS ? checkEventsFlowId(entry) : checkAppId(entry);
        Node value = entry.value();
        if (value.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (NodeKinds.isNull(value) || value instanceof MappingNode m && m.getValue().isEmpty()) {
            String article = section.callsExtensions() ? "an " : "a ";
            problems.add(value, (section == Section.APPLICATIONS ? "application" : "flow") + " lists no " + section.stepNoun + "; remove it or name " + article
                    + section.stepNoun);
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, (section == Section.APPLICATIONS ? "an application" : "a flow")
                    + " must be a mapping of " + section.stepNoun + " name to " + section.targetNoun
                    + ", not a " + NodeKinds.describe(value) + "; for example '" + section.example + "'");
            return Optional.empty();
        }
        List<DesiredStep> steps = new ArrayList<>();
        for (MappingEntries.Entry stepEntry : MappingEntries.of(mapping, problems)) {
            Optional<Step> step = step(stepEntry, section).filter(st -> availableFor(entry.key(), st, stepEntry));
            // Read the value even when the step name is wrong, so its problems show in the same run.
            Optional<StepValueParser.StepValue> stepValue = values.parse(stepEntry.value())
                    .filter(v -> callableFrom(section, v, stepEntry.value()));
            if (step.isPresent() && stepValue.isPresent()) {
                steps.add(new DesiredStep(step.get(), stepValue.get().connector(), problems.at(stepEntry.keyNode())));
            }
        }
        steps.sort(Comparator.comparing(DesiredStep::step));
        // Graph compares ids case-insensitively and writes GUIDs in lower case.
        String flowId = section == Section.EVENTS_FLOWS ? entry.key().toLowerCase(Locale.ROOT)
                : section == Section.APPLICATIONS ? UserFlowKind.applicationId(entry.key()) : entry.key();
        return validId ? Optional.of(new DesiredFlow(flowId, problems.at(entry.keyNode()), steps)) : Optional.empty();
    }

    private boolean checkFlowId(MappingEntries.Entry entry) {
        String id = entry.key();
        if (Tag.STR.equals(entry.keyNode().getTag()) && UserFlowKind.ID.matcher(id).matches()) {
            return true;
        }
        // A prefix in the wrong case (b2x_1_...) is the likeliest slip: suggest the id with the prefix corrected.
        String hint = UserFlowKind.ofIgnoringCase(id)
                .map(kind -> kind.idPrefix() + id.substring(kind.idPrefix().length()))
                .filter(fixed -> UserFlowKind.ID.matcher(fixed).matches())
                .map(fixed -> " Did you mean '" + Excerpt.of(fixed) + "'?")
                .orElse("");
        problems.add(entry.keyNode(), "'" + Excerpt.of(id) + "' is not a user flow id: ids look like B2X_1_name "
                + "(External ID) or B2C_1_name (Azure AD B2C) and match " + UserFlowKind.ID_REGEX + "." + hint);
        return false;
    }

    /**
     * An external tenant's GUID, compared as Graph compares ids, case-insensitively; a B2X_1_/B2C_1_ id here belongs
     * under {@code userFlows:}.
     */
    private boolean checkEventsFlowId(MappingEntries.Entry entry) {
        String id = entry.key();
        if (Tag.STR.equals(entry.keyNode().getTag()) && UserFlowKind.EXTERNAL_ID.matcher(id).matches()) {
            return true;
        }
        String hint = UserFlowKind.ID.matcher(id).matches()
                ? " A B2X_1_ or B2C_1_ flow goes under '" + DesiredStateFormat.USER_FLOWS_KEY + ":'." : "";
        problems.add(entry.keyNode(), "'" + Excerpt.of(id) + "' is not an external tenant's sign-up flow id: ids are "
                + "the authenticationEventsFlow's GUID, as GET /identity/authenticationEventsFlows lists them." + hint);
        return false;
    }

    /** An application's appId, a GUID as Graph writes it in a listener's {@code includeApplications}. */
    private boolean checkAppId(MappingEntries.Entry entry) {
        String id = entry.key();
        if (Tag.STR.equals(entry.keyNode().getTag()) && UserFlowKind.EXTERNAL_ID.matcher(id).matches()) {
            return true;
        }
        problems.add(entry.keyNode(), "'" + Excerpt.of(id) + "' is not an application id: write the application's "
                + "appId (a GUID, its Application (client) ID in the portal), as a listener's includeApplications "
                + "names it");
        return false;
    }

    /**
     * An event calls a custom authentication extension: {@code {connector: key}} names an API connector; a step of
     * a user flow calls an API connector: {@code {extension: key}} names a custom extension.
     */
    private boolean callableFrom(Section section, StepValueParser.StepValue value, Node node) {
        if (section.callsExtensions() && value.connector().orElse(null) instanceof ConnectorRef.ByKey) {
            problems.add(node, "an event calls a custom authentication extension, and {"
                    + StepValueParser.CONNECTOR_KEY + ": key} names an API connector of '"
                    + DesiredStateFormat.CONNECTORS_KEY + ":'; name the extension by its displayName, {id: ...} or {"
                    + StepValueParser.EXTENSION_KEY + ": key}, or write null");
            return false;
        }
        if (section == Section.USER_FLOWS && value.connector().orElse(null) instanceof ConnectorRef.ByExtensionKey) {
            problems.add(node, "a user flow's step calls an API connector, and {" + StepValueParser.EXTENSION_KEY
                    + ": key} names a custom authentication extension of '" + DesiredStateFormat.EXTENSIONS_KEY
                    + ":', which only an external tenant's sign-up flow calls; name the connector by its displayName, "
                    + "{id: ...} or {" + StepValueParser.CONNECTOR_KEY + ": key}, or write null");
            return false;
        }
        return true;
    }

    private Optional<Step> step(MappingEntries.Entry entry, Section section) {
        String name = entry.key();
        Optional<Step> step = Step.fromGraphName(name).filter(section::has);
        if (step.isEmpty()) {
            List<String> allNames = Arrays.stream(Step.values()).filter(section::has).map(Step::graphName).toList();
            String suggestion = Suggestions.closeTo(name, allNames).stream().findFirst()
                    .map(s -> " Did you mean '" + s + "'?" + (Step.fromGraphName(s).orElseThrow().experimental()
                            && !experimentalSteps ? " (experimental; " + enableHint() + ")" : ""))
                    .orElse("");
            String elsewhere = Step.fromGraphName(name).map(Section::kind).map(home -> " '" + name + "' is "
                    + switch (home) {
                        case EVENTS_FLOWS -> "an event of an external tenant's sign-up flow";
                        case APPLICATIONS -> "an event of an external tenant's application, bound through a listener";
                        case USER_FLOWS -> "a step of a user flow's apiConnectorConfiguration";
                    } + ", under '" + home.key + ":'.").orElse("");
            problems.add(entry.keyNode(), "unknown " + section.stepNoun + " '" + Excerpt.of(name) + "'." + suggestion
                    + elsewhere + " The " + section.stepNoun + "s are " + enabledStepNames(section) + ".");
            return Optional.empty();
        }
        if (step.get().experimental() && !experimentalSteps) {
            problems.add(entry.keyNode(), "step '" + name + "' is experimental (only in Graph's beta model; no "
                    + "Graph page documents binding it) and is off; " + enableHint());
            return Optional.empty();
        }
        return step;
    }

    /** preTokenIssuance exists only in Graph beta, where only Azure AD B2C flows (B2C_1_...) are served. */
    private boolean availableFor(String flowId, Step step, MappingEntries.Entry stepEntry) {
        if (step.experimental() && UserFlowKind.ofIgnoringCase(flowId).filter(k -> k == UserFlowKind.B2C).isEmpty()) {
            problems.add(stepEntry.keyNode(), "step '" + step.graphName() + "' exists only for Azure AD B2C flows "
                    + "(B2C_1_..., Graph beta), not for '" + Excerpt.of(flowId) + "'");
            return false;
        }
        return true;
    }

    private static String enableHint() {
        return "set " + DesiredStateFormat.EXPERIMENTAL_STEPS_SETTING + " to manage it";
    }

    private String enabledStepNames(Section section) {
        return Arrays.stream(Step.values())
                .filter(section::has)
                .filter(s -> experimentalSteps || !s.experimental())
                .map(s -> s.graphName() + (s.experimental() ? " (experimental)" : ""))
                .collect(Collectors.joining(", "));
    }

    /** A userFlows key that was left out (an anchored one) is reported already; do not also call it missing. */
    private static boolean mentions(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .anyMatch(t -> t.getKeyNode() instanceof ScalarNode s && key.equals(s.getValue()));
    }

    private static String capitalized(String text) {
        return Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
