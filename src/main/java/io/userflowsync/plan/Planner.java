package io.userflowsync.plan;

import io.userflowsync.connector.ConnectorPlan;
import io.userflowsync.connector.ConnectorPlanner;
import io.userflowsync.connector.ExtensionPlanner;
import io.userflowsync.model.Connector;
import io.userflowsync.model.CustomExtension;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.LiveFlow;
import io.userflowsync.model.LiveState;
import io.userflowsync.model.Step;
import io.userflowsync.text.Suggestions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Computes the plan: what must change so the live bindings match the desired state, under a policy. Pure: no I/O,
 * no clock, no logging; the same inputs always give an equal plan, whatever order the inputs list things in.
 *
 * <p>Only the steps the desired state lists are looked at. A flow the tenant does not list, or whose live bindings
 * could not be read, is reported as an error and none of its steps is planned: guessing would risk writing
 * against a state nobody saw. A step whose connector the tenant does not have, or has twice under that
 * displayName, is an error for that step alone. Such errors come from the tenant, not from the files, so they stop
 * nothing else: the other flows and steps are planned as usual (issue 6, item 11).
 *
 * <p>The policy's rules look at one change at a time; the guards then look at the whole plan (issue 8, item 1) and
 * say which limits it is over, and the plan carries whether it may be written at all ({@code sync.mode},
 * {@code suspend: true}). Neither removes a change: the plan shows everything, and the applier refuses to write it.
 */
public final class Planner {

    private Planner() {
    }

    /** Under {@code policy}, the default guards, writing, not forced. */
    public static Plan plan(DesiredState desired, LiveState live, Policy policy) {
        return plan(desired, live, PlanRules.of(policy));
    }

    public static Plan plan(DesiredState desired, LiveState live, PlanRules rules) {
        return plan(desired, live, rules, PlanScope.FULL);
    }

    /**
     * Only the flows {@code scope} names are planned (the live state need hold no other). The guards judge the
     * changes found against every step the desired state manages, as in a plan of every flow, so a limit in
     * percent means the same whatever part of the tenant a run reads.
     */
    public static Plan plan(DesiredState desired, LiveState live, PlanRules rules, PlanScope scope) {
        return new Run(desired, live, PolicyRule.rulesOf(rules.policy())).plan(desired, rules, scope);
    }

    /** The state of one planning run; lives only inside {@link #plan}. */
    private static final class Run {
        private final LiveState live;
        private final List<PolicyRule> rules;
        private final ConnectorResolver resolver;
        private final ConnectorResolver extensionResolver;
        private final List<PlanChange> changes = new ArrayList<>();
        private final List<SuppressedChange> suppressed = new ArrayList<>();
        private final List<PlanError> errors = new ArrayList<>();
        private int managedSteps;
        private int inSyncSteps;

        private final ConnectorPlan connectorPlan;

        Run(DesiredState desired, LiveState live, List<PolicyRule> rules) {
            this.live = live;
            this.rules = rules;
            // Connectors first (issue 9, item 1): a binding {connector: key} names what the key became, including a
            // connector this plan creates, which the applier creates before it writes the bindings.
            ConnectorPlan connectorPlan = live.connectorInputs()
                    .map(inputs -> ConnectorPlanner.plan(desired.connectors(), inputs))
                    .orElse(ConnectorPlan.NONE);
            this.resolver = new ConnectorResolver(live.connectors(), desired.connectors(), connectorPlan.targets());
            // Extensions as code likewise: an event's {extension: key} names what the key became, or the extension
            // this plan creates. Their changes travel with the connectors' and are written before any binding.
            ConnectorPlan extensionPlan = live.extensionInputs()
                    .map(inputs -> ExtensionPlanner.plan(desired.extensions(), live.extensions(),
                            inputs.recordedIds(), inputs.listingFailed()))
                    .orElse(ConnectorPlan.NONE);
            this.extensionResolver = ConnectorResolver.forExtensions(
                    live.extensions().stream().map(CustomExtension::asTarget).toList(), extensionPlan.targets());
            this.connectorPlan = connectorPlan.with(extensionPlan);
        }

        Plan plan(DesiredState desired, PlanRules rules, PlanScope scope) {
            List<DesiredFlow> flows = desired.flows().stream()
                    .sorted(Comparator.comparing(DesiredFlow::flowId)).toList();
            int everyManagedStep = 0;
            int plannedFlows = 0;
            for (DesiredFlow flow : flows) {
                everyManagedStep += flow.steps().size();
                if (scope.covers(flow.flowId())) {
                    plannedFlows++;
                    managedSteps += flow.steps().size();
                    planFlow(flow);
                }
            }
            // The guards come last: they judge the whole plan, after every policy rule has had its say per change.
            return new Plan(rules.policy(), changes, suppressed, errors, managedSteps, inSyncSteps,
                    new WriteMode(rules.mode(), desired.suspendedAt()),
                    rules.guards().check(changes, connectorPlan.changes().size(), everyManagedStep, rules.force()),
                    connectorPlan, coverage(scope, plannedFlows, flows.size()));
        }

