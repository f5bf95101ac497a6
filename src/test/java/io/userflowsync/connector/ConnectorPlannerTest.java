package io.userflowsync.connector;

import io.userflowsync.connector.ConnectorChange.Action;
import io.userflowsync.connector.ConnectorChange.FieldChange;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SecretRef;
import io.userflowsync.model.SourceLocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure connector planner (issue 9, item 1), table-driven over live state, sent records and secret state. */
class ConnectorPlannerTest {
    private static final String ID = "5e1c3f0a-0000-4000-8000-000000000001";
    private static final String URL = "https://partners.example/check";
    private static final SourceLocation AT = new SourceLocation("desired.yaml", 3, 3);
    private static final ManagedConnector BASIC = new ManagedConnector("partner-check", "Check partner domain", URL,
            new ConnectorAuthentication.Basic("agent", new SecretRef.Env("PW")), AT);
    private static final ManagedConnector CERT = new ManagedConnector("partner-check", "Check partner domain", URL,
            new ConnectorAuthentication.Certificate(new SecretRef.File("c.pfx"), new SecretRef.Env("PW")), AT);
    private static final SecretState PASSWORD = new SecretState.Password("f1");
    private static final SecretState NEW_PASSWORD = new SecretState.Password("f2");
    private static final SecretState THUMB_A = new SecretState.Certificate("AAAA");
    private static final SecretState THUMB_B = new SecretState.Certificate("BBBB");
    private static final SentRecord SENT_F1 = new SentRecord(ID, Optional.of("f1"));
    private static final SentRecord SENT_CERT = new SentRecord(ID, Optional.empty());
    private static final ConnectorCallers NO_CALLERS = new ConnectorCallers(Map.of(), true);

    private static LiveConnector basic(String name, String url, String user) {
        return new LiveConnector(ID, name, url, new LiveConnector.Basic(user));
    }

    private static LiveConnector certs(String... thumbprints) {
        return new LiveConnector(ID, BASIC.displayName(), URL, new LiveConnector.Certificates(Stream.of(thumbprints)
                .map(t -> new LiveConnector.CertificateInfo(t, Instant.EPOCH, Instant.EPOCH.plusSeconds(1), true))
                .toList()));
    }

    private static String fields(ConnectorChange change) {
        return String.join(", ", change.fields().stream()
                .map(f -> f.field() + ":" + f.from().orElse("") + "->" + f.to()).toList());
    }

