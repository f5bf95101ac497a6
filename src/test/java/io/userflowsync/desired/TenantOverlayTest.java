package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.SourceRevision;
import io.userflowsync.model.Step;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class TenantOverlayTest {
    private static final SourceRevision REVISION = SourceRevision.folder("desired");
    private static final String BASE = "base/flows.yaml";
    private static final String DEV = "tenants/dev/flows.yaml";

    /** {@code flow:step=connector@file:line}, connector {@code null} for an explicit null; all flows of one state. */
    private static DesiredState state(Optional<SourceLocation> suspendedAt, String... steps) {
        Map<String, List<DesiredStep>> flows = new TreeMap<>();
        Map<String, SourceLocation> flowAt = new HashMap<>();
        for (String spec : steps) {
            String[] flowRest = spec.split(":", 2);
            String[] stepRest = flowRest[1].split("=", 2);
            String[] valueAt = stepRest[1].split("@", 2);
            String[] fileLine = valueAt[1].split(":", 2);
            SourceLocation at = new SourceLocation(fileLine[0], Integer.parseInt(fileLine[1]), 5);
            Step step = Step.fromGraphName(stepRest[0]).orElseThrow();
            Optional<ConnectorRef> connector = valueAt[0].equals("null") ? Optional.empty()
                    : Optional.of(new ConnectorRef.ByDisplayName(valueAt[0]));
            flows.computeIfAbsent(flowRest[0], f -> new ArrayList<>()).add(new DesiredStep(step, connector, at));
            flowAt.putIfAbsent(flowRest[0], new SourceLocation(fileLine[0], Integer.parseInt(fileLine[1]) - 1, 3));
        }
        return new DesiredState(flows.entrySet().stream()
                .map(e -> new DesiredFlow(e.getKey(), flowAt.get(e.getKey()), e.getValue().stream()
                        .sorted(Comparator.comparing(DesiredStep::step)).toList()))
                .toList(), REVISION, suspendedAt);
    }

    private static DesiredState state(String... steps) {
        return state(Optional.empty(), steps);
    }

    /** The merged state in the same notation, or the problems as {@code file:line: reason}. */
    private static List<String> describe(TenantOverlay.Result result) {
        if (result.state().isEmpty()) {
            return result.problems().stream()
                    .map(p -> p.location().file() + ":" + p.location().line() + ": " + p.reason()).toList();
        }
        return result.state().get().flows().stream()
                .flatMap(f -> f.steps().stream().map(s -> f.flowId() + ":" + s.step() + "="
                        + s.connector().map(c -> ((ConnectorRef.ByDisplayName) c).displayName()).orElse("null")
                        + "@" + s.location().file() + ":" + s.location().line()))
                .toList();
    }

    static Stream<Arguments> overlays() {
        return Stream.of(
                Arguments.of("a step the tenant sets replaces base's, with the tenant file as its place",
                        state("B2X_1_a:postFederationSignup=Check@" + BASE + ":3"),
                        state("B2X_1_a:postFederationSignup=Check dev@" + DEV + ":3"),
                        List.of("B2X_1_a:postFederationSignup=Check dev@" + DEV + ":3")),
                Arguments.of("steps and flows the tenant does not set stay base's",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3",
                                "B2X_1_a:postAttributeCollection=B@" + BASE + ":4",
                                "B2X_1_b:postAttributeCollection=C@" + BASE + ":6"),
                        state("B2X_1_a:postAttributeCollection=B dev@" + DEV + ":3"),
                        List.of("B2X_1_a:postFederationSignup=A@" + BASE + ":3",
                                "B2X_1_a:postAttributeCollection=B dev@" + DEV + ":3",
                                "B2X_1_b:postAttributeCollection=C@" + BASE + ":6")),
                Arguments.of("a tenant's null replaces base's connector (unbinds in that tenant only)",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("B2X_1_a:postFederationSignup=null@" + DEV + ":3"),
                        List.of("B2X_1_a:postFederationSignup=null@" + DEV + ":3")),
                Arguments.of("a tenant's connector replaces base's null",
                        state("B2X_1_a:postFederationSignup=null@" + BASE + ":3"),
                        state("B2X_1_a:postFederationSignup=A@" + DEV + ":3"),
                        List.of("B2X_1_a:postFederationSignup=A@" + DEV + ":3")),
                Arguments.of("a tenant that sets nothing takes base unchanged",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state(),
                        List.of("B2X_1_a:postFederationSignup=A@" + BASE + ":3")),
                Arguments.of("a flow base does not declare is an error naming the tenant and the place",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("B2X_1_typo:postFederationSignup=A@" + DEV + ":3"),
                        List.of(DEV + ":2: tenant 'dev': B2X_1_typo is not declared in base; a tenant folder only "
                                + "replaces steps that base declares (declare the flow in base first)")),
                Arguments.of("an external tenant's own sign-up flow (its GUID no other tenant has) is added to base's",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("5e1b4c2a-7d3f-4a8e-9b6c-0f1e2d3c4b5a:onAttributeCollectionSubmit=V@" + DEV + ":3"),
                        List.of("B2X_1_a:postFederationSignup=A@" + BASE + ":3",
                                "5e1b4c2a-7d3f-4a8e-9b6c-0f1e2d3c4b5a:onAttributeCollectionSubmit=V@" + DEV + ":3")),
                Arguments.of("a flow of a family base declares none of is the tenant's own",
                        state("B2C_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("B2X_1_own:postFederationSignup=B@" + DEV + ":3"),
                        List.of("B2C_1_a:postFederationSignup=A@" + BASE + ":3",
                                "B2X_1_own:postFederationSignup=B@" + DEV + ":3")),
                Arguments.of("a step base does not declare is an error naming base's flow",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("B2X_1_a:postAttributeCollection=B@" + DEV + ":3"),
                        List.of(DEV + ":3: tenant 'dev': B2X_1_a postAttributeCollection is not declared in base at "
                                + BASE + ":2; a tenant folder only replaces steps that base declares")),
                Arguments.of("every problem is reported, sorted by place, and nothing is merged",
                        state("B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                        state("B2X_1_z:postFederationSignup=A@" + DEV + ":9",
                                "B2X_1_a:postFederationSignup=ok@" + DEV + ":3",
                                "B2X_1_a:postAttributeCollection=B@" + DEV + ":4"),
                        List.of(DEV + ":4: tenant 'dev': B2X_1_a postAttributeCollection is not declared in base at "
                                        + BASE + ":2; a tenant folder only replaces steps that base declares",
                                DEV + ":8: tenant 'dev': B2X_1_z is not declared in base; a tenant folder only "
                                        + "replaces steps that base declares (declare the flow in base first)")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overlays")
    void aTenantsStateIsBaseWithTheTenantsStepsReplacingBasesStepByStep(
            String rule, DesiredState base, DesiredState tenant, List<String> expected) {
        assertThat(describe(TenantOverlay.merge("dev", base, tenant))).as(rule).isEqualTo(expected);
    }

    static Stream<Arguments> suspensions() {
        SourceLocation inBase = new SourceLocation(BASE, 1, 10);
        SourceLocation inTenant = new SourceLocation(DEV, 1, 10);
        return Stream.of(
                Arguments.of("neither suspends", Optional.empty(), Optional.empty(), Optional.empty()),
                Arguments.of("base suspends every tenant", Optional.of(inBase), Optional.empty(), Optional.of(inBase)),
                Arguments.of("a tenant suspends itself", Optional.empty(), Optional.of(inTenant), Optional.of(inTenant)),
                Arguments.of("both: base is named", Optional.of(inBase), Optional.of(inTenant), Optional.of(inBase)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("suspensions")
    void suspendInBaseSuspendsEveryTenantAndInATenantFolderThatTenantOnly(String rule, Optional<SourceLocation> base,
            Optional<SourceLocation> tenant, Optional<SourceLocation> expected) {
        TenantOverlay.Result result = TenantOverlay.merge("dev",
                state(base, "B2X_1_a:postFederationSignup=A@" + BASE + ":3"),
                state(tenant, "B2X_1_a:postFederationSignup=B@" + DEV + ":3"));
        assertThat(result.state().orElseThrow().suspendedAt()).as(rule).isEqualTo(expected);
    }

    @Test
    void theMergedStateKeepsBasesRevisionAndFlowOrder() {
        DesiredState merged = TenantOverlay.merge("dev",
                state("B2X_1_a:postFederationSignup=A@" + BASE + ":3", "B2X_1_b:postFederationSignup=B@" + BASE + ":6"),
                state("B2X_1_b:postFederationSignup=B2@" + DEV + ":3")).state().orElseThrow();
        assertThat(merged.source()).isEqualTo(REVISION);
        assertThat(merged.flows()).extracting(DesiredFlow::flowId).containsExactly("B2X_1_a", "B2X_1_b");
    }
}
