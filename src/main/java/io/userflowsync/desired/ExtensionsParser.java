package io.userflowsync.desired;

import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.Step;
import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the optional {@code customExtensions:} section: an External ID external tenant's custom authentication
 * extensions as code, key to the fields of Graph's create call (beta,
 * identitycontainer-post-customauthenticationextensions.md in microsoftgraph/microsoft-graph-docs-contrib): the
 * event it serves (which fixes its {@code @odata.type}), displayName, an optional description, the https
 * {@code targetUrl} of its {@code httpRequestEndpoint}, the {@code resourceId} Graph gets a token for
 * ({@code azureAdTokenAuthentication}), and optionally {@code timeoutInMilliseconds} (200 to 2000) and
 * {@code maximumRetries} (0 or 1, resources/customextensionclientconfiguration.md). There is no secret to refer to.
 */
final class ExtensionsParser {
    static final String EVENT_KEY = "event";
    static final String DISPLAY_NAME_KEY = "displayName";
    static final String DESCRIPTION_KEY = "description";
    static final String TARGET_URL_KEY = "targetUrl";
    static final String RESOURCE_ID_KEY = "resourceId";
    static final String TIMEOUT_KEY = "timeoutInMilliseconds";
    static final String RETRIES_KEY = "maximumRetries";
    static final List<String> EXTENSION_KEYS = List.of(EVENT_KEY, DISPLAY_NAME_KEY, DESCRIPTION_KEY, TARGET_URL_KEY,
            RESOURCE_ID_KEY, TIMEOUT_KEY, RETRIES_KEY);
    private static final List<String> EVENTS = java.util.Arrays.stream(Step.values()).filter(Step::isEvent)
            .map(Step::graphName).toList();

    private final FileProblems problems;
    private final FieldReader reader;

    ExtensionsParser(FileProblems problems) {
        this.problems = problems;
        this.reader = new FieldReader(problems);
    }

    List<ManagedExtension> parse(Node value) {
        if (value.getAnchor().isPresent()) {
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, "'" + DesiredStateFormat.EXTENSIONS_KEY + "' must be a mapping of extension key to "
                    + "event, displayName, targetUrl and resourceId, not a " + NodeKinds.describe(value));
            return List.of();
        }
        List<ManagedExtension> extensions = new ArrayList<>();
        for (MappingEntries.Entry entry : MappingEntries.of(mapping, problems)) {
            extension(entry).ifPresent(extensions::add);
        }
        return extensions;
    }

    private Optional<ManagedExtension> extension(MappingEntries.Entry entry) {
        boolean validKey = Tag.STR.equals(entry.keyNode().getTag())
                && DesiredStateFormat.CONNECTOR_KEY.matcher(entry.key()).matches();
        if (!validKey) {
            problems.add(entry.keyNode(), "'" + Excerpt.of(entry.key()) + "' is not an extension key: a key is a "
                    + "name of your choosing that matches " + DesiredStateFormat.CONNECTOR_KEY_REGEX
                    + ", e.g. validate-sign-up");
        }
        Node value = entry.value();
        if (value.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            problems.add(value, "a custom extension must be a mapping with event, displayName, targetUrl and "
                    + "resourceId, not a " + NodeKinds.describe(value));
            return Optional.empty();
        }
        Map<String, MappingEntries.Entry> fields = reader.known(mapping, EXTENSION_KEYS, "a custom extension");
        Optional<Step> event = reader.required(fields, EVENT_KEY, mapping, "the event the extension serves")
                .flatMap(e -> event(e.value()));
        Optional<String> displayName = reader.required(fields, DISPLAY_NAME_KEY, mapping,
                "the extension's displayName").flatMap(e -> reader.text(e.value(), "the extension's displayName"));
        Optional<MappingEntries.Entry> descriptionEntry = Optional.ofNullable(fields.get(DESCRIPTION_KEY));
        Optional<String> description = descriptionEntry.flatMap(e -> reader.text(e.value(),
                "the extension's description"));
        Optional<String> targetUrl = reader.required(fields, TARGET_URL_KEY, mapping, "the extension's targetUrl")
                .flatMap(e -> reader.text(e.value(), "the extension's targetUrl")
                        .flatMap(url -> reader.httpsUrl(url, e.value(), "the extension's targetUrl")));
        Optional<String> resourceId = reader.required(fields, RESOURCE_ID_KEY, mapping,
                "the extension's resourceId (the API's application ID URI or appId, which Graph gets a token for)")
                .flatMap(e -> reader.text(e.value(), "the extension's resourceId"));
        Optional<MappingEntries.Entry> timeoutEntry = Optional.ofNullable(fields.get(TIMEOUT_KEY));
        Optional<Integer> timeout = timeoutEntry.flatMap(e -> integer(e.value(), TIMEOUT_KEY,
                ManagedExtension.MIN_TIMEOUT_MILLIS, ManagedExtension.MAX_TIMEOUT_MILLIS));
        Optional<MappingEntries.Entry> retriesEntry = Optional.ofNullable(fields.get(RETRIES_KEY));
        Optional<Integer> retries = retriesEntry.flatMap(e -> integer(e.value(), RETRIES_KEY, 0,
                ManagedExtension.MAX_RETRIES));
        boolean optionalsValid = descriptionEntry.isPresent() == description.isPresent()
                && timeoutEntry.isPresent() == timeout.isPresent() && retriesEntry.isPresent() == retries.isPresent();
        if (!validKey || event.isEmpty() || displayName.isEmpty() || targetUrl.isEmpty() || resourceId.isEmpty()
                || !optionalsValid) {
            return Optional.empty();
        }
        return Optional.of(new ManagedExtension(entry.key(), event.get(), displayName.get(), description,
                targetUrl.get(), resourceId.get(), timeout, retries, problems.at(entry.keyNode())));
    }

    private Optional<Step> event(Node node) {
        Optional<String> name = reader.text(node, "the extension's event");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<Step> event = Step.fromGraphName(name.get()).filter(Step::isEvent);
        if (event.isEmpty()) {
            problems.add(node, "unknown event '" + Excerpt.of(name.get()) + "': a custom extension serves "
                    + String.join(", ", EVENTS) + "." + Suggestions.didYouMean(name.get(), EVENTS));
        }
        return event;
    }

    /** A YAML integer within Graph's documented range; a quoted number or a float is refused, not converted. */
    private Optional<Integer> integer(Node node, String what, int min, int max) {
        if (node.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !Tag.INT.equals(scalar.getTag())) {
            problems.add(node, what + " must be a whole number from " + min + " to " + max + ", not a "
                    + NodeKinds.describe(node));
            return Optional.empty();
        }
        if (!scalar.getValue().matches("[-+]?[0-9]+")) {
            problems.add(node, what + " must be a whole number from " + min + " to " + max + " in decimal, not '"
                    + Excerpt.of(scalar.getValue()) + "'");
            return Optional.empty();
        }
        BigInteger number = new BigInteger(scalar.getValue());
        if (number.compareTo(BigInteger.valueOf(min)) < 0 || number.compareTo(BigInteger.valueOf(max)) > 0) {
            problems.add(node, what + " is " + Excerpt.of(scalar.getValue()) + "; Graph accepts " + min + " to " + max
                    + " (resources/customextensionclientconfiguration.md)");
            return Optional.empty();
        }
        return Optional.of(number.intValueExact());
    }
}
