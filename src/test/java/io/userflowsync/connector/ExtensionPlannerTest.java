package io.userflowsync.connector;

import io.userflowsync.connector.ConnectorChange.Action;
import io.userflowsync.connector.ConnectorChange.FieldChange;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure planner of custom authentication extensions as code: desired, listed and recorded in, changes out. */
class ExtensionPlannerTest {
    private static final String SUBMIT_TYPE = "onAttributeCollectionSubmitCustomExtension";
    private static final ManagedExtension VALIDATE = new ManagedExtension("validate",
            Step.ON_ATTRIBUTE_COLLECTION_SUBMIT, "Validate sign-up", Optional.empty(), "https://signup.example/v",
            "api://signup.example", Optional.of(1500), Optional.empty(), new SourceLocation("desired.yaml", 2, 3));
    private static final String ID = "c1000000-0000-4000-8000-000000000001";

    private static CustomExtension live(String id, String name, String type, String url, String resource,
                                        Integer timeout) {
        return new CustomExtension(id, name, type, new CustomExtension.Details(Optional.empty(), Optional.of(url),
                Optional.of(resource), Optional.ofNullable(timeout), Optional.of(0)));
    }

    @Test
    void anExtensionTheTenantLacksIsCreatedAndBindingsNameItAsToBeCreated() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE), List.of(), Map.of(), Optional.empty());

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.CREATE);
            assertThat(c.target()).isEqualTo(ConnectorChange.Target.EXTENSION);
            assertThat(c.fields()).extracting(FieldChange::field).containsExactly("type", "displayName", "targetUrl",
                    "resourceId", "timeoutInMilliseconds");
            assertThat(c.sendsSecret()).isFalse();
        });
        assertThat(plan.targets()).containsEntry("validate", Connector.toBeCreated("Validate sign-up"));
    }

    @Test
    void anExtensionOfTheSameNameIsAdoptedAndOnlyItsDifferingFieldsAreUpdated() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE),
                List.of(live(ID, "Validate sign-up", SUBMIT_TYPE, "https://old.example/v", "api://signup.example",
                        2000)), Map.of(), Optional.empty());

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.connectorId()).contains(ID);
            assertThat(c.fields()).containsExactly(
                    new FieldChange("targetUrl", Optional.of("https://old.example/v"), "https://signup.example/v"),
                    new FieldChange("timeoutInMilliseconds", Optional.of("2000"), "1500"));
        });
        assertThat(plan.targets()).containsEntry("validate", new Connector(ID, "Validate sign-up"));
    }

    @Test
    void fieldsTheDesiredStateLeavesOutAreTheTenantsSoAMatchingExtensionIsInSync() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE),
                List.of(live(ID, "Validate sign-up", SUBMIT_TYPE, "https://signup.example/v", "api://signup.example",
                        1500)), Map.of(), Optional.empty());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.inSync()).isEqualTo(1);
    }

    @Test
    void theRecordedIdWinsSoARenamedDisplayNameIsAnUpdateNotASecondExtension() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE),
                List.of(live(ID.toUpperCase(), "Validate", SUBMIT_TYPE, "https://signup.example/v",
                        "api://signup.example", 1500)), Map.of("validate", ID), Optional.empty());

        assertThat(plan.changes()).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Action.UPDATE);
            assertThat(c.fields()).containsExactly(new FieldChange("displayName", Optional.of("Validate"),
                    "Validate sign-up"));
        });
    }

    @Test
    void anExtensionOfTheOtherEventsTypeIsAProblemNotAWrite() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE),
                List.of(live(ID, "Validate sign-up", "onAttributeCollectionStartCustomExtension",
                        "https://signup.example/v", "api://signup.example", 1500)), Map.of(), Optional.empty());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.targets()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> {
            assertThat(p.target()).isEqualTo(ConnectorChange.Target.EXTENSION);
            assertThat(p.message()).contains("is an onAttributeCollectionStartCustomExtension")
                    .contains("Graph does not change an extension's type");
        });
    }

    @Test
    void twoUnrecordedExtensionsOfTheNameAreAmbiguous() {
        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE), List.of(
                live(ID, "Validate sign-up", SUBMIT_TYPE, "https://a.example", "r", null),
                live("c2000000-0000-4000-8000-000000000002", "Validate sign-up", SUBMIT_TYPE, "https://b.example",
                        "r", null)), Map.of(), Optional.empty());

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .startsWith("2 custom authentication extensions have the displayName \"Validate sign-up\""));
    }

    @Test
    void whenTheListingFailedNothingIsCreatedSinceTheExtensionMayExist() {
        GraphError refused = new GraphError(403, "Authorization_RequestDenied", "Insufficient privileges",
                Optional.empty());

        ConnectorPlan plan = ExtensionPlanner.plan(List.of(VALIDATE), List.of(), Map.of(), Optional.of(refused));

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.targets()).isEmpty();
        assertThat(plan.problems()).singleElement().satisfies(p -> assertThat(p.message())
                .contains("could not be listed").contains("403"));
    }
}
