package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatedTenant.AuthenticationWrite;
import io.userflowsync.simulator.SimulatedTenant.BasicWrite;
import io.userflowsync.simulator.SimulatedTenant.CertificateView;
import io.userflowsync.simulator.SimulatedTenant.CertificateWrite;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Collections;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the bodies of connector writes as Graph does: {@code POST /identity/apiConnectors} (all of displayName,
 * targetUrl and authenticationConfiguration), {@code PATCH} (any of them) and {@code uploadClientCertificate}
 * ({@code pkcs12Value} and {@code password}, both required, the password {@code ""} if the file has none). What Graph
 * would refuse answers 400; no problem message quotes a secret.
 */
final class ConnectorWrites {
    static final String BASIC = "#microsoft.graph.basicAuthentication";
    static final String PKCS12 = "#microsoft.graph.pkcs12Certificate";
    private static final Set<String> PROPERTIES = Set.of("displayName", "targetUrl", "authenticationConfiguration");

    /** A body that was understood, or why not. */
    sealed interface Parsed<T> {
        <R> R fold(Function<String, R> problem, Function<T, R> value);
    }

    record Problem<T>(String message) implements Parsed<T> {
        public <R> R fold(Function<String, R> problem, Function<T, R> value) {
            return problem.apply(message);
        }
    }

    record Value<T>(T value) implements Parsed<T> {
        public <R> R fold(Function<String, R> problem, Function<T, R> valueFn) {
            return valueFn.apply(value);
        }
    }

    /** The properties a create or update sets; all present on a create. */
    record ConnectorWrite(Optional<String> displayName, Optional<String> targetUrl,
                          Optional<AuthenticationWrite> authentication) {
    }

    private ConnectorWrites() {
    }

    static Parsed<ConnectorWrite> parse(byte[] body, boolean create) {
        Optional<JsonNode> json = JsonBodies.object(body);
        if (json.isEmpty()) {
            return new Problem<>("Invalid JSON. A JSON object with an identityApiConnector was expected.");
        }
        JsonNode node = json.get();
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.startsWith("@odata.") && !PROPERTIES.contains(name)) {
                return new Problem<>("Invalid property '" + name + "' on type 'microsoft.graph.identityApiConnector'.");
            }
        }
        if (create) {
            for (String required : new String[]{"displayName", "targetUrl", "authenticationConfiguration"}) {
                if (!node.hasNonNull(required)) {
                    return new Problem<>("The property '" + required + "' is required to create an "
                            + "identityApiConnector.");
                }
            }
        } else if (!node.has("displayName") && !node.has("targetUrl") && !node.has("authenticationConfiguration")) {
            return new Problem<>("The request body names no property of the identityApiConnector to update.");
        }
        Optional<String> displayName = Optional.empty();
        if (node.has("displayName")) {
            if (!node.get("displayName").isTextual() || node.get("displayName").asText().isBlank()) {
                return new Problem<>("displayName must be a non-empty string.");
            }
            displayName = Optional.of(node.get("displayName").asText());
        }
        Optional<String> targetUrl = Optional.empty();
        if (node.has("targetUrl")) {
            if (!node.get("targetUrl").isTextual() || !isHttps(node.get("targetUrl").asText())) {
                return new Problem<>("targetUrl must be an absolute https URL.");
            }
            targetUrl = Optional.of(node.get("targetUrl").asText());
        }
        Optional<AuthenticationWrite> authentication = Optional.empty();
        if (node.has("authenticationConfiguration")) {
            Parsed<AuthenticationWrite> parsed = authentication(node.get("authenticationConfiguration"));
            if (parsed instanceof Problem<AuthenticationWrite> problem) {
                return new Problem<>(problem.message());
            }
            authentication = Optional.of(((Value<AuthenticationWrite>) parsed).value());
        }
        return new Value<>(new ConnectorWrite(displayName, targetUrl, authentication));
    }

    static Parsed<CertificateView> certificateUpload(byte[] body) {
        Optional<JsonNode> json = JsonBodies.object(body);
        if (json.isEmpty()) {
            return new Problem<>("Invalid JSON. An object with pkcs12Value and password was expected.");
        }
        return certificate(json.get());
    }

    private static Parsed<AuthenticationWrite> authentication(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new Problem<>("authenticationConfiguration must be an object with '@odata.type'.");
        }
        String type = node.path("@odata.type").asText("");
        if (BASIC.equals(type)) {
            JsonNode username = node.get("username");
            JsonNode password = node.get("password");
            if (username == null || !username.isTextual() || username.asText().isEmpty()
                    || password == null || !password.isTextual() || password.asText().isEmpty()) {
                return new Problem<>("basicAuthentication needs a username and a password.");
            }
            return new Value<>(new BasicWrite(username.asText(), password.asText()));
        }
        if (PKCS12.equals(type)) {
            Parsed<CertificateView> certificate = certificate(node);
            return certificate.fold(Problem::new, c -> new Value<>(new CertificateWrite(c)));
        }
        return new Problem<>("authenticationConfiguration must be of type " + BASIC + " or " + PKCS12 + ".");
    }

    /** {@code pkcs12Value} (base64) and {@code password}: the certificate must open with that password. */
    private static Parsed<CertificateView> certificate(JsonNode node) {
        JsonNode value = node.get("pkcs12Value");
        JsonNode password = node.get("password");
        if (value == null || !value.isTextual() || password == null || !password.isTextual()) {
            return new Problem<>("pkcs12Value and password are required (password \"\" for a file without one).");
        }
        byte[] pkcs12;
        try {
            pkcs12 = Base64.getDecoder().decode(value.asText().replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            return new Problem<>("pkcs12Value is not base64.");
        }
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(new ByteArrayInputStream(pkcs12), password.asText().toCharArray());
            for (String alias : Collections.list(store.aliases())) {
                Certificate certificate = store.getCertificate(alias);
                if (store.isKeyEntry(alias) && certificate instanceof X509Certificate x509) {
                    String thumbprint = HexFormat.of().withUpperCase()
                            .formatHex(MessageDigest.getInstance("SHA-1").digest(x509.getEncoded()));
                    return new Value<>(new CertificateView(thumbprint, x509.getNotBefore().toInstant(),
                            x509.getNotAfter().toInstant()));
                }
            }
            return new Problem<>("The PKCS#12 holds no private key with a certificate.");
        } catch (IOException | GeneralSecurityException e) {
            return new Problem<>("The pkcs12Value could not be read with the password given.");
        }
    }

    private static boolean isHttps(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
