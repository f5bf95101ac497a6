package io.userflowsync.desired;

import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads the optional {@code connectors:} section (issue 9, item 1): connector key to displayName, targetUrl and
 * authentication, the body of Graph's create call (api-reference/v1.0/api/identityapiconnector-create.md in
 * microsoftgraph/microsoft-graph-docs-contrib). A secret is only ever a reference ({@code env:NAME} or
 * {@code file:PATH}): anything else is refused, because the config repository is read by many and its history
 * keeps a secret forever.
 */
final class ConnectorsParser {
    static final String DISPLAY_NAME_KEY = "displayName";
    static final String TARGET_URL_KEY = "targetUrl";
    static final String AUTHENTICATION_KEY = "authentication";
    static final List<String> CONNECTOR_KEYS = List.of(DISPLAY_NAME_KEY, TARGET_URL_KEY, AUTHENTICATION_KEY);
    static final String TYPE_KEY = "type";
    static final String USERNAME_KEY = "username";
    static final String PASSWORD_KEY = "password";
    static final String PKCS12_KEY = "pkcs12";
    static final String BASIC = "basic";
    static final String CERTIFICATE = "certificate";
    static final List<String> BASIC_KEYS = List.of(TYPE_KEY, USERNAME_KEY, PASSWORD_KEY);
    static final List<String> CERTIFICATE_KEYS = List.of(TYPE_KEY, PKCS12_KEY, PASSWORD_KEY);
    /** POSIX's portable environment variable names. */
    static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final FileProblems problems;
    private final FieldReader reader;

    ConnectorsParser(FileProblems problems) {
        this.problems = problems;
        this.reader = new FieldReader(problems);
    }

