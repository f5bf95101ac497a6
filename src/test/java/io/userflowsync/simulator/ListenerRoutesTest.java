package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.simulator.SimulatedTenant.ListenerView;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * An external tenant's authentication event listeners, over real HTTP on loopback
 * (identitycontainer-post-authenticationeventlisteners.md, authenticationeventlistener-update.md, -delete.md).
 */
class ListenerRoutesTest {
    private static final String SECRET = "listener-routes-secret";
    private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    private static final String WEB = "a13d0fc1-04ab-4ede-b215-63de0174cbb4";
    private static final String MOBILE = "b24e1fd2-15bc-4fef-8326-74ef1285dcc5";
    private static final String CLAIMS = "c1000000-0000-4000-8000-0000000000c1";
    private static final String CLAIMS_V2 = "c2000000-0000-4000-8000-0000000000c2";
    private static final String OTP = "d1000000-0000-4000-8000-0000000000d1";
    private static final String SUBMIT = "e1000000-0000-4000-8000-0000000000e1";
    private static final String TOKEN = "onTokenIssuanceStartListener";
    private static final String EMAIL_OTP = "onEmailOtpSendListener";
    private static final String LISTENERS = "/beta/identity/authenticationEventListeners";
    private static final String GUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

    private final SimulatedTenant tenant = externalTenant();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0, Clock.fixed(NOW, ZoneOffset.UTC));
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    private static SimulatedTenant externalTenant() {
        SimulatedTenant tenant = new SimulatedTenant("30000000-0000-0000-0000-000000000003",
                "40000000-0000-0000-0000-000000000004", SECRET);
        tenant.addCustomExtension(CLAIMS, "Loyalty claims", "onTokenIssuanceStartCustomExtension",
                        "https://claims.example/token", "api://claims.example")
                .addCustomExtension(CLAIMS_V2, "Loyalty claims v2", "onTokenIssuanceStartCustomExtension",
                        "https://claims.example/v2/token", "api://claims.example")
                .addCustomExtension(OTP, "Branded OTP mail", "onOtpSendCustomExtension",
                        "https://mail.example/otp", "api://mail.example")
                .addCustomExtension(SUBMIT, "Validate sign-up", "onAttributeCollectionSubmitCustomExtension",
                        "https://signup.example/validate", "api://signup.example");
        tenant.app().grantPermissions(AppRegistration.EXTERNAL_TENANT_PERMISSIONS);
        return tenant;
    }

    @AfterEach
    void stop() {
        simulator.close();
    }

    private static String tokenBody(String appId, String extensionId) {
        return "{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\","
                + "\"conditions\":{\"applications\":{\"includeAllApplications\":false,"
                + "\"includeApplications\":[{\"appId\":\"" + appId + "\"}]}},"
                + "\"handler\":{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler\","
                + "\"customExtension\":{\"id\":\"" + extensionId + "\"}}}";
    }

    private static String handlerPatch(String extensionId) {
        return "{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\","
                + "\"handler\":{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler\","
                + "\"customExtension\":{\"id\":\"" + extensionId + "\"}}}";
    }

    private static String errorCode(Answer answer) {
        return answer.json().at("/error/code").asText();
    }

    private static String errorMessage(Answer answer) {
        return answer.json().at("/error/message").asText();
    }

    private Answer patch(String path, String json) {
        return client.call("PATCH", path, json);
    }

    @Test
    void aSeededListenerIsListedWithItsApplicationsAndItsExtensionInline() {
        String id = tenant.addListener(TOKEN, List.of(WEB.toUpperCase(), MOBILE), CLAIMS);

        Answer list = client.get(LISTENERS);

        assertThat(list.status()).isEqualTo(200);
        JsonNode item = list.json().at("/value/0");
        assertThat(list.json().get("@odata.context").asText())
                .isEqualTo(simulator.baseUrl() + "/beta/$metadata#identity/authenticationEventListeners");
        assertThat(item.get("@odata.type").asText()).isEqualTo("#microsoft.graph.onTokenIssuanceStartListener");
        assertThat(item.get("id").asText()).isEqualTo(id).matches(GUID);
        assertThat(item.get("priority").asInt()).isEqualTo(500);
        assertThat(item.get("authenticationEventsFlowId").isNull()).isTrue();
        assertThat(item.at("/conditions/applications/includeAllApplications").asBoolean(true)).isFalse();
        assertThat(item.at("/conditions/applications/includeApplications/0/appId").asText()).isEqualTo(WEB);
        assertThat(item.at("/conditions/applications/includeApplications/1/appId").asText()).isEqualTo(MOBILE);
        assertThat(item.at("/handler/@odata.type").asText())
                .isEqualTo("#microsoft.graph.onTokenIssuanceStartCustomExtensionHandler");
        assertThat(item.at("/handler/configuration").isNull()).isTrue();
        assertThat(item.at("/handler/customExtension/@odata.type").asText())
                .isEqualTo("#microsoft.graph.onTokenIssuanceStartCustomExtension");
        assertThat(item.at("/handler/customExtension/id").asText()).isEqualTo(CLAIMS);
        assertThat(item.at("/handler/customExtension/displayName").asText()).isEqualTo("Loyalty claims");
        assertThat(tenant.listener(id).orElseThrow().appIds()).containsExactly(WEB, MOBILE);
    }

    @Test
    void anOtpListenerHasTheOtpHandlerAndAListenerWithoutExtensionANullHandler() {
        String otp = tenant.addListener(EMAIL_OTP, List.of(WEB), OTP);
        String bare = tenant.addListener(TOKEN, List.of(MOBILE), null);

        JsonNode otpJson = client.get("/v1.0/identity/authenticationEventListeners/" + otp).json();
        JsonNode bareJson = client.get(LISTENERS + "/" + bare).json();

        assertThat(otpJson.get("@odata.context").asText())
                .isEqualTo(simulator.baseUrl() + "/v1.0/$metadata#identity/authenticationEventListeners/$entity");
        assertThat(otpJson.get("@odata.type").asText()).isEqualTo("#microsoft.graph.onEmailOtpSendListener");
        assertThat(otpJson.at("/handler/@odata.type").asText()).isEqualTo("#microsoft.graph.onOtpSendCustomExtensionHandler");
        assertThat(otpJson.at("/handler/customExtension/@odata.type").asText())
                .isEqualTo("#microsoft.graph.onOtpSendCustomExtension");
        assertThat(bareJson.get("handler").isNull()).isTrue();
        assertThat(tenant.listener(bare).orElseThrow().extensionId()).isEmpty();
    }

    @Test
    void theListingPagesLikeTheOtherCollections() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(tenant.addListener(TOKEN, List.of(WEB), CLAIMS));
        }

        List<String> listed = new ArrayList<>();
        String next = LISTENERS + "?$top=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = client.get(next).json();
            page.get("value").forEach(l -> listed.add(l.get("id").asText()));
            next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
            pages++;
        }

        assertThat(pages).isEqualTo(3);
        assertThat(listed).containsExactlyElementsOf(ids.stream().sorted().toList());
        assertThat(client.get(LISTENERS + "?$top=0").status()).isEqualTo(400);
    }

    @Test
    void aCreatedListenerAnswers201AndReadsBackAsTheListingShowsIt() {
        Answer created = client.post(LISTENERS, tokenBody(WEB, CLAIMS.toUpperCase()));

        assertThat(created.status()).isEqualTo(201);
        JsonNode body = created.json();
        String id = body.get("id").asText();
        assertThat(id).matches(GUID);
        assertThat(body.get("@odata.context").asText())
                .isEqualTo(simulator.baseUrl() + "/beta/$metadata#identity/authenticationEventListeners/$entity");
        assertThat(created.header("Location")).isEqualTo(simulator.baseUrl() + LISTENERS + "/" + id);
        assertThat(body.at("/handler/customExtension/id").asText()).isEqualTo(CLAIMS);
        assertThat(client.get(LISTENERS + "/" + id).json()).as("GET answers what the 201 did").isEqualTo(body);
        ObjectNode read = (ObjectNode) client.get(LISTENERS + "/" + id).json();
        read.remove("@odata.context");
        assertThat(client.get(LISTENERS).json().at("/value/0")).as("the listing shows the same").isEqualTo(read);
        ListenerView listener = tenant.listener(id).orElseThrow();
        assertThat(listener).isEqualTo(new ListenerView(id, TOKEN, 500, List.of(WEB), Optional.of(CLAIMS)));
    }

    @Test
    void aCreateMayGiveThePriorityAndNameTheExtensionByBind() {
        String body = "{\"@odata.type\":\"#microsoft.graph.onEmailOtpSendListener\",\"priority\":700,"
                + "\"conditions\":{\"applications\":{\"includeApplications\":[{\"appId\":\"" + MOBILE + "\"}]}},"
                + "\"handler\":{\"@odata.type\":\"#microsoft.graph.onOtpSendCustomExtensionHandler\","
                + "\"customExtension@odata.bind\":\"https://graph.microsoft.com/beta/identity/"
                + "customAuthenticationExtensions/" + OTP + "\"}}";

        Answer created = client.post("/v1.0/identity/authenticationEventListeners", body);

        assertThat(created.status()).isEqualTo(201);
        ListenerView listener = tenant.listener(created.json().get("id").asText()).orElseThrow();
        assertThat(listener.type()).isEqualTo(EMAIL_OTP);
        assertThat(listener.priority()).isEqualTo(700);
        assertThat(listener.extensionId()).contains(OTP);
    }

    @Test
    void aListenerForAnExtensionOfAnotherTypeIsRefusedWith400() {
        Answer submit = client.post(LISTENERS, tokenBody(WEB, SUBMIT));
        Answer otp = client.post(LISTENERS, tokenBody(WEB, OTP));

        assertThat(submit.status()).isEqualTo(400);
        assertThat(errorCode(submit)).isEqualTo("invalidRequest");
        assertThat(errorMessage(submit)).contains(SUBMIT, "onAttributeCollectionSubmitCustomExtension",
                "onTokenIssuanceStartCustomExtension");
        assertThat(otp.status()).isEqualTo(400);
        assertThat(tenant.listeners()).isEmpty();
    }

    @Test
    void aListenerForAnExtensionThatDoesNotExistIsRefusedWith400() {
        String missing = "f0000000-0000-4000-8000-0000000000f0";
        Answer answer = client.post(LISTENERS, tokenBody(WEB, missing));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errorCode(answer)).isEqualTo("invalidRequest");
        assertThat(errorMessage(answer)).contains(missing, "does not exist");
        assertThat(tenant.listeners()).isEmpty();
    }

    @Test
    void aHandlerOfAnotherListenersTypeIsRefusedWith400() {
        Answer answer = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace(
                "onTokenIssuanceStartCustomExtensionHandler", "onOtpSendCustomExtensionHandler"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errorMessage(answer)).contains("onTokenIssuanceStartCustomExtensionHandler");
        assertThat(tenant.listeners()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "#microsoft.graph.onTokenIssuanceStartListenerz", // an unknown type
            "microsoft.graph.onTokenIssuanceStartListener",   // without its #
            "#microsoft.graph.onTokenIssuanceStartCustomExtension"})
    void aTypeThatIsNoListenerIsRefusedWith400(String type) {
        Answer answer = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace(
                "#microsoft.graph.onTokenIssuanceStartListener\"", type + "\""));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errorCode(answer)).isEqualTo("invalidRequest");
    }

    @ParameterizedTest
    @ValueSource(strings = {"onInteractiveAuthFlowStartListener", "onAuthenticationMethodLoadStartListener",
            "onAttributeCollectionListener", "onUserCreateStartListener", "onAttributeCollectionStartListener",
            "onAttributeCollectionSubmitListener"})
    void theOtherDocumentedListenerTypesAreNotImplemented(String type) {
        Answer answer = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace(
                "#microsoft.graph.onTokenIssuanceStartListener\"", "#microsoft.graph." + type + "\""));

        assertThat(answer.status()).isEqualTo(501);
        assertThat(errorCode(answer)).isEqualTo("NotImplemented");
    }

    @Test
    void aBodyWithoutTypeOrApplicationsOrWithAnUnknownPropertyIsRefusedWith400() {
        Answer noType = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace(
                "\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\",", ""));
        Answer noAppId = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("{\"appId\":\"" + WEB + "\"}", "{}"));
        Answer noApps = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("[{\"appId\":\"" + WEB + "\"}]", "[]"));
        Answer badAppId = client.post(LISTENERS, tokenBody("web-app", CLAIMS));
        Answer unknown = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("{\"@odata.type\"",
                "{\"priorty\":500,\"@odata.type\""));
        Answer readOnly = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("{\"@odata.type\"",
                "{\"id\":\"" + CLAIMS + "\",\"@odata.type\""));
        Answer badPriority = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("{\"@odata.type\"",
                "{\"priority\":1001,\"@odata.type\""));
        Answer noHandler = client.post(LISTENERS, "{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\","
                + "\"conditions\":{\"applications\":{\"includeApplications\":[{\"appId\":\"" + WEB + "\"}]}}}");
        Answer notJson = client.post(LISTENERS, "not json");

        for (Answer answer : List.of(noType, noAppId, noApps, badAppId, unknown, readOnly, badPriority, noHandler,
                notJson)) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(400);
            assertThat(errorCode(answer)).isEqualTo("invalidRequest");
        }
        assertThat(errorMessage(unknown)).contains("priorty");
        assertThat(errorMessage(readOnly)).contains("read-only");
        assertThat(tenant.listeners()).isEmpty();
    }

    @Test
    void allApplicationsOrADisplayNameAreNotImplemented() {
        Answer all = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("\"includeAllApplications\":false",
                "\"includeAllApplications\":true"));
        Answer named = client.post(LISTENERS, tokenBody(WEB, CLAIMS).replace("{\"@odata.type\"",
                "{\"displayName\":\"Claims\",\"@odata.type\""));

        assertThat(all.status()).isEqualTo(501);
        assertThat(named.status()).isEqualTo(501);
        assertThat(tenant.listeners()).isEmpty();
    }

    @Test
    void anUnknownListenerIs404ForGetPatchAndDelete() {
        String unknown = "99999999-0000-4000-8000-000000000099";

        for (Answer answer : List.of(client.get(LISTENERS + "/" + unknown),
                patch(LISTENERS + "/" + unknown, handlerPatch(CLAIMS_V2)), client.delete(LISTENERS + "/" + unknown))) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(errorCode(answer)).isEqualTo("ResourceNotFound");
            assertThat(errorMessage(answer)).contains(unknown);
        }
        assertThat(client.call("PUT", LISTENERS + "/" + unknown, handlerPatch(CLAIMS)).status()).isEqualTo(405);
        assertThat(client.delete(LISTENERS).status()).isEqualTo(405);
    }

    @Test
    void aPatchRepointsTheHandlerAndReplacesTheApplications() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);

        Answer handler = patch(LISTENERS + "/" + id, handlerPatch(CLAIMS_V2));
        Answer conditions = patch(LISTENERS + "/" + id, "{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\","
                + "\"priority\":400,\"conditions\":{\"applications\":{\"includeApplications\":[{\"appId\":\""
                + MOBILE + "\"}]}}}");

        assertThat(handler.status()).isEqualTo(204);
        assertThat(handler.body()).isEmpty();
        assertThat(conditions.status()).isEqualTo(204);
        assertThat(tenant.listener(id).orElseThrow())
                .isEqualTo(new ListenerView(id, TOKEN, 400, List.of(MOBILE), Optional.of(CLAIMS_V2)));
        assertThat(client.get(LISTENERS + "/" + id).json().at("/handler/customExtension/displayName").asText())
                .isEqualTo("Loyalty claims v2");
    }

    @Test
    void aPatchOfAnotherTypeANullHandlerOrAnExtensionOfAnotherTypeIsRefusedWith400() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);

        Answer otherType = patch(LISTENERS + "/" + id, "{\"@odata.type\":\"#microsoft.graph.onEmailOtpSendListener\","
                + "\"priority\":400}");
        Answer noType = patch(LISTENERS + "/" + id, "{\"priority\":400}");
        Answer nullHandler = patch(LISTENERS + "/" + id, "{\"@odata.type\":\"#microsoft.graph.onTokenIssuanceStartListener\","
                + "\"handler\":null}");
        Answer otpExtension = patch(LISTENERS + "/" + id, handlerPatch(OTP));

        assertThat(otherType.status()).isEqualTo(400);
        assertThat(errorMessage(otherType)).contains("cannot change");
        assertThat(noType.status()).isEqualTo(400);
        assertThat(nullHandler.status()).isEqualTo(400);
        assertThat(errorMessage(nullHandler)).contains("DELETE");
        assertThat(otpExtension.status()).isEqualTo(400);
        assertThat(tenant.listener(id).orElseThrow())
                .isEqualTo(new ListenerView(id, TOKEN, 500, List.of(WEB), Optional.of(CLAIMS)));
        assertThat(tenant.auditLog()).isEmpty();
    }

    @Test
    void whileHandlerWritesAreIgnoredAPatchOfTheHandlerAnswers204AndChangesNothing() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        tenant.ignoreListenerHandlerWrites(true);

        Answer ignored = patch(LISTENERS + "/" + id, handlerPatch(CLAIMS_V2));
        Answer stillChecked = patch(LISTENERS + "/" + id, handlerPatch(SUBMIT));

        assertThat(ignored.status()).isEqualTo(204);
        assertThat(stillChecked.status()).as("the body is still validated").isEqualTo(400);
        assertThat(tenant.listener(id).orElseThrow().extensionId()).contains(CLAIMS);
        assertThat(client.get(LISTENERS + "/" + id).json().at("/handler/customExtension/id").asText()).isEqualTo(CLAIMS);
        assertThat(tenant.auditLog()).isEmpty();

        tenant.ignoreListenerHandlerWrites(false);
        assertThat(patch(LISTENERS + "/" + id, handlerPatch(CLAIMS_V2)).status()).isEqualTo(204);
        assertThat(tenant.listener(id).orElseThrow().extensionId()).contains(CLAIMS_V2);
    }

    @Test
    void aDeletedListenerIsGone() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        String other = tenant.addListener(EMAIL_OTP, List.of(WEB), OTP);

        Answer deleted = client.delete(LISTENERS + "/" + id.toUpperCase());

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(tenant.listener(id)).isEmpty();
        assertThat(client.get(LISTENERS + "/" + id).status()).isEqualTo(404);
        assertThat(tenant.listeners()).extracting(ListenerView::id).containsExactly(other);
    }

    @Test
    void eachAcceptedWriteIsInTheAuditLogWithTheListenerAsItsTarget() {
        String id = client.post(LISTENERS, tokenBody(WEB, CLAIMS)).json().get("id").asText();
        assertThat(patch(LISTENERS + "/" + id, handlerPatch(CLAIMS_V2)).status()).isEqualTo(204);
        assertThat(client.delete(LISTENERS + "/" + id).status()).isEqualTo(204);

        List<AuditRecord> log = tenant.auditLog();
        assertThat(log).extracting(AuditRecord::activity).containsExactly(SimulatedTenant.LISTENER_DELETED,
                SimulatedTenant.LISTENER_UPDATED, SimulatedTenant.LISTENER_CREATED);
        assertThat(log).allSatisfy(r -> {
            assertThat(r.targetId()).isEqualTo(id);
            assertThat(r.targetType()).isEqualTo("AuthenticationEventListener");
            assertThat(r.actor().appId()).isEqualTo(tenant.clientId());
            assertThat(r.at()).isEqualTo(NOW);
        });
        JsonNode entry = client.get("/v1.0/auditLogs/directoryAudits?$filter=activityDisplayName%20eq%20"
                + "'Add%20authentication%20event%20listener'").json().at("/value/0");
        assertThat(entry.get("operationType").asText()).isEqualTo("Add");
        assertThat(entry.at("/targetResources/0/id").asText()).isEqualTo(id);
        assertThat(entry.at("/targetResources/0/displayName").asText()).isEqualTo(id);
        assertThat(entry.at("/targetResources/0/type").asText()).isEqualTo("AuthenticationEventListener");
    }

    @Test
    void aPortalChangeOfTheHandlerIsInTheAuditLogWithWhoMadeIt() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        Instant at = Instant.parse("2026-11-25T08:00:00Z");

        tenant.setListenerExtensionOutside(id, CLAIMS_V2, AuditActor.user("alice@contoso.com"), at);

        assertThat(tenant.listener(id).orElseThrow().extensionId()).contains(CLAIMS_V2);
        AuditRecord record = tenant.auditLog().get(0);
        assertThat(record.activity()).isEqualTo("Update authentication event listener");
        assertThat(record.actor().name()).isEqualTo("alice@contoso.com");
        assertThat(record.at()).isEqualTo(at);
        assertThat(record.targetId()).isEqualTo(id);
        assertThatThrownBy(() -> tenant.setListenerExtensionOutside(id, SUBMIT, AuditActor.user("bob@contoso.com"), at))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void removingAnExtensionLeavesTheListenersThatCalledItWithoutHandler() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);

        tenant.removeCustomExtension(CLAIMS);

        assertThat(tenant.listener(id).orElseThrow().extensionId()).isEmpty();
        assertThat(client.get(LISTENERS + "/" + id).json().get("handler").isNull()).isTrue();
    }

    @Test
    void theSetupMethodsRefuseWhatGraphWouldNot() {
        assertThatThrownBy(() -> tenant.addListener("onAttributeCollectionListener", List.of(WEB), null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tenant.addListener(TOKEN, List.of(), CLAIMS)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tenant.addListener(TOKEN, List.of("web"), CLAIMS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> tenant.addListener(EMAIL_OTP, List.of(WEB), CLAIMS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tenant.listeners()).isEmpty();
    }

    @Test
    void theTenantHoldsAtMost250ListenersAndTheNextCreateIs400() {
        for (int i = 0; i < SimulatedTenant.MAX_LISTENERS; i++) {
            tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        }

        Answer answer = client.post(LISTENERS, tokenBody(MOBILE, CLAIMS));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(errorCode(answer)).isEqualTo("invalidRequest");
        assertThat(errorMessage(answer)).contains("250");
        assertThatThrownBy(() -> tenant.addListener(TOKEN, List.of(MOBILE), CLAIMS))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(tenant.listeners()).hasSize(SimulatedTenant.MAX_LISTENERS);
    }

    @Test
    void readingNeedsAnEventListenerPermissionAndWritingTheReadWriteOne() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        tenant.app().grantPermissions(List.of("EventListener.Read.All", "CustomAuthenticationExtension.ReadWrite.All"));
        SimulatorClient readOnly = new SimulatorClient(simulator).signIn(tenant, SECRET);

        assertThat(readOnly.get(LISTENERS).status()).isEqualTo(200);
        for (Answer write : List.of(readOnly.post(LISTENERS, tokenBody(MOBILE, CLAIMS)),
                readOnly.call("PATCH", LISTENERS + "/" + id, handlerPatch(CLAIMS_V2)),
                readOnly.delete(LISTENERS + "/" + id))) {
            assertThat(write.status()).isEqualTo(403);
            assertThat(errorCode(write)).isEqualTo("Authorization_RequestDenied");
        }

        tenant.app().grantPermissions(List.of("CustomAuthenticationExtension.ReadWrite.All",
                "IdentityUserFlow.ReadWrite.All"));
        SimulatorClient none = new SimulatorClient(simulator).signIn(tenant, SECRET);
        assertThat(none.get(LISTENERS).status()).isEqualTo(403);
        assertThat(none.get(LISTENERS + "/" + id).status()).isEqualTo(403);
        assertThat(tenant.listener(id).orElseThrow().extensionId()).contains(CLAIMS);
        assertThat(tenant.listeners()).hasSize(1);
    }

    @Test
    void listenerRequestsInsideABatchAreServedAndCountedOneByOne() {
        String id = tenant.addListener(TOKEN, List.of(WEB), CLAIMS);
        int before = simulator.quotaUsage().app(tenant.clientId());
        String batch = "{\"requests\":["
                + "{\"id\":\"1\",\"method\":\"PATCH\",\"url\":\"/identity/authenticationEventListeners/" + id + "\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + handlerPatch(CLAIMS_V2) + "},"
                + "{\"id\":\"2\",\"method\":\"POST\",\"url\":\"/identity/authenticationEventListeners\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"body\":" + tokenBody(MOBILE, CLAIMS) + "},"
                + "{\"id\":\"3\",\"method\":\"GET\",\"url\":\"/identity/authenticationEventListeners?$top=5\"}]}";

        Answer answer = client.post("/beta/$batch", batch);

        assertThat(answer.status()).isEqualTo(200);
        List<String> statuses = new ArrayList<>();
        answer.json().get("responses").forEach(r -> statuses.add(r.get("id").asText() + ":" + r.get("status").asInt()));
        assertThat(statuses).containsExactlyInAnyOrder("1:204", "2:201", "3:200");
        JsonNode created = null;
        for (JsonNode r : answer.json().get("responses")) {
            if (r.get("id").asText().equals("2")) {
                created = r;
            }
        }
        assertThat(created.at("/headers/Location").asText()).startsWith(simulator.baseUrl() + LISTENERS + "/");
        assertThat(tenant.listener(id).orElseThrow().extensionId()).contains(CLAIMS_V2);
        assertThat(tenant.listeners()).hasSize(2);
        assertThat(simulator.quotaUsage().app(tenant.clientId()) - before).as("each inner request counts").isEqualTo(3);
    }
}