    static Stream<Arguments> desiredConnectors() {
        return Stream.of(
                // name, desired, live, sent record, secret, expected "ACTION[secret] fields" per change
                Arguments.of("absent: created with its secret", BASIC, List.of(), null, PASSWORD,
                        List.of("CREATE[secret] displayName:->Check partner domain, targetUrl:->" + URL
                                + ", authentication:->basic, username:->agent, password:->(sensitive)")),
                Arguments.of("as sent: in sync", BASIC, List.of(basic(BASIC.displayName(), URL, "agent")), SENT_F1,
                        PASSWORD, List.of()),
                Arguments.of("targetUrl drift: one PATCH without the secret", BASIC,
                        List.of(basic(BASIC.displayName(), "https://old.example", "agent")), SENT_F1, PASSWORD,
                        List.of("UPDATE targetUrl:https://old.example->" + URL)),
                Arguments.of("renamed in the YAML: the recorded id is updated, not a second connector created", BASIC,
                        List.of(basic("Old name", URL, "agent")), SENT_F1, PASSWORD,
                        List.of("UPDATE displayName:Old name->Check partner domain")),
                Arguments.of("changed password source: re-sent", BASIC,
                        List.of(basic(BASIC.displayName(), URL, "agent")), SENT_F1, NEW_PASSWORD,
                        List.of("UPDATE[secret] password:->(sensitive)")),
                Arguments.of("username drift: username and password sent (PATCH replaces the configuration)", BASIC,
                        List.of(basic(BASIC.displayName(), URL, "someone")), SENT_F1, PASSWORD,
                        List.of("UPDATE[secret] username:someone->agent, password:->(sensitive)")),
                Arguments.of("found by name but never sent: its secret is unknown, so sent", BASIC,
                        List.of(basic(BASIC.displayName(), URL, "agent")), null, PASSWORD,
                        List.of("UPDATE[secret] password:->(sensitive)")),
                Arguments.of("certificate with its thumbprint live: in sync", CERT, List.of(certs("AAAA")),
                        SENT_CERT, THUMB_A, List.of()),
                Arguments.of("thumbprints compare case-insensitively", CERT, List.of(certs("aaaa")),
                        SENT_CERT, THUMB_A, List.of()),
                Arguments.of("rotated certificate: uploaded, the old one kept", CERT, List.of(certs("AAAA")),
                        SENT_CERT, THUMB_B, List.of("UPLOAD_CERTIFICATE[secret] certificate:->BBBB (sensitive)")),
                Arguments.of("basic to certificate: the configuration replaced", CERT,
                        List.of(basic(BASIC.displayName(), URL, "agent")), SENT_F1, THUMB_A,
                        List.of("UPDATE[secret] authentication:basic->certificate, certificate:->AAAA (sensitive)")),
                Arguments.of("certificate to basic: the configuration replaced", BASIC, List.of(certs("AAAA")),
                        SENT_CERT, PASSWORD, List.of("UPDATE[secret] authentication:certificate->basic, "
                                + "username:->agent, password:->(sensitive)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("desiredConnectors")
    void eachDesiredConnectorBecomesTheFewestWrites(String name, ManagedConnector desired, List<LiveConnector> live,
                                                    SentRecord sent, SecretState secret, List<String> expected) {
        ConnectorPlan plan = ConnectorPlanner.plan(List.of(desired), live,
                sent == null ? Map.of() : Map.of(desired.key(), sent), Map.of(desired.key(), secret), NO_CALLERS,
                false);

        assertThat(plan.problems()).isEmpty();
        assertThat(plan.changes()).extracting(c -> c.action() + (c.sendsSecret() ? "[secret]" : "")
                + (c.fields().isEmpty() ? "" : " " + fields(c))).containsExactlyElementsOf(expected);
        assertThat(plan.inSync()).isEqualTo(expected.isEmpty() ? 1 : 0);
        assertThat(plan.changes()).allSatisfy(c -> {
            assertThat(c.key()).isEqualTo(desired.key());
            assertThat(c.location()).contains(AT);
        });
    }

    @Test
    void anUnchangedSecretIsNeverReSentAndAChangedOneExactlyOnce() {
        List<LiveConnector> live = List.of(basic(BASIC.displayName(), URL, "agent"));
        Map<String, SecretState> changed = Map.of(BASIC.key(), NEW_PASSWORD);

        ConnectorPlan first = ConnectorPlanner.plan(List.of(BASIC), live, Map.of(BASIC.key(), SENT_F1), changed,
                NO_CALLERS, false);
        // what the applier records after sending it
        ConnectorPlan second = ConnectorPlanner.plan(List.of(BASIC), live,
                Map.of(BASIC.key(), new SentRecord(ID, Optional.of("f2"))), changed, NO_CALLERS, false);

        assertThat(first.changes()).singleElement().satisfies(c -> assertThat(c.sendsSecret()).isTrue());
        assertThat(second.changes()).isEmpty();
    }

    @Test
    void twoLiveConnectorsWithTheNameAndNoRecordAreAProblemForThatConnectorOnly() {
        LiveConnector twin = new LiveConnector("6e1c3f0a-0000-4000-8000-000000000002", BASIC.displayName(), URL,
                new LiveConnector.Basic("agent"));
        ManagedConnector other = new ManagedConnector("fraud", "Fraud screen", URL, BASIC.authentication(), AT);

        ConnectorPlan plan = ConnectorPlanner.plan(List.of(BASIC, other),
                List.of(basic(BASIC.displayName(), URL, "agent"), twin), Map.of(),
                Map.of(BASIC.key(), PASSWORD, "fraud", PASSWORD), NO_CALLERS, false);

        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.key()).isEqualTo("partner-check");
            assertThat(p.message()).contains("2 identityApiConnectors have the displayName \"Check partner domain\"");
        });
        assertThat(plan.changes()).extracting(ConnectorChange::key, ConnectorChange::action)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("fraud", Action.CREATE));
    }

