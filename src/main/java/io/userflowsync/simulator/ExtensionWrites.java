package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the bodies of custom authentication extension writes, as microsoftgraph/microsoft-graph-docs-contrib (beta)
 * describes them: {@code POST /identity/customAuthenticationExtensions}
 * (api/identitycontainer-post-customauthenticationextensions.md) and {@code PATCH .../{id}}
 * (api/customauthenticationextension-update.md), with the shapes of resources/customauthenticationextension.md,
 * httprequestendpoint.md, azureadtokenauthentication.md and customextensionclientconfiguration.md.
 *
 * <p>What the pages say, and the simulator keeps:
 * <ul>
 *   <li>{@code @odata.type} is required on both (both pages: "You must specify the @odata.type property").</li>
 *   <li>{@code clientConfiguration.timeoutInMilliseconds}: "The valid range is between 200 and 2000 milliseconds.
 *       Default duration is 1000"; {@code maximumRetries}: "Values of 0 or 1 are supported"
 *       (customextensionclientconfiguration.md, beta and v1.0). Both nullable (v1.0: "If null, the default for the
 *       service applies").</li>
 *   <li>The types are not open ({@code "openType": false}), so a property the type does not have answers 400, as
 *       OData refuses it.</li>
 * </ul>
 * Where the pages are silent or contradict each other, the simulator's strict reading:
 * <ul>
 *   <li>{@code displayName} and {@code endpointConfiguration} are required on a create, though both create pages
 *       mark them "Optional" (an extension without a name or an endpoint cannot be used; the agent always sends
 *       both). {@code authenticationConfiguration} is required too: the v1.0 create page says "Required" (beta:
 *       "Optional").</li>
 *   <li>{@code targetUrl} must be an absolute {@code https} URL with a host: httprequestendpoint.md gives no rule.</li>
 *   <li>Each nested object must carry its {@code @odata.type} ({@code #microsoft.graph.httpRequestEndpoint},
 *       {@code #microsoft.graph.azureAdTokenAuthentication}): their declared types are abstract, so without it the
 *       service cannot tell which derived type is meant. {@code resourceId} is required
 *       (azureadtokenauthentication.md: "Only the app ID of the application is required").</li>
 *   <li>{@code @odata.type} must be written with its {@code #} (OData JSON format).</li>
 *   <li>A {@code clientConfiguration} in a PATCH replaces the whole object: a member it leaves out becomes
 *       {@code null}. {@code clientConfiguration: null} clears both numbers. The update pages (beta and v1.0) do not
 *       even list {@code clientConfiguration} among the properties that can be updated; the simulator accepts it
 *       because the create page does and the agent manages it, so read it back after a PATCH.</li>
 *   <li>{@code displayName}, {@code endpointConfiguration} and {@code authenticationConfiguration} cannot be set to
 *       {@code null} by a PATCH; {@code description} can.</li>
 *   <li>Types and properties Graph documents but the simulator does not model (the derived types
 *       {@code onPasswordSubmitCustomExtension} and {@code onVerifiedIdClaimValidationCustomExtension},
 *       {@code behaviorOnError}, {@code claimsForTokenConfiguration}, the update page's {@code handler}) answer 501
 *       {@code NotImplemented}, not a silent success. {@code onOtpSendCustomExtension} (beta) is modelled, with the
 *       same properties as the others: an email OTP listener calls one.</li>
 *   <li>The error code of a refused body is undocumented; the simulator answers 400 {@value #INVALID}.</li>
 * </ul>
 * Instance annotations other than {@code @odata.type} (any name starting with {@code @}) are ignored.
 */
final class ExtensionWrites {
    static final String INVALID = ParsedWrite.INVALID;
    static final String NAMESPACE = "#microsoft.graph.";
    static final String HTTP_ENDPOINT = NAMESPACE + "httpRequestEndpoint";
    static final String AZURE_AD_TOKEN = NAMESPACE + "azureAdTokenAuthentication";
    static final String CLIENT_CONFIGURATION = NAMESPACE + "customExtensionClientConfiguration";
    /** customextensionclientconfiguration.md: "The valid range is between 200 and 2000 milliseconds." */
    static final int MIN_TIMEOUT = 200;
    static final int MAX_TIMEOUT = 2000;
    /** customextensionclientconfiguration.md: "Values of 0 or 1 are supported." */
    static final int MIN_RETRIES = 0;
    static final int MAX_RETRIES = 1;

    private static final Set<String> PROPERTIES = Set.of("displayName", "description", "endpointConfiguration",
            "authenticationConfiguration", "clientConfiguration");
    /** Derived types Graph documents (customauthenticationextension.md, the v1.0 create page, graph-api.md). */
    private static final Set<String> UNMODELLED_TYPES = Set.of("onPasswordSubmitCustomExtension",
            "onVerifiedIdClaimValidationCustomExtension");

    /**
     * What a create or update sets. {@code null} for {@code displayName}, {@code targetUrl}, {@code resourceId}: not
     * in the body. {@code descriptionGiven}/{@code clientGiven}: the property is in the body ({@code description},
     * {@code timeout}, {@code retries} then hold its values, {@code null} meaning null).
     *
     * @param type the {@code @odata.type} without {@code #microsoft.graph.}
     */
    record ExtensionWrite(String type, String displayName, boolean descriptionGiven, String description,
                          String targetUrl, String resourceId, boolean clientGiven, Integer timeout,
                          Integer retries) {
    }

    private ExtensionWrites() {
    }

    static ParsedWrite<ExtensionWrite> parse(byte[] body, boolean create) {
        Optional<JsonNode> json = JsonBodies.object(body);
        if (json.isEmpty()) {
            return ParsedWrite.invalid("Invalid JSON. A JSON object with a customAuthenticationExtension was expected.");
        }
        JsonNode node = json.get();
        JsonNode typeNode = node.get("@odata.type");
        if (typeNode == null || !typeNode.isTextual()) {
            return ParsedWrite.invalid("The property '@odata.type' is required: one of "
                    + new TreeSet<>(SimulatedTenant.EXTENSION_TYPES).stream().map(t -> NAMESPACE + t).toList() + ".");
        }
        String written = typeNode.asText();
        String type = written.startsWith(NAMESPACE) ? written.substring(NAMESPACE.length()) : "";
        if (UNMODELLED_TYPES.contains(type)) {
            return ParsedWrite.notModelled("The Graph simulator does not model custom extensions of type '" + written
                    + "'.");
        }
        if (!SimulatedTenant.EXTENSION_TYPES.contains(type)) {
            return ParsedWrite.invalid("'" + written + "' is not a type derived from "
                    + "microsoft.graph.customAuthenticationExtension that can be written here.");
        }
        String qualified = "microsoft.graph." + type;
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (name.startsWith("@") || PROPERTIES.contains(name)) {
                continue;
            }
            if (name.equals("behaviorOnError")
                    || name.equals("claimsForTokenConfiguration") && type.equals("onTokenIssuanceStartCustomExtension")
                    || name.equals("handler") && !create) {
                return ParsedWrite.notModelled("The Graph simulator does not model '" + name + "' of type '" + qualified
                        + "'.");
            }
            if (name.equals("id")) {
                return ParsedWrite.invalid("The property 'id' of type '" + qualified + "' is read-only.");
            }
            return ParsedWrite.invalid("Invalid property '" + name + "' on type '" + qualified + "'.");
        }
        if (create) {
            for (String required : new String[]{"displayName", "endpointConfiguration", "authenticationConfiguration"}) {
                if (!node.has(required)) {
                    return ParsedWrite.invalid("The property '" + required + "' is required to create a " + qualified
                            + ".");
                }
            }
        }
        String displayName = null;
        if (node.has("displayName")) {
            JsonNode value = node.get("displayName");
            if (!value.isTextual() || value.asText().isBlank()) {
                return ParsedWrite.invalid("displayName must be a non-empty string.");
            }
            displayName = value.asText();
        }
        String description = null;
        if (node.has("description")) {
            JsonNode value = node.get("description");
            if (!value.isNull() && !value.isTextual()) {
                return ParsedWrite.invalid("description must be a string or null.");
            }
            description = value.isNull() ? null : value.asText();
        }
        String targetUrl = null;
        if (node.has("endpointConfiguration")) {
            JsonNode endpoint = node.get("endpointConfiguration");
            String problem = typed(endpoint, "endpointConfiguration", HTTP_ENDPOINT, Set.of("targetUrl"));
            if (problem != null) {
                return ParsedWrite.invalid(problem);
            }
            JsonNode url = endpoint.get("targetUrl");
            if (url == null || !url.isTextual() || !isHttps(url.asText())) {
                return ParsedWrite.invalid("endpointConfiguration.targetUrl must be an absolute https URL.");
            }
            targetUrl = url.asText();
        }
        String resourceId = null;
        if (node.has("authenticationConfiguration")) {
            JsonNode authentication = node.get("authenticationConfiguration");
            String problem = typed(authentication, "authenticationConfiguration", AZURE_AD_TOKEN, Set.of("resourceId"));
            if (problem != null) {
                return ParsedWrite.invalid(problem);
            }
            JsonNode resource = authentication.get("resourceId");
            if (resource == null || !resource.isTextual() || resource.asText().isBlank()) {
                return ParsedWrite.invalid("authenticationConfiguration.resourceId is required: the application ID URI "
                        + "or app ID of the API the extension calls.");
            }
            resourceId = resource.asText();
        }
        boolean clientGiven = node.has("clientConfiguration");
        Integer timeout = null;
        Integer retries = null;
        if (clientGiven && !node.get("clientConfiguration").isNull()) {
            JsonNode client = node.get("clientConfiguration");
            if (!client.isObject()) {
                return ParsedWrite.invalid("clientConfiguration must be an object or null.");
            }
            for (Iterator<String> names = client.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (name.equals("@odata.type")) {
                    if (!CLIENT_CONFIGURATION.equals(client.get(name).asText())) {
                        return ParsedWrite.invalid("clientConfiguration must be of type " + CLIENT_CONFIGURATION + ".");
                    }
                } else if (!name.equals("timeoutInMilliseconds") && !name.equals("maximumRetries")) {
                    return ParsedWrite.invalid("Invalid property '" + name
                            + "' on type 'microsoft.graph.customExtensionClientConfiguration'.");
                }
            }
            JsonNode t = client.get("timeoutInMilliseconds");
            if (t != null && !t.isNull()) {
                if (!t.isIntegralNumber() || !t.canConvertToInt() || t.asInt() < MIN_TIMEOUT || t.asInt() > MAX_TIMEOUT) {
                    return ParsedWrite.invalid("clientConfiguration.timeoutInMilliseconds must be an integer from "
                            + MIN_TIMEOUT + " to " + MAX_TIMEOUT + ", not " + t + ".");
                }
                timeout = t.asInt();
            }
            JsonNode r = client.get("maximumRetries");
            if (r != null && !r.isNull()) {
                if (!r.isIntegralNumber() || !r.canConvertToInt() || r.asInt() < MIN_RETRIES || r.asInt() > MAX_RETRIES) {
                    return ParsedWrite.invalid("clientConfiguration.maximumRetries must be " + MIN_RETRIES + " or "
                            + MAX_RETRIES + ", not " + r + ".");
                }
                retries = r.asInt();
            }
        }
        return ParsedWrite.ok(new ExtensionWrite(type, displayName, node.has("description"), description, targetUrl,
                resourceId, clientGiven, timeout, retries));
    }

    /** An object of exactly {@code type} with only {@code members} besides its {@code @odata.type}; null if so. */
    private static String typed(JsonNode value, String property, String type, Set<String> members) {
        if (value == null || !value.isObject()) {
            return property + " must be an object of type " + type + ".";
        }
        if (!type.equals(value.path("@odata.type").asText(""))) {
            return property + " must have '@odata.type': '" + type + "'.";
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("@odata.type") && !members.contains(name)) {
                return "Invalid property '" + name + "' on type '" + type.substring(1) + "'.";
            }
        }
        return null;
    }

    static boolean isHttps(String url) {
        try {
            URI uri = new URI(url);
            return uri.getScheme() != null && "https".equals(uri.getScheme().toLowerCase(Locale.ROOT))
                    && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
