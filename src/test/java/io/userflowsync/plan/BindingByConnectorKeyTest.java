package io.userflowsync.plan;

import io.userflowsync.connector.ConnectorCallers;
import io.userflowsync.connector.ConnectorChange;
import io.userflowsync.connector.ConnectorInputs;
import io.userflowsync.connector.SecretState;
import io.userflowsync.connector.SentRecord;
import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.plan.Fixtures.SOURCE;
import static io.userflowsync.plan.Fixtures.at;
import static io.userflowsync.plan.Fixtures.flow;
import static io.userflowsync.plan.Fixtures.live;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code {connector: key}} names a connector of the desired state's own connectors: section (issue 9, item 1). */
class BindingByConnectorKeyTest {
    private static final String FLOW = "B2X_1_partner_signup";
    private static final Step STEP = Step.POST_FEDERATION_SIGNUP;
    private static final Optional<ConnectorRef> BY_KEY = Optional.of(new ConnectorRef.ByKey("partner-check"));

    private static DesiredState desiredNaming(String displayName) {
        ManagedConnector managed = new ManagedConnector("partner-check", displayName, "https://partners.example",
                new ConnectorAuthentication.Basic("agent", new SecretRef.Env("PW")), at(2, 3));
        return new DesiredState(List.of(flow(FLOW, step(STEP, BY_KEY))), SOURCE, Optional.empty(), List.of(managed));
    }

    @Test
    void aKeyResolvesToTheTenantsConnectorWithTheManagedDisplayName() {
        Plan plan = Planner.plan(desiredNaming(CHECK_DOMAIN.displayName()), live().flow(FLOW, STEP, LEGACY).build(),
                Policy.SYNC);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).containsExactly(new PlanChange(FLOW, STEP, ChangeKind.REBIND, Optional.of(LEGACY),
                Optional.of(CHECK_DOMAIN), step(STEP, BY_KEY).location()));
    }

    @Test
    void aManagedConnectorTheTenantDoesNotHaveYetIsAnErrorForThatStepNamingKeyAndDisplayName() {
        Plan plan = Planner.plan(desiredNaming("Brand new check"), live().flow(FLOW, STEP, LEGACY).build(),
                Policy.SYNC);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.errors()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo(PlanError.Kind.UNKNOWN_CONNECTOR);
            assertThat(e.message()).contains("connector partner-check", "\"Brand new check\"");
        });
    }

    /** The live state with what the live stage reads for connectors as code: every connector as basic, user agent. */
    private static LiveState withConnectorInputs(LiveState live, Map<String, SentRecord> sent) {
        List<LiveConnector> details = live.connectors().stream().map(c -> new LiveConnector(c.id(), c.displayName(),
                "https://partners.example", new LiveConnector.Basic("agent"))).toList();
        ConnectorInputs inputs = new ConnectorInputs(details, sent, Map.of("partner-check",
                new SecretState.Password("fingerprint")), new ConnectorCallers(Map.of(), false), false);
        return new LiveState(live.connectors(), live.existingFlows(), live.flows(), live.readErrors(),
                Optional.of(inputs));
    }

    @Test
    void aKeyWhoseConnectorThePlanCreatesBindsToTheConnectorToBeCreatedAndBothCountAgainstTheGuards() {
        Plan plan = Planner.plan(desiredNaming("Brand new check"),
                withConnectorInputs(live().flow(FLOW, STEP, LEGACY).build(), Map.of()), Policy.SYNC);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.connectors().changes()).extracting(ConnectorChange::action)
                .containsExactly(ConnectorChange.Action.CREATE);
        assertThat(plan.changes()).containsExactly(new PlanChange(FLOW, STEP, ChangeKind.REBIND, Optional.of(LEGACY),
                Optional.of(Connector.toBeCreated("Brand new check")), step(STEP, BY_KEY).location()));
        assertThat(plan.writeCount()).isEqualTo(2);
        assertThat(plan.hasDrift()).isTrue();
    }

    @Test
    void theRecordedIdWinsOverTheDisplayNameSoARenamedConnectorStillResolves() {
        Plan plan = Planner.plan(desiredNaming("Renamed check"), withConnectorInputs(live()
                .flow(FLOW, STEP, CHECK_DOMAIN).build(), Map.of("partner-check", new SentRecord(CHECK_DOMAIN.id(),
                Optional.of("fingerprint")))), Policy.SYNC);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).as("the step already calls the connector the key became").isEmpty();
        assertThat(plan.inSyncSteps()).isEqualTo(1);
        assertThat(plan.connectors().changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(ConnectorChange.Action.UPDATE);
            assertThat(c.fields()).extracting(ConnectorChange.FieldChange::field).containsExactly("displayName");
        });
    }
}