    List<ManagedConnector> parse(Node value) {
        if (value.getAnchor().isPresent()) {
            return List.of();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, "'" + DesiredStateFormat.CONNECTORS_KEY + "' must be a mapping of connector key to "
                    + "displayName, targetUrl and authentication, not a " + NodeKinds.describe(value));
            return List.of();
        }
        List<ManagedConnector> connectors = new ArrayList<>();
        for (MappingEntries.Entry entry : MappingEntries.of(mapping, problems)) {
            connector(entry).ifPresent(connectors::add);
        }
        return connectors;
    }

    private Optional<ManagedConnector> connector(MappingEntries.Entry entry) {
        boolean validKey = Tag.STR.equals(entry.keyNode().getTag())
                && DesiredStateFormat.CONNECTOR_KEY.matcher(entry.key()).matches();
        if (!validKey) {
            problems.add(entry.keyNode(), "'" + Excerpt.of(entry.key()) + "' is not a connector key: a key is a "
                    + "name of your choosing that matches " + DesiredStateFormat.CONNECTOR_KEY_REGEX
                    + ", e.g. partner-domain-check");
        }
        Node value = entry.value();
        if (value.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping) || mapping.getValue().isEmpty()) {
            problems.add(value, "a connector must be a mapping with " + String.join(", ", CONNECTOR_KEYS) + ", not a "
                    + NodeKinds.describe(value));
            return Optional.empty();
        }
        Map<String, MappingEntries.Entry> fields = reader.known(mapping, CONNECTOR_KEYS, "a connector");
        Optional<String> displayName = reader.required(fields, DISPLAY_NAME_KEY, mapping, "the connector's displayName")
                .flatMap(e -> reader.text(e.value(), "the connector's displayName"));
        Optional<String> targetUrl = reader.required(fields, TARGET_URL_KEY, mapping, "the connector's targetUrl")
                .flatMap(e -> reader.text(e.value(), "the connector's targetUrl"))
                .flatMap(url -> reader.httpsUrl(url, fields.get(TARGET_URL_KEY).value(), "the connector's targetUrl"));
        Optional<ConnectorAuthentication> authentication =
                reader.required(fields, AUTHENTICATION_KEY, mapping, "the connector's authentication")
                        .flatMap(e -> authentication(e.value()));
        if (!validKey || displayName.isEmpty() || targetUrl.isEmpty() || authentication.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ManagedConnector(entry.key(), displayName.get(), targetUrl.get(), authentication.get(),
                problems.at(entry.keyNode())));
    }

    private Optional<ConnectorAuthentication> authentication(Node value) {
        if (value.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(value instanceof MappingNode mapping)) {
            problems.add(value, "authentication must be a mapping, {type: basic, username: ..., password: env:NAME} "
                    + "or {type: certificate, pkcs12: file:PATH, password: env:NAME}, not a "
                    + NodeKinds.describe(value));
            return Optional.empty();
        }
        Optional<MappingEntries.Entry> typeEntry = MappingEntries.of(mapping, new FileProblems(problems.file()))
                .stream().filter(e -> TYPE_KEY.equals(e.key())).findFirst();
        Optional<String> type = typeEntry.flatMap(e -> reader.text(e.value(), "the authentication type"));
        if (typeEntry.isEmpty()) {
            problems.add(mapping, "authentication needs a type: basic (username and password) or certificate "
                    + "(pkcs12 and password)");
            reader.known(mapping, List.of(TYPE_KEY, USERNAME_KEY, PASSWORD_KEY, PKCS12_KEY), "authentication");
            return Optional.empty();
        }
        if (type.isEmpty()) {
            return Optional.empty();
        }
        if (BASIC.equals(type.get())) {
            Map<String, MappingEntries.Entry> fields = reader.known(mapping, BASIC_KEYS, "basic authentication");
            Optional<String> username = reader.required(fields, USERNAME_KEY, mapping, "basic authentication's username")
                    .flatMap(e -> reader.text(e.value(), "the username"));
            Optional<SecretRef> password = reader.required(fields, PASSWORD_KEY, mapping, "basic authentication's password")
                    .flatMap(e -> secret(e.value(), "the password"));
            return username.isPresent() && password.isPresent()
                    ? Optional.of(new ConnectorAuthentication.Basic(username.get(), password.get()))
                    : Optional.empty();
        }
        if (CERTIFICATE.equals(type.get())) {
            Map<String, MappingEntries.Entry> fields = reader.known(mapping, CERTIFICATE_KEYS, "certificate authentication");
            Optional<SecretRef.File> pkcs12 = reader.required(fields, PKCS12_KEY, mapping, "certificate authentication's pkcs12")
                    .flatMap(e -> pkcs12(e.value()));
            Optional<SecretRef> password = reader.required(fields, PASSWORD_KEY, mapping,
                    "certificate authentication's password").flatMap(e -> secret(e.value(), "the password"));
            return pkcs12.isPresent() && password.isPresent()
                    ? Optional.of(new ConnectorAuthentication.Certificate(pkcs12.get(), password.get()))
                    : Optional.empty();
        }
        problems.add(typeEntry.get().value(), "unknown authentication type '" + Excerpt.of(type.get())
                + "': the types are basic and certificate." + Suggestions.didYouMean(type.get(),
                List.of(BASIC, CERTIFICATE)));
        return Optional.empty();
    }

    /**
     * {@code env:NAME} or {@code file:PATH}, nothing else: a value that is neither is taken for a literal secret
     * and refused without being quoted, since quoting it would print the secret in a CI log.
     */
    private Optional<SecretRef> secret(Node node, String what) {
        if (node.getAnchor().isPresent()) {
            return Optional.empty();
        }
        if (!(node instanceof ScalarNode scalar) || !Tag.STR.equals(scalar.getTag()) || scalar.getValue().isBlank()) {
            problems.add(node, what + " must be a reference, env:NAME or file:PATH, not a " + NodeKinds.describe(node));
            return Optional.empty();
        }
        String value = scalar.getValue().strip();
        if (value.startsWith("env:")) {
            String name = value.substring("env:".length());
            if (ENV_NAME.matcher(name).matches()) {
                return Optional.of(new SecretRef.Env(name));
            }
            problems.add(node, what + ": 'env:' must be followed by an environment variable name (letters, digits "
                    + "and _, not starting with a digit)");
            return Optional.empty();
        }
        if (value.startsWith("file:")) {
            String path = value.substring("file:".length()).strip();
            if (!path.isEmpty()) {
                return Optional.of(new SecretRef.File(path));
            }
            problems.add(node, what + ": 'file:' must be followed by a path");
            return Optional.empty();
        }
        problems.add(node, what + " must be a reference, env:NAME or file:PATH (read by the agent, relative to where "
                + "it runs): a secret is never written in the desired state (the value is not shown)");
        return Optional.empty();
    }

    /** A PKCS#12 file is binary: only {@code file:} makes sense for it. */
    private Optional<SecretRef.File> pkcs12(Node node) {
        return secret(node, "the pkcs12 file").flatMap(ref -> {
            if (ref instanceof SecretRef.File file) {
                return Optional.of(file);
            }
            problems.add(node, "the pkcs12 file must be a file:PATH reference (a .pfx/.p12 file), not "
                    + ref.describe());
            return Optional.empty();
        });
    }
}