    @Test
    void anUnreadableSecretSkipsThatConnectorAndSaysWhy() {
        ConnectorPlan plan = ConnectorPlanner.plan(List.of(BASIC), List.of(), Map.of(),
                Map.of(BASIC.key(), new SecretState.Unreadable("environment variable PW is not set")), NO_CALLERS,
                false);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).containsExactly(
                new ConnectorPlan.Problem("partner-check", "environment variable PW is not set"));
    }

    static Stream<Arguments> unlistedConnectors() {
        ConnectorCallers calledByAFlow = new ConnectorCallers(
                Map.of(ID, List.of("B2X_1_partner_signup postAttributeCollection")), true);
        return Stream.of(
                Arguments.of("allowed, unlisted, called by no flow: deleted", true, NO_CALLERS, "DELETE", ""),
                Arguments.of("the setting off: held back", false, NO_CALLERS, "",
                        "sync.connectors.delete is off"),
                Arguments.of("a flow calls it: held back, naming the flow step", true, calledByAFlow, "",
                        "called by B2X_1_partner_signup postAttributeCollection"),
                Arguments.of("not every flow read: held back", true, new ConnectorCallers(Map.of(), false), "",
                        "not every user flow could be read, so it is not known that none calls it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unlistedConnectors")
    void aConnectorIsDeletedOnlyWhenTheSettingAllowsItTheYamlNoLongerListsItAndNoFlowCallsIt(
            String name, boolean allowed, ConnectorCallers callers, String planned, String heldBackBecause) {
        ConnectorPlan plan = ConnectorPlanner.plan(List.of(), List.of(basic(BASIC.displayName(), URL, "agent")),
                Map.of(BASIC.key(), SENT_F1), Map.of(), callers, allowed);

        assertThat(plan.changes()).extracting(c -> c.action().name())
                .containsExactlyElementsOf(planned.isEmpty() ? List.of() : List.of(planned));
        assertThat(plan.heldBack()).extracting(ConnectorPlan.HeldBack::reason)
                .containsExactlyElementsOf(heldBackBecause.isEmpty() ? List.of() : List.of(heldBackBecause));
        Stream.concat(plan.changes().stream(), plan.heldBack().stream().map(ConnectorPlan.HeldBack::change))
                .forEach(c -> assertThat(c.connectorId()).contains(ID));
    }

    @Test
    void aConnectorTheAgentNeverManagedIsNeverDeletedNorOneAlreadyGone() {
        LiveConnector foreign = new LiveConnector("7e1c3f0a-0000-4000-8000-000000000003", "Someone else's", URL,
                new LiveConnector.Basic("x"));

        ConnectorPlan plan = ConnectorPlanner.plan(List.of(), List.of(foreign), Map.of(BASIC.key(), SENT_F1),
                Map.of(), NO_CALLERS, true);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.heldBack()).isEmpty();
    }

    @Test
    void aSecretIsShownOnlyAsSensitive() {
        ConnectorPlan plan = ConnectorPlanner.plan(List.of(BASIC), List.of(), Map.of(), Map.of(BASIC.key(), PASSWORD),
                NO_CALLERS, false);

        assertThat(plan.changes().get(0).fields()).filteredOn(f -> f.field().equals("password"))
                .singleElement().satisfies(f -> assertThat(f.to()).isEqualTo(FieldChange.SENSITIVE));
    }
}
