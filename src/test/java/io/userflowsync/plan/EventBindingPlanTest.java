package io.userflowsync.plan;

import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static io.userflowsync.model.Step.ON_ATTRIBUTE_COLLECTION_START;
import static io.userflowsync.model.Step.ON_ATTRIBUTE_COLLECTION_SUBMIT;
import static io.userflowsync.plan.Fixtures.byId;
import static io.userflowsync.plan.Fixtures.byName;
import static io.userflowsync.plan.Fixtures.desired;
import static io.userflowsync.plan.Fixtures.flow;
import static io.userflowsync.plan.Fixtures.live;
import static io.userflowsync.plan.Fixtures.none;
import static io.userflowsync.plan.Fixtures.step;
import static org.assertj.core.api.Assertions.assertThat;

/** An external tenant's events are planned like steps, against the tenant's custom authentication extensions. */
class EventBindingPlanTest {
    private static final String FLOW = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    private static final CustomExtension VALIDATE = new CustomExtension("c1000000-0000-4000-8000-000000000001",
            "Validate sign-up", "onAttributeCollectionSubmitCustomExtension");
    private static final CustomExtension PREFILL = new CustomExtension("c2000000-0000-4000-8000-000000000002",
            "Prefill attributes", "onAttributeCollectionStartCustomExtension");
    private static final CustomExtension VALIDATE_V2 = new CustomExtension("c3000000-0000-4000-8000-000000000003",
            "Validate sign-up v2", "onAttributeCollectionSubmitCustomExtension");

    private LiveState tenant(Step step, Optional<CustomExtension> bound) {
        Fixtures.Live live = live();
        bound.ifPresentOrElse(e -> live.flow(FLOW, step, e.asTarget()), () -> live.flow(FLOW));
        return live.build().withExtensions(List.of(VALIDATE, PREFILL, VALIDATE_V2));
    }

    @Test
    void anUnboundEventNamedByDisplayNameIsBoundToThatExtension() {
        Plan plan = Planner.plan(desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_SUBMIT, byName("Validate sign-up")))),
                tenant(ON_ATTRIBUTE_COLLECTION_SUBMIT, Optional.empty()), Policy.SYNC);

        assertThat(plan.errors()).isEmpty();
        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(ChangeKind.BIND);
            assertThat(change.step()).isEqualTo(ON_ATTRIBUTE_COLLECTION_SUBMIT);
            assertThat(change.to()).contains(VALIDATE.asTarget());
        });
    }

    @Test
    void anEventBoundToAnotherExtensionIsRebound() {
        Plan plan = Planner.plan(desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_SUBMIT, byId(VALIDATE_V2.id())))),
                tenant(ON_ATTRIBUTE_COLLECTION_SUBMIT, Optional.of(VALIDATE)), Policy.SYNC);

        assertThat(plan.changes()).singleElement().satisfies(change -> {
            assertThat(change.kind()).isEqualTo(ChangeKind.REBIND);
            assertThat(change.from()).contains(VALIDATE.asTarget());
            assertThat(change.to()).contains(VALIDATE_V2.asTarget());
        });
    }

    @Test
    void anEventSetToNullIsUnboundAndUpsertOnlyHoldsThatBack() {
        DesiredState wanted = desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_SUBMIT, none())));
        LiveState bound = tenant(ON_ATTRIBUTE_COLLECTION_SUBMIT, Optional.of(VALIDATE));

        assertThat(Planner.plan(wanted, bound, Policy.SYNC).changes()).singleElement()
                .extracting(PlanChange::kind).isEqualTo(ChangeKind.UNBIND);
        Plan held = Planner.plan(wanted, bound, Policy.UPSERT_ONLY);
        assertThat(held.changes()).isEmpty();
        assertThat(held.suppressed()).hasSize(1);
    }

    @Test
    void anEventAlreadyCallingItsExtensionIsInSync() {
        Plan plan = Planner.plan(desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_START, byName("Prefill attributes")))),
                tenant(ON_ATTRIBUTE_COLLECTION_START, Optional.of(PREFILL)), Policy.SYNC);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.errors()).isEmpty();
    }

    @Test
    void anExtensionOfTheOtherEventsTypeIsAnErrorOfThatEventOnly() {
        Plan plan = Planner.plan(desired(flow(FLOW,
                        step(ON_ATTRIBUTE_COLLECTION_START, byName("Validate sign-up")),
                        step(ON_ATTRIBUTE_COLLECTION_SUBMIT, byName("Validate sign-up")))),
                tenant(ON_ATTRIBUTE_COLLECTION_SUBMIT, Optional.empty()), Policy.SYNC);

        assertThat(plan.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(PlanError.Kind.WRONG_EXTENSION_TYPE);
            assertThat(error.step()).contains(ON_ATTRIBUTE_COLLECTION_START);
            assertThat(error.message()).contains("onAttributeCollectionSubmitCustomExtension",
                    "calls only an onAttributeCollectionStartCustomExtension");
        });
        assertThat(plan.changes()).singleElement().extracting(PlanChange::step).isEqualTo(ON_ATTRIBUTE_COLLECTION_SUBMIT);
    }

    @Test
    void anUnknownExtensionIsNamedAsAnExtensionWithTheClosestOnes() {
        Plan plan = Planner.plan(desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_SUBMIT, byName("Validate signup")))),
                tenant(ON_ATTRIBUTE_COLLECTION_SUBMIT, Optional.empty()), Policy.SYNC);

        assertThat(plan.errors()).singleElement().satisfies(error -> {
            assertThat(error.kind()).isEqualTo(PlanError.Kind.UNKNOWN_CONNECTOR);
            assertThat(error.message()).startsWith("unknown extension: the tenant has no customAuthenticationExtension")
                    .contains("did you mean", "Validate sign-up");
        });
    }

    @Test
    void anApiConnectorOfTheSameNameIsNotAnExtension() {
        Connector connector = new Connector("d0000000-0000-4000-8000-00000000000d", "Validate sign-up");
        LiveState live = live().connectors(List.of(connector)).flow(FLOW).build().withExtensions(List.of());

        Plan plan = Planner.plan(desired(flow(FLOW, step(ON_ATTRIBUTE_COLLECTION_SUBMIT, byName("Validate sign-up")))),
                live, Policy.SYNC);

        assertThat(plan.changes()).isEmpty();
        assertThat(plan.errors()).singleElement().extracting(PlanError::kind).isEqualTo(PlanError.Kind.UNKNOWN_CONNECTOR);
    }
}
