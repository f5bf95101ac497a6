package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatedTenant.ExtensionView;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating and updating an external tenant's custom authentication extensions, over real HTTP on loopback
 * (identitycontainer-post-customauthenticationextensions.md, customauthenticationextension-update.md, beta).
 */
class CustomExtensionWritesTest {
    private static final String SECRET = "extension-writes-secret";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String SUBMIT_EXT = "a1000000-0000-4000-8000-0000000000a1";
    private static final String START_EXT = "b1000000-0000-4000-8000-0000000000b1";
    private static final String EXTENSIONS = "/beta/identity/customAuthenticationExtensions";
    private static final String SUBMIT_TYPE = "#microsoft.graph.onAttributeCollectionSubmitCustomExtension";
    private static final String START_TYPE = "#microsoft.graph.onAttributeCollectionStartCustomExtension";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final SimulatedTenant tenant = externalTenant();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0, Clock.fixed(NOW, ZoneOffset.UTC));
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    private static SimulatedTenant externalTenant() {
        SimulatedTenant tenant = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", SECRET);
        tenant.addCustomExtension(SUBMIT_EXT, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example/1")
                .addCustomExtension(START_EXT, "Prefill", "onAttributeCollectionStartCustomExtension",
                        "https://signup.example/prefill", "api://signup.example/1", "Fills in the country", 1000, 0);
        List<String> permissions = new ArrayList<>(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        permissions.add("CustomAuthenticationExtension.ReadWrite.All");
        tenant.app().grantPermissions(permissions);
        return tenant;
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    /** A create body as the create page's example has it, with the parts a test replaces. */
    private static String createBody(String type, String displayName, String targetUrl, String clientConfiguration) {
        return "{\"@odata.type\":\"" + type + "\","
                + (displayName == null ? "" : "\"displayName\":\"" + displayName + "\",")
                + "\"description\":\"Checks the partner domain\","
                + "\"endpointConfiguration\":{\"@odata.type\":\"#microsoft.graph.httpRequestEndpoint\","
                + "\"targetUrl\":\"" + targetUrl + "\"},"
                + "\"authenticationConfiguration\":{\"@odata.type\":\"#microsoft.graph.azureAdTokenAuthentication\","
                + "\"resourceId\":\"api://partners.example/2\"}"
                + (clientConfiguration == null ? "" : ",\"clientConfiguration\":" + clientConfiguration)
                + "}";
    }

    private static String validCreate() {
        return createBody(SUBMIT_TYPE, "Check partner domain", "https://partners.example/check",
                "{\"timeoutInMilliseconds\":1500,\"maximumRetries\":1}");
    }

    private String errorCode(Answer answer) {
        return answer.json().at("/error/code").asText();
    }

    @Test
    void aCreatedExtensionIsListedWithItsEndpointAndClientConfiguration() {
        Answer created = client.post(EXTENSIONS, validCreate());

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        assertThat(id).matches(GUID).isNotIn(SUBMIT_EXT, START_EXT);
        assertThat(body.get("@odata.context").asText())
                .isEqualTo(simulator.baseUrl() + "/beta/$metadata#identity/customAuthenticationExtensions/$entity");
        assertThat(body.get("@odata.type").asText()).isEqualTo(SUBMIT_TYPE);
        assertThat(body.get("displayName").asText()).isEqualTo("Check partner domain");
        assertThat(body.get("description").asText()).isEqualTo("Checks the partner domain");
        assertThat(body.at("/endpointConfiguration/@odata.type").asText()).isEqualTo("#microsoft.graph.httpRequestEndpoint");
        assertThat(body.at("/endpointConfiguration/targetUrl").asText()).isEqualTo("https://partners.example/check");
        assertThat(body.at("/authenticationConfiguration/@odata.type").asText())
                .isEqualTo("#microsoft.graph.azureAdTokenAuthentication");
        assertThat(body.at("/authenticationConfiguration/resourceId").asText()).isEqualTo("api://partners.example/2");
        assertThat(body.at("/clientConfiguration/timeoutInMilliseconds").asInt()).isEqualTo(1500);
        assertThat(body.at("/clientConfiguration/maximumRetries").asInt()).isEqualTo(1);
        assertThat(created.header("Location")).isEqualTo(simulator.baseUrl() + EXTENSIONS + "/" + id);

        JsonNode read = client.get(EXTENSIONS + "/" + id).json();
        assertThat(read).as("GET answers what the 201 did").isEqualTo(body);
        List<String> listed = new ArrayList<>();
        client.get(EXTENSIONS).json().get("value").forEach(e -> listed.add(e.get("id").asText()));
        assertThat(listed).containsExactlyInAnyOrder(SUBMIT_EXT, START_EXT, id);

        ExtensionView details = tenant.extensionDetails(id).orElseThrow();
        assertThat(details.type()).isEqualTo("onAttributeCollectionSubmitCustomExtension");
        assertThat(details.targetUrl()).isEqualTo("https://partners.example/check");
        assertThat(details.resourceId()).isEqualTo("api://partners.example/2");
        assertThat(details.timeoutInMilliseconds()).isEqualTo(1500);
        assertThat(details.maximumRetries()).isEqualTo(1);
        assertThat(tenant.createdExtensionCount()).isEqualTo(1);
    }

    @Test
    void anExtensionCreatedWithoutClientConfigurationReadsBackNullNumbers() {
        Answer created = client.post(EXTENSIONS, createBody(START_TYPE, "Prefill v2", "https://signup.example/v2",
                null));

        assertThat(created.status()).isEqualTo(201);
        JsonNode read = client.get(EXTENSIONS + "/" + created.json().get("id").asText()).json();
        assertThat(read.get("@odata.type").asText()).isEqualTo(START_TYPE);
        assertThat(read.at("/clientConfiguration/timeoutInMilliseconds").isNull()).isTrue();
        assertThat(read.at("/clientConfiguration/maximumRetries").isNull()).isTrue();
    }

    @Test
    void theSeededExtensionsKeepTheirDescriptionAndClientConfiguration() {
        JsonNode seededBefore = client.get(EXTENSIONS + "/" + SUBMIT_EXT).json();
        JsonNode seededFull = client.get(EXTENSIONS + "/" + START_EXT).json();

        assertThat(seededBefore.get("description").isNull()).isTrue();
        assertThat(seededBefore.at("/clientConfiguration/timeoutInMilliseconds").asInt()).isEqualTo(2000);
        assertThat(seededBefore.at("/clientConfiguration/maximumRetries").asInt()).isEqualTo(1);
        assertThat(seededFull.get("description").asText()).isEqualTo("Fills in the country");
        assertThat(seededFull.at("/clientConfiguration/timeoutInMilliseconds").asInt()).isEqualTo(1000);
        assertThat(seededFull.at("/clientConfiguration/maximumRetries").asInt()).isZero();
    }

    @Test
    void aPatchChangesOnlyTheFieldsItGives() {
        Answer patch = client.call("PATCH", EXTENSIONS + "/" + START_EXT, "{\"@odata.type\":\"" + START_TYPE + "\","
                + "\"displayName\":\"Prefill country\",\"clientConfiguration\":{\"timeoutInMilliseconds\":500,"
                + "\"maximumRetries\":1}}");

        assertThat(patch.status()).isEqualTo(204);
        assertThat(patch.body()).isEmpty();
        ExtensionView after = tenant.extensionDetails(START_EXT).orElseThrow();
        assertThat(after.displayName()).isEqualTo("Prefill country");
        assertThat(after.timeoutInMilliseconds()).isEqualTo(500);
        assertThat(after.maximumRetries()).isEqualTo(1);
        assertThat(after.description()).as("not in the body: unchanged").isEqualTo("Fills in the country");
        assertThat(after.targetUrl()).isEqualTo("https://signup.example/prefill");
        assertThat(after.resourceId()).isEqualTo("api://signup.example/1");
        assertThat(after.type()).isEqualTo("onAttributeCollectionStartCustomExtension");

        assertThat(client.call("PATCH", EXTENSIONS + "/" + START_EXT, "{\"@odata.type\":\"" + START_TYPE + "\","
                + "\"description\":null,\"endpointConfiguration\":{\"@odata.type\":\"#microsoft.graph.httpRequestEndpoint\","
                + "\"targetUrl\":\"https://signup.example/prefill-v2\"},\"authenticationConfiguration\":{\"@odata.type\":"
                + "\"#microsoft.graph.azureAdTokenAuthentication\",\"resourceId\":\"api://signup.example/3\"}}")
                .status()).isEqualTo(204);
        JsonNode read = client.get(EXTENSIONS + "/" + START_EXT).json();
        assertThat(read.get("description").isNull()).isTrue();
        assertThat(read.get("displayName").asText()).isEqualTo("Prefill country");
        assertThat(read.at("/endpointConfiguration/targetUrl").asText()).isEqualTo("https://signup.example/prefill-v2");
        assertThat(read.at("/authenticationConfiguration/resourceId").asText()).isEqualTo("api://signup.example/3");
        assertThat(read.at("/clientConfiguration/timeoutInMilliseconds").asInt()).isEqualTo(500);
    }

    @Test
    void aClientConfigurationInAPatchReplacesTheWholeObject() {
        assertThat(client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, "{\"@odata.type\":\"" + SUBMIT_TYPE + "\","
                + "\"clientConfiguration\":{\"timeoutInMilliseconds\":800}}").status()).isEqualTo(204);

        ExtensionView after = tenant.extensionDetails(SUBMIT_EXT).orElseThrow();
        assertThat(after.timeoutInMilliseconds()).isEqualTo(800);
        assertThat(after.maximumRetries()).as("left out of the object: null").isNull();

        assertThat(client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, "{\"@odata.type\":\"" + SUBMIT_TYPE + "\","
                + "\"clientConfiguration\":null}").status()).isEqualTo(204);
        assertThat(tenant.extensionDetails(SUBMIT_EXT).orElseThrow().timeoutInMilliseconds()).isNull();
    }

    @Test
    void aPatchWithAnotherOdataTypeIsRefusedBecauseTheTypeCannotChange() {
        Answer patch = client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, "{\"@odata.type\":\"" + START_TYPE + "\","
                + "\"displayName\":\"Renamed\"}");

        assertThat(patch.status()).isEqualTo(400);
        assertThat(errorCode(patch)).isEqualTo("invalidRequest");
        assertThat(patch.json().at("/error/message").asText()).contains("cannot change");
        assertThat(patch.json().at("/error/innerError/request-id").asText()).isNotEmpty();
        assertThat(tenant.extensionDetails(SUBMIT_EXT).orElseThrow().displayName()).isEqualTo("Validate sign-up");
        assertThat(tenant.auditLog()).isEmpty();
    }

    @Test
    void aPatchWithoutOdataTypeIsRefused() {
        Answer patch = client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, "{\"displayName\":\"Renamed\"}");

        assertThat(patch.status()).isEqualTo(400);
        assertThat(patch.json().at("/error/message").asText()).contains("@odata.type");
        assertThat(tenant.extensionDetails(SUBMIT_EXT).orElseThrow().displayName()).isEqualTo("Validate sign-up");
    }

    @Test
    void aPatchOfAnUnknownIdIsNotFound() {
        Answer patch = client.call("PATCH", EXTENSIONS + "/c0000000-0000-4000-8000-000000000000",
                "{\"@odata.type\":\"" + SUBMIT_TYPE + "\",\"displayName\":\"Renamed\"}");

        assertThat(patch.status()).isEqualTo(404);
        assertThat(errorCode(patch)).isEqualTo("ResourceNotFound");
        assertThat(tenant.auditLog()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"endpointConfiguration\":{\"@odata.type\":\"#microsoft.graph.httpRequestEndpoint\",\"targetUrl\":\"http://signup.example/x\"}}",
            "{\"clientConfiguration\":{\"timeoutInMilliseconds\":5000}}",
            "{\"clientConfiguration\":{\"maximumRetries\":3}}",
            "{\"displayName\":\"\"}",
            "{\"displayName\":null}",
            "{\"endpointConfiguration\":null}",
            "{\"targetUrl\":\"https://signup.example/x\"}"})
    void aPatchWithBadValuesIsRefusedAndChangesNothing(String properties) {
        String body = "{\"@odata.type\":\"" + SUBMIT_TYPE + "\"," + properties.substring(1);
        ExtensionView before = tenant.extensionDetails(SUBMIT_EXT).orElseThrow();

        Answer patch = client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, body);

        assertThat(patch.status()).isEqualTo(400);
        assertThat(errorCode(patch)).isEqualTo("invalidRequest");
        assertThat(tenant.extensionDetails(SUBMIT_EXT)).contains(before);
        assertThat(tenant.auditLog()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"no displayName", "http targetUrl", "timeout 199", "timeout 2001", "timeout as a string",
            "timeout not whole", "retries 2", "retries -1", "no @odata.type", "unknown @odata.type",
            "@odata.type without #", "unknown property", "id given", "no endpointConfiguration", "no targetUrl",
            "another endpoint type", "no authenticationConfiguration", "no resourceId", "unknown client member",
            "not JSON", "an array"})
    void aBadCreateIsRefusedAndCreatesNothing(String what) {
        String good = validCreate();
        String body = switch (what) {
            case "no displayName" -> createBody(SUBMIT_TYPE, null, "https://partners.example/check", null);
            case "http targetUrl" -> createBody(SUBMIT_TYPE, "x", "http://partners.example/check", null);
            case "timeout 199" -> createBody(SUBMIT_TYPE, "x", "https://p.example", "{\"timeoutInMilliseconds\":199}");
            case "timeout 2001" -> createBody(SUBMIT_TYPE, "x", "https://p.example", "{\"timeoutInMilliseconds\":2001}");
            case "timeout as a string" -> createBody(SUBMIT_TYPE, "x", "https://p.example",
                    "{\"timeoutInMilliseconds\":\"1000\"}");
            case "timeout not whole" -> createBody(SUBMIT_TYPE, "x", "https://p.example",
                    "{\"timeoutInMilliseconds\":1000.5}");
            case "retries 2" -> createBody(SUBMIT_TYPE, "x", "https://p.example", "{\"maximumRetries\":2}");
            case "retries -1" -> createBody(SUBMIT_TYPE, "x", "https://p.example", "{\"maximumRetries\":-1}");
            case "no @odata.type" -> good.replace("\"@odata.type\":\"" + SUBMIT_TYPE + "\",", "");
            case "unknown @odata.type" -> good.replace(SUBMIT_TYPE, "#microsoft.graph.onSomethingCustomExtension");
            case "@odata.type without #" -> good.replace(SUBMIT_TYPE, SUBMIT_TYPE.substring(1));
            case "unknown property" -> good.replace("{\"@odata.type\"", "{\"color\":\"blue\",\"@odata.type\"");
            case "id given" -> good.replace("{\"@odata.type\"", "{\"id\":\"" + SUBMIT_EXT + "\",\"@odata.type\"");
            case "no endpointConfiguration" -> good.replaceAll("\"endpointConfiguration\":\\{[^}]*},", "");
            case "no targetUrl" -> good.replace(",\"targetUrl\":\"https://partners.example/check\"", "");
            case "another endpoint type" -> good.replace("#microsoft.graph.httpRequestEndpoint",
                    "#microsoft.graph.logicAppTriggerEndpointConfiguration");
            case "no authenticationConfiguration" -> good.replaceAll(",\"authenticationConfiguration\":\\{[^}]*}", "");
            case "no resourceId" -> good.replace("\"resourceId\":\"api://partners.example/2\"", "\"appId\":\"x\"");
            case "unknown client member" -> createBody(SUBMIT_TYPE, "x", "https://p.example",
                    "{\"timeoutInMilliseconds\":1000,\"retryOn\":\"5xx\"}");
            case "not JSON" -> "{\"@odata.type\":";
            case "an array" -> "[" + good + "]";
            default -> throw new IllegalArgumentException(what);
        };

        Answer answer = client.post(EXTENSIONS, body);

        assertThat(answer.status()).as(what + ": " + answer.body()).isEqualTo(400);
        assertThat(errorCode(answer)).isEqualTo("invalidRequest");
        assertThat(answer.json().at("/error/innerError/request-id").asText()).isNotEmpty();
        assertThat(tenant.customExtensionIds()).containsExactly(SUBMIT_EXT, START_EXT);
        assertThat(tenant.createdExtensionCount()).isZero();
        assertThat(tenant.auditLog()).isEmpty();
    }

    @Test
    void theDocumentedBoundsOfTheClientConfigurationAreAccepted() {
        assertThat(client.post(EXTENSIONS, createBody(SUBMIT_TYPE, "Low", "https://p.example",
                "{\"timeoutInMilliseconds\":200,\"maximumRetries\":0}")).status()).isEqualTo(201);
        assertThat(client.post(EXTENSIONS, createBody(SUBMIT_TYPE, "High", "https://p.example",
                "{\"@odata.type\":\"#microsoft.graph.customExtensionClientConfiguration\","
                        + "\"timeoutInMilliseconds\":2000,\"maximumRetries\":1}")).status()).isEqualTo(201);
        assertThat(client.post(EXTENSIONS, createBody("#microsoft.graph.onTokenIssuanceStartCustomExtension", "Claims",
                "https://p.example", "{\"timeoutInMilliseconds\":null,\"maximumRetries\":null}")).status())
                .isEqualTo(201);

        assertThat(tenant.createdExtensionCount()).isEqualTo(3);
    }

    @Test
    void whatGraphHasButTheSimulatorDoesNotModelIsNotImplemented() {
        Answer password = client.post(EXTENSIONS, validCreate().replace(SUBMIT_TYPE,
                "#microsoft.graph.onPasswordSubmitCustomExtension"));
        Answer behavior = client.post(EXTENSIONS, validCreate().replace("{\"@odata.type\"",
                "{\"behaviorOnError\":null,\"@odata.type\""));

        assertThat(password.status()).isEqualTo(501);
        assertThat(behavior.status()).isEqualTo(501);
        assertThat(errorCode(behavior)).isEqualTo("NotImplemented");
        assertThat(tenant.createdExtensionCount()).isZero();
    }

    @Test
    void anEmailOtpExtensionIsCreatedAndUpdatedAsTheOthersAre() {
        String otpType = "#microsoft.graph.onOtpSendCustomExtension";
        Answer created = client.post(EXTENSIONS, validCreate().replace(SUBMIT_TYPE, otpType));

        assertThat(created.status()).isEqualTo(201);
        String id = created.json().get("id").asText();
        assertThat(created.json().get("@odata.type").asText()).isEqualTo(otpType);
        assertThat(client.call("PATCH", EXTENSIONS + "/" + id,
                "{\"@odata.type\":\"" + otpType + "\",\"displayName\":\"Branded OTP mail\"}").status()).isEqualTo(204);
        assertThat(tenant.extensionDetails(id).orElseThrow().type()).isEqualTo("onOtpSendCustomExtension");
        assertThat(tenant.extensionDetails(id).orElseThrow().displayName()).isEqualTo("Branded OTP mail");
    }

    @Test
    void writesUnderV1AreRefusedAsTheOtherWritesAre() {
        Answer post = client.post("/v1.0/identity/customAuthenticationExtensions", validCreate());
        Answer patch = client.call("PATCH", "/v1.0/identity/customAuthenticationExtensions/" + SUBMIT_EXT,
                "{\"@odata.type\":\"" + SUBMIT_TYPE + "\",\"displayName\":\"Renamed\"}");

        assertThat(post.status()).isEqualTo(400);
        assertThat(post.json().at("/error/message").asText()).contains("beta only");
        assertThat(patch.status()).isEqualTo(400);
        assertThat(tenant.createdExtensionCount()).isZero();
        assertThat(tenant.extensionDetails(SUBMIT_EXT).orElseThrow().displayName()).isEqualTo("Validate sign-up");
        assertThat(client.get("/v1.0/identity/customAuthenticationExtensions/" + SUBMIT_EXT).status()).isEqualTo(200);
    }

    @Test
    void withoutTheReadWritePermissionWritesAre403AndReadsStillWork() {
        tenant.app().grantPermissions(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        SimulatorClient readOnly = new SimulatorClient(simulator).signIn(tenant, SECRET);

        Answer post = readOnly.post(EXTENSIONS, validCreate());
        Answer patch = readOnly.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT,
                "{\"@odata.type\":\"" + SUBMIT_TYPE + "\",\"displayName\":\"Renamed\"}");

        assertThat(post.status()).isEqualTo(403);
        assertThat(errorCode(post)).isEqualTo("Authorization_RequestDenied");
        assertThat(patch.status()).isEqualTo(403);
        assertThat(errorCode(patch)).isEqualTo("Authorization_RequestDenied");
        assertThat(readOnly.get(EXTENSIONS).status()).isEqualTo(200);
        assertThat(tenant.createdExtensionCount()).isZero();
        assertThat(tenant.auditLog()).isEmpty();
    }

    @Test
    void eachWriteIsInTheAuditLogWithTheExtensionAsTargetAndTheCallingAppAsActor() {
        String id = client.post(EXTENSIONS, validCreate()).json().get("id").asText();
        assertThat(client.call("PATCH", EXTENSIONS + "/" + id, "{\"@odata.type\":\"" + SUBMIT_TYPE + "\","
                + "\"displayName\":\"Check partner domain v2\"}").status()).isEqualTo(204);

        assertThat(tenant.auditLog()).extracting(AuditRecord::activity)
                .containsExactly("Update custom authentication extension", "Add custom authentication extension");
        assertThat(tenant.auditLog()).allSatisfy(r -> {
            assertThat(r.targetId()).isEqualTo(id);
            assertThat(r.actor().isUser()).isFalse();
            assertThat(r.actor().appId()).isEqualTo(tenant.clientId());
            assertThat(r.at()).isEqualTo(NOW);
        });

        JsonNode entries = client.get("/v1.0/auditLogs/directoryAudits").json().get("value");
        assertThat(entries).hasSize(2);
        JsonNode update = entries.get(0);
        JsonNode add = entries.get(1);
        assertThat(update.get("activityDisplayName").asText()).isEqualTo("Update custom authentication extension");
        assertThat(update.get("operationType").asText()).isEqualTo("Update");
        assertThat(update.at("/targetResources/0/id").asText()).isEqualTo(id);
        assertThat(update.at("/targetResources/0/displayName").asText()).isEqualTo("Check partner domain v2");
        assertThat(update.at("/initiatedBy/app/appId").asText()).isEqualTo(tenant.clientId());
        assertThat(add.get("activityDisplayName").asText()).isEqualTo("Add custom authentication extension");
        assertThat(add.get("operationType").asText()).isEqualTo("Add");
        assertThat(add.at("/targetResources/0/displayName").asText()).isEqualTo("Check partner domain");
    }

    @Test
    void aBatchCarriesACreateAndAnUpdate() {
        String batch = "{\"requests\":["
                + "{\"id\":\"1\",\"method\":\"POST\",\"url\":\"/identity/customAuthenticationExtensions\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + validCreate() + "},"
                + "{\"id\":\"2\",\"method\":\"PATCH\",\"url\":\"/identity/customAuthenticationExtensions/" + SUBMIT_EXT
                + "\",\"headers\":{\"Content-Type\":\"application/json\"},\"body\":{\"@odata.type\":\"" + SUBMIT_TYPE
                + "\",\"displayName\":\"Validate sign-up (batched)\"}}]}";

        Answer answer = client.post("/beta/$batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        Map<String, JsonNode> byId = new HashMap<>();
        answer.json().get("responses").forEach(r -> byId.put(r.get("id").asText(), r));
        assertThat(byId.get("1").get("status").asInt()).isEqualTo(201);
        assertThat(byId.get("2").get("status").asInt()).isEqualTo(204);
        String created = byId.get("1").at("/body/id").asText();
        assertThat(tenant.extensionDetails(created).orElseThrow().displayName()).isEqualTo("Check partner domain");
        assertThat(tenant.extensionDetails(SUBMIT_EXT).orElseThrow().displayName())
                .isEqualTo("Validate sign-up (batched)");
    }

    @Test
    void eachWriteCountsAgainstTheIdentityQuotaRefusedOnesToo() {
        client.post(EXTENSIONS, validCreate());
        client.call("PATCH", EXTENSIONS + "/" + SUBMIT_EXT, "{\"@odata.type\":\"" + SUBMIT_TYPE + "\"}");
        client.post(EXTENSIONS, "{}");

        assertThat(simulator.quotaUsage().app(tenant.clientId())).isEqualTo(3);
    }

    @Test
    void aTenantHoldsAtMostOneHundredExtensions() {
        for (int i = 0; i < SimulatedTenant.MAX_CUSTOM_EXTENSIONS - 3; i++) {
            tenant.addCustomExtension(String.format("d0000000-0000-4000-8000-%012d", i), "Extension " + i,
                    "onAttributeCollectionSubmitCustomExtension", "https://p.example/" + i, "api://p.example/1");
        }
        assertThat(client.post(EXTENSIONS, validCreate()).status()).as("the 100th").isEqualTo(201);

        Answer oneTooMany = client.post(EXTENSIONS, validCreate());

        assertThat(oneTooMany.status()).isEqualTo(400);
        assertThat(oneTooMany.json().at("/error/message").asText()).contains("100");
        assertThat(tenant.customExtensionIds()).hasSize(100);
    }

    @Test
    void aSeedFileCanGiveTheDescriptionAndClientConfiguration() {
        String seed = "{\"tenantId\":\"t\",\"clientId\":\"c\",\"clientSecret\":\"s\",\"customExtensions\":["
                + "{\"id\":\"E1\",\"displayName\":\"One\",\"type\":\"onAttributeCollectionStartCustomExtension\","
                + "\"targetUrl\":\"https://one.example\",\"resourceId\":\"api://one\",\"description\":\"first\","
                + "\"timeoutInMilliseconds\":null,\"maximumRetries\":0},"
                + "{\"id\":\"e2\",\"displayName\":\"Two\",\"type\":\"onAttributeCollectionSubmitCustomExtension\","
                + "\"targetUrl\":\"https://two.example\",\"resourceId\":\"api://two\"}]}";

        SimulatedTenant seeded = SimulatedTenant.fromJson(new ByteArrayInputStream(seed.getBytes(StandardCharsets.UTF_8)));

        ExtensionView one = seeded.extensionDetails("e1").orElseThrow();
        assertThat(one.description()).isEqualTo("first");
        assertThat(one.timeoutInMilliseconds()).isNull();
        assertThat(one.maximumRetries()).isZero();
        ExtensionView two = seeded.extensionDetails("E2").orElseThrow();
        assertThat(two.description()).isNull();
        assertThat(two.timeoutInMilliseconds()).isEqualTo(2000);
        assertThat(two.maximumRetries()).isEqualTo(1);
    }
}
