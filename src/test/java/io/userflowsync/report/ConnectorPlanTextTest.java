package io.userflowsync.report;

import io.userflowsync.connector.ConnectorCallers;
import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.connector.ConnectorPlanner;
import io.userflowsync.connector.SecretState;
import io.userflowsync.connector.SentRecord;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.model.SourceLocation;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The connector block of a plan: the binding lines' symbols, one field a line, secrets only as (sensitive). */
class ConnectorPlanTextTest {
    private static final SourceLocation AT = new SourceLocation("desired.yaml", 2, 3);
    private static final String FRAUD_ID = "5e1c3f0a-0000-4000-8000-000000000001";
    private static final String OLD_ID = "6e1c3f0a-0000-4000-8000-000000000002";

    @Test
    void createUpdateAndAHeldBackDeleteReadAsTheBindingLinesDo() {
        ManagedConnector partner = new ManagedConnector("partner-check", "Check partner domain",
                "https://partners.example/check", new ConnectorAuthentication.Basic("agent",
                new SecretRef.Env("PARTNER_PW")), AT);
        ManagedConnector fraud = new ManagedConnector("fraud", "Fraud screen", "https://fraud.example/v2",
                new ConnectorAuthentication.Basic("agent", new SecretRef.Env("FRAUD_PW")), AT);
        ConnectorPlan plan = ConnectorPlanner.plan(List.of(partner, fraud), List.of(
                        new LiveConnector(FRAUD_ID, "Fraud screen", "https://fraud.example/v1",
                                new LiveConnector.Basic("agent")),
                        new LiveConnector(OLD_ID, "Old hook", "https://old.example", new LiveConnector.Basic("x"))),
                Map.of("fraud", new SentRecord(FRAUD_ID, Optional.of("f-old")),
                        "old-hook", new SentRecord(OLD_ID, Optional.empty())),
                Map.of("partner-check", new SecretState.Password("p"), "fraud", new SecretState.Password("f-new")),
                new ConnectorCallers(Map.of(OLD_ID, List.of("B2X_1_signup postAttributeCollection")), true), true);

        assertThat(ConnectorPlanText.render(plan)).isEqualTo("""
                Connectors:
                  ~ update  fraud  "Fraud screen" (5e1c3f0a-0000-4000-8000-000000000001)
                      targetUrl: https://fraud.example/v1 → https://fraud.example/v2
                      password: (sensitive)
                  + create  partner-check  "Check partner domain"
                      displayName: Check partner domain
                      targetUrl: https://partners.example/check
                      authentication: basic
                      username: agent
                      password: (sensitive)
                Held back:
                  ! delete  old-hook  "Old hook" (6e1c3f0a-0000-4000-8000-000000000002): called by B2X_1_signup postAttributeCollection
                Connectors: 1 to create, 1 to update, 0 to delete.
                """);
    }

    @Test
    void nothingManagedIsNoBlockAndInSyncIsOneLine() {
        assertThat(ConnectorPlanText.render(new ConnectorPlan(List.of(), List.of(), List.of(), 0))).isEmpty();
        assertThat(ConnectorPlanText.render(new ConnectorPlan(List.of(), List.of(), List.of(), 2)))
                .isEqualTo("Connectors: no changes (2 managed connectors).\n");
    }

    @Test
    void anUnreadableSecretIsAnErrorLineNamingTheReferenceOnly() {
        ConnectorPlan plan = new ConnectorPlan(List.of(), List.of(),
                List.of(new ConnectorPlan.Problem("fraud", "environment variable FRAUD_PW (env:FRAUD_PW) is not set")),
                0);

        assertThat(ConnectorPlanText.render(plan)).contains(
                "  x fraud: environment variable FRAUD_PW (env:FRAUD_PW) is not set\n");
    }
}