        /** A plan of every flow read for the usual reason says nothing of it; any other scope is shown. */
        private static PlanCoverage coverage(PlanScope scope, int planned, int managed) {
            if (!scope.partial() && scope.reason().equals(PlanScope.FULL.reason())) {
                return PlanCoverage.FULL;
            }
            return new PlanCoverage(scope.partial(), planned, managed, scope.reason());
        }

        private void planFlow(DesiredFlow flow) {
            String flowId = flow.flowId();
            if (!live.existingFlows().contains(flowId)) {
                errors.add(unknownFlow(flow));
                return;
            }
            GraphError readError = live.readErrors().get(flowId);
            LiveFlow liveFlow = live.flows().get(flowId);
            if (readError != null || liveFlow == null) {
                String why = readError != null
                        ? readError.describe()
                        : "the live reader returned nothing for this flow";
                errors.add(new PlanError(flowId, Optional.empty(), PlanError.Kind.READ_FAILED,
                        "could not read the live bindings: " + why, Optional.of(flow.location())));
                return;
            }
            flow.steps().stream()
                    .sorted(Comparator.comparing(DesiredStep::step))
                    .forEach(step -> planStep(flowId, step, liveFlow.binding(step.step())));
        }

        private PlanError unknownFlow(DesiredFlow flow) {
            StringBuilder message = new StringBuilder("unknown user flow: the tenant lists no flow with this id");
            List<String> close = Suggestions.closeTo(flow.flowId(), live.existingFlows());
            if (!close.isEmpty()) {
                message.append("; did you mean ").append(String.join(" or ", close)).append('?');
            }
            return new PlanError(flow.flowId(), Optional.empty(), PlanError.Kind.UNKNOWN_FLOW, message.toString(),
                    Optional.of(flow.location()));
        }

        private void planStep(String flowId, DesiredStep desired, Optional<Connector> current) {
            Step step = desired.step();
            if (desired.connector().isEmpty()) {
                if (current.isEmpty()) {
                    inSyncSteps++;
                } else {
                    propose(new PlanChange(flowId, step, ChangeKind.UNBIND, current, Optional.empty(),
                            desired.location()));
                }
                return;
            }
            ConnectorResolver.Resolution resolution = (step.isEvent() ? extensionResolver : resolver)
                    .resolve(desired.connector().get());
            if (resolution instanceof ConnectorResolver.Resolved resolved && step.isEvent()) {
                resolution = callableAt(step, resolved.connector());
            }
            if (resolution instanceof ConnectorResolver.Unresolved unresolved) {
                errors.add(new PlanError(flowId, Optional.of(step), unresolved.kind(), unresolved.message(),
                        Optional.of(desired.location())));
                return;
            }
            Connector target = ((ConnectorResolver.Resolved) resolution).connector();
            if (current.isEmpty()) {
                propose(new PlanChange(flowId, step, ChangeKind.BIND, current, Optional.of(target),
                        desired.location()));
            } else if (ConnectorResolver.sameId(current.get().id(), target.id())) {
                inSyncSteps++;
            } else {
                propose(new PlanChange(flowId, step, ChangeKind.REBIND, current, Optional.of(target),
                        desired.location()));
            }
        }

        /**
         * An event calls only an extension of its own type (onAttributeCollectionSubmit an
         * onAttributeCollectionSubmitCustomExtension; resources/onattributecollectionsubmitcustomextensionhandler.md).
         */
        private ConnectorResolver.Resolution callableAt(Step step, Connector target) {
            if (target.isToBeCreated()) {
                return new ConnectorResolver.Resolved(target); // the loader checked its event is this one
            }
            CustomExtension extension = live.extensions().stream()
                    .filter(e -> ConnectorResolver.sameId(e.id(), target.id())).findFirst().orElseThrow();
            if (extension.callableAt(step)) {
                return new ConnectorResolver.Resolved(target);
            }
            return new ConnectorResolver.Unresolved(PlanError.Kind.WRONG_EXTENSION_TYPE, "wrong extension type: "
                    + target.describe() + " is an " + extension.type() + ", and " + step.graphName()
                    + " calls only an " + step.extensionType());
        }

        private void propose(PlanChange change) {
            for (PolicyRule rule : rules) {
                Optional<String> reason = rule.holdBack(change);
                if (reason.isPresent()) {
                    suppressed.add(new SuppressedChange(change, reason.get()));
                    return;
                }
            }
            changes.add(change);
        }
    }
}
