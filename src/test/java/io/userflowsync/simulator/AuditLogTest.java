package io.userflowsync.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulated tenant's directory audit log: what records an entry, and GET /auditLogs/directoryAudits. */
class AuditLogTest {
    static final String SECRET = GraphSimulatorTest.SECRET;
    static final String LEGACY = GraphSimulatorTest.LEGACY;
    static final String ENRICH = GraphSimulatorTest.ENRICH;
    static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
    static final String AUDITS = "/v1.0/auditLogs/directoryAudits";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0, Clock.fixed(NOW, ZoneOffset.UTC));
    private final SimulatorClient client = new SimulatorClient(simulator).signIn(tenant, SECRET);

    @AfterEach
    void stop() {
        simulator.close();
    }

    static String filter(String filter) {
        return AUDITS + "?$filter=" + URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void anOutsideWriteChangesTheBindingAndRecordsWhoAndWhen() {
        Instant at = Instant.parse("2026-11-25T08:01:02Z");
        tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("alice@contoso.com"),
                at);

        assertThat(tenant.binding("B2X_1_customers", "postAttributeCollection")).contains(LEGACY);
        Answer answer = client.get(AUDITS);
        assertThat(answer.status()).isEqualTo(200);
        JsonNode entry = answer.json().at("/value/0");
        assertThat(entry.get("activityDisplayName").asText()).isEqualTo("Update user flow");
        assertThat(entry.get("loggedByService").asText()).isEqualTo("B2C");
        assertThat(entry.get("activityDateTime").asText()).isEqualTo("2026-11-25T08:01:02Z");
        assertThat(entry.at("/initiatedBy/user/userPrincipalName").asText()).isEqualTo("alice@contoso.com");
        assertThat(entry.at("/initiatedBy/app").isNull()).isTrue();
        assertThat(entry.at("/targetResources/0/id").asText()).isEqualTo("B2X_1_customers");
    }

    @Test
    void theAgentsOwnWritesAreRecordedWithTheCallingAppAsActor() {
        String ref = "/v1.0/identity/b2xUserFlows/B2X_1_partner_signup/apiConnectorConfiguration/"
                + "postAttributeCollection/$ref";
        assertThat(client.put(ref, GraphSimulatorTest.ref(simulator, ENRICH)).status()).isEqualTo(204);
        assertThat(client.delete("/v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/"
                + "postFederationSignup/$ref").status()).isEqualTo(204);

        assertThat(tenant.auditLog()).hasSize(2).allSatisfy(r -> {
            assertThat(r.actor().isUser()).isFalse();
            assertThat(r.actor().appId()).isEqualTo(tenant.clientId());
            assertThat(r.at()).isEqualTo(NOW);
        });
        JsonNode app = client.get(AUDITS).json().at("/value/0/initiatedBy/app");
        assertThat(app.get("appId").asText()).isEqualTo(tenant.clientId());
    }

    @Test
    void theFiltersTheAgentSendsSelectByServiceActivityAndTimeNewestFirst() {
        tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY, AuditActor.user("old@contoso.com"),
                Instant.parse("2026-11-24T00:00:00Z"));
        tenant.unbindOutside("B2X_1_contractors", "postAttributeCollection", AuditActor.user("bob@contoso.com"),
                Instant.parse("2026-11-25T09:00:00Z"));
        tenant.bindOutside("B2X_1_customers", "postAttributeCollection", ENRICH,
                AuditActor.app("99999999-0000-0000-0000-000000000000", "Portal script"),
                Instant.parse("2026-11-25T09:30:00Z"));

        Answer answer = client.get(filter("loggedByService eq 'B2C' and activityDisplayName eq 'Update user flow'"
                + " and activityDateTime ge 2026-11-25T00:00:00Z"));

        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        List<String> actors = new ArrayList<>();
        answer.json().get("value").forEach(e -> actors.add(e.at("/initiatedBy/user/userPrincipalName").isTextual()
                ? e.at("/initiatedBy/user/userPrincipalName").asText() : e.at("/initiatedBy/app/displayName").asText()));
        assertThat(actors).containsExactly("Portal script", "bob@contoso.com");
        assertThat(client.get(filter("loggedByService eq 'Core Directory'")).json().get("value")).isEmpty();
        assertThat(client.get(filter("activityDisplayName eq 'Update API connector'")).json().get("value")).isEmpty();
    }

    @Test
    void pagesFollowNextLinkWithTheFilterKept() {
        for (int i = 0; i < 5; i++) {
            tenant.bindOutside("B2X_1_customers", "postAttributeCollection", LEGACY,
                    AuditActor.user("user" + i + "@contoso.com"), Instant.parse("2026-11-25T09:00:00Z").plusSeconds(i));
        }
        List<String> actors = new ArrayList<>();
        String next = filter("loggedByService eq 'B2C'") + "&$top=2";
        int pages = 0;
        while (next != null) {
            JsonNode page = client.get(next).json();
            pages++;
            page.get("value").forEach(e -> actors.add(e.at("/initiatedBy/user/userPrincipalName").asText()));
            next = page.hasNonNull("@odata.nextLink") ? page.get("@odata.nextLink").asText() : null;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(actors).containsExactly("user4@contoso.com", "user3@contoso.com", "user2@contoso.com",
                "user1@contoso.com", "user0@contoso.com");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"targetResources/any(t: t/id eq 'B2X_1_customers')", "loggedByService ne 'B2C'",
            "activityDateTime ge yesterday", "loggedByService eq 'B2C' or activityDisplayName eq 'x'"})
    void aFilterTheSimulatorDoesNotKnowAnswers400(String unsupported) {
        assertThat(client.get(filter(unsupported)).status()).isEqualTo(400);
    }

    @Test
    void withoutAuditLogReadAllTheLogAnswers403AuthorizationRequestDenied() {
        tenant.grantAuditLogRead(false);

        Answer answer = client.get(AUDITS);

        assertThat(answer.status()).isEqualTo(403);
        assertThat(answer.json().at("/error/code").asText()).isEqualTo("Authorization_RequestDenied");
    }
}
