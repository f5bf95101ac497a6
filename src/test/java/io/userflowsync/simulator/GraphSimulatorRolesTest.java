package io.userflowsync.simulator;

import io.userflowsync.simulator.SimulatorClient.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator checks the application permissions in the caller's token as Graph's reference pages list them
 * (issue 9 item 6): 403 {@code Authorization_RequestDenied} with Graph's error body when none is granted.
 */
class GraphSimulatorRolesTest {
    private static final String SECRET = "demo-secret-not-for-production";
    private static final String CONNECTOR = "/v1.0/identity/apiConnectors/3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final String REF = "{\"@odata.id\": \"https://graph.microsoft.com/v1.0/identity/apiConnectors/"
            + "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07\"}";

    private final SimulatedTenant tenant = SimulatedTenant.demo();
    private final GraphSimulator simulator = GraphSimulator.start(tenant, 0);

    @AfterEach
    void stop() {
        simulator.close();
    }

    private SimulatorClient signedInWith(String roles) {
        tenant.app().grantPermissions(roles.isBlank() ? List.of() : Arrays.asList(roles.trim().split(" +")));
        return new SimulatorClient(simulator).signIn(tenant, SECRET);
    }

    @ParameterizedTest(name = "{1} {2} with [{0}] → {3}")
    @CsvSource(delimiter = '|', value = {
            "IdentityUserFlow.Read.All      | GET    | /v1.0/identity/b2xUserFlows                                                       | 200",
            "IdentityUserFlow.Read.All      | GET    | /v1.0/identity/b2xUserFlows/B2X_1_customers                                       | 200",
            "IdentityUserFlow.Read.All      | GET    | /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration             | 403",
            "IdentityUserFlow.ReadWrite.All | GET    | /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration             | 200",
            "APIConnectors.Read.All         | GET    | /v1.0/identity/b2xUserFlows                                                       | 403",
            "IdentityUserFlow.Read.All      | PUT    | /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref | 403",
            "IdentityUserFlow.ReadWrite.All | PUT    | /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref | 204",
            "IdentityUserFlow.Read.All      | DELETE | /v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref | 403",
            "APIConnectors.Read.All         | GET    | /v1.0/identity/apiConnectors                                                      | 200",
            "APIConnectors.ReadWrite.All    | GET    | /v1.0/identity/apiConnectors                                                      | 200",
            "IdentityUserFlow.ReadWrite.All | GET    | /v1.0/identity/apiConnectors                                                      | 403",
            "APIConnectors.Read.All         | GET    | " + CONNECTOR + "                                                                 | 200",
            "''                             | GET    | /v1.0/identity/apiConnectors                                                      | 403",
    })
    void eachOperationNeedsOneOfThePermissionsItsGraphPageLists(String roles, String method, String path,
                                                                 int status) {
        Answer answer = signedInWith(roles).call(method, path, method.equals("PUT") ? REF : null);

        assertThat(answer.status()).as(answer.body()).isEqualTo(status);
        if (status == 403) {
            assertThat(answer.json().path("error").path("code").asText()).isEqualTo("Authorization_RequestDenied");
            assertThat(answer.json().path("error").path("message").asText())
                    .isEqualTo("Insufficient privileges to complete the operation.");
            assertThat(answer.json().path("error").path("innerError").path("request-id").asText()).isNotBlank();
        }
    }

    @Test
    void aWriteDeniedChangesNothing() {
        SimulatorClient readOnly = signedInWith("IdentityUserFlow.Read.All APIConnectors.Read.All");

        readOnly.put("/v1.0/identity/b2xUserFlows/B2X_1_customers/apiConnectorConfiguration/postFederationSignup/$ref",
                REF);

        assertThat(tenant.binding("B2X_1_customers", "postFederationSignup"))
                .contains("e05f7c38-2b91-4d6a-8c13-f4b2a7e9d056");
    }

    @Test
    void eachRequestInsideABatchIsCheckedOnItsOwn() {
        SimulatorClient client = signedInWith("IdentityUserFlow.Read.All");

        Answer batch = client.post("/v1.0/$batch", """
                {"requests": [
                  {"id": "1", "method": "GET", "url": "/identity/b2xUserFlows/B2X_1_customers"},
                  {"id": "2", "method": "GET", "url": "/identity/apiConnectors"}
                ]}""");

        assertThat(batch.status()).isEqualTo(200);
        batch.json().path("responses").forEach(r -> assertThat(r.path("status").asInt())
                .as("request %s", r.path("id").asText())
                .isEqualTo(r.path("id").asText().equals("1") ? 200 : 403));
    }

    @Test
    void aTokenKeepsTheRolesItWasIssuedWithAfterTheGrantsChange() {
        SimulatorClient client = signedInWith("APIConnectors.Read.All");
        tenant.app().grantPermissions(List.of());

        assertThat(client.get("/v1.0/identity/apiConnectors").status()).isEqualTo(200);
    }
}
