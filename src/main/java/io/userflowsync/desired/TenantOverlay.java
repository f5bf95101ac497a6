package io.userflowsync.desired;

import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.DesiredStep;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;
import io.userflowsync.model.SourceLocation;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import io.userflowsync.text.Excerpt;
import io.userflowsync.text.Suggestions;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * One tenant's desired state: the shared base with the steps the tenant's folder sets replacing base's, step by
 * step, and the connectors it declares replacing base's, connector by connector; nothing else is merged (issue 9,
 * item 3). Pure: no files, no Graph.
 *
 * <p>A tenant may only replace a step base declares. A flow or step that base does not declare is a problem, not
 * an addition: a typo in a flow id in {@code tenants/prod/} would otherwise start managing a flow in prod alone.
 * An External ID external tenant's sign-up flows are the exception: their ids are GUIDs the tenant gave them, which
 * no other tenant shares, so a tenant folder declares its own (base may too, for every tenant); a mistyped GUID
 * names no flow at all and is a plan error of that entry. So is a family base declares no flow of: each tenant's
 * flows of it are its own.
 */
public final class TenantOverlay {

    /** The merged state, or the problems that kept it from being one (then {@code state} is empty). */
    public record Result(Optional<DesiredState> state, List<ValidationProblem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }
    }

    private TenantOverlay() {
    }

    /**
     * @param tenant    the tenant's name, quoted in every problem
     * @param base      the state read from {@code base/}
     * @param overrides the state read from {@code tenants/<tenant>/}
     * @return base's flows in base's order, base's revision; suspended where either says {@code suspend: true}
     * (base first: it pauses every tenant)
     */
    public static Result merge(String tenant, DesiredState base, DesiredState overrides) {
        Map<String, DesiredFlow> overridden = overrides.flows().stream()
                .collect(Collectors.toMap(DesiredFlow::flowId, Function.identity()));
        Map<String, DesiredFlow> baseFlows = base.flows().stream()
                .collect(Collectors.toMap(DesiredFlow::flowId, Function.identity()));
        List<ValidationProblem> problems = new ArrayList<>();
        List<DesiredFlow> tenantsOwn = new ArrayList<>();
        for (DesiredFlow flow : overrides.flows()) {
            DesiredFlow inBase = baseFlows.get(flow.flowId());
            if (inBase == null && tenantsOwn(flow, base)) {
                tenantsOwn.add(flow);
                continue;
            }
            if (inBase == null) {
                problems.add(new ValidationProblem(flow.location(), "tenant '" + tenant + "': "
                        + Excerpt.of(flow.flowId()) + " is not declared in base; a tenant folder only replaces "
                        + "steps that base declares (declare the flow in base first)"));
                continue;
            }
            for (DesiredStep step : flow.steps()) {
                if (inBase.steps().stream().noneMatch(s -> s.step() == step.step())) {
                    problems.add(new ValidationProblem(step.location(), "tenant '" + tenant + "': "
                            + Excerpt.of(flow.flowId()) + " " + step.step() + " is not declared in base at "
                            + where(inBase.location()) + "; a tenant folder only replaces steps that base declares"));
                }
            }
        }
        List<ManagedConnector> connectors = connectors(tenant, base, overrides, problems);
        if (!problems.isEmpty()) {
            problems.sort(FileProblems.BY_LOCATION);
            return new Result(Optional.empty(), problems);
        }
        List<DesiredFlow> flows = new ArrayList<>(base.flows().stream()
                .map(flow -> Optional.ofNullable(overridden.get(flow.flowId()))
                        .map(tenantFlow -> replaceSteps(flow, tenantFlow))
                        .orElse(flow))
                .toList());
        flows.addAll(tenantsOwn);
        Optional<SourceLocation> suspendedAt = base.suspendedAt().or(overrides::suspendedAt);
        return new Result(Optional.of(new DesiredState(flows, base.source(), suspendedAt, connectors,
                extensions(base, overrides))), List.of());
    }

    /**
     * Base's connectors, each one the tenant folder declares replaced whole by the tenant's (its own target URL and
     * secret references: a dev tenant's connector calls a dev endpoint). As for steps, a tenant only replaces what
     * base declares, and the managed displayNames stay unique (a binding by displayName must name one connector).
     */
    private static List<ManagedConnector> connectors(String tenant, DesiredState base, DesiredState overrides,
                                                     List<ValidationProblem> problems) {
        Map<String, ManagedConnector> merged = new TreeMap<>();
        base.connectors().forEach(c -> merged.put(c.key(), c));
        for (ManagedConnector connector : overrides.connectors()) {
            if (!merged.containsKey(connector.key())) {
                problems.add(new ValidationProblem(connector.location(), "tenant '" + tenant + "': connector "
                        + Excerpt.of(connector.key()) + " is not declared in base; a tenant folder only replaces "
                        + "connectors that base declares." + Suggestions.didYouMean(connector.key(), merged.keySet())));
                continue;
            }
            merged.values().stream()
                    .filter(other -> !other.key().equals(connector.key())
                            && other.displayName().equals(connector.displayName()))
                    .findFirst()
                    .ifPresentOrElse(other -> problems.add(new ValidationProblem(connector.location(), "tenant '"
                                    + tenant + "': connector " + Excerpt.of(connector.key()) + " has the displayName \""
                                    + Excerpt.of(connector.displayName()) + "\" of connector " + Excerpt.of(other.key())
                                    + " (" + where(other.location()) + "); give each managed connector its own "
                                    + "displayName")),
                            () -> merged.put(connector.key(), connector));
        }
        return List.copyOf(merged.values());
    }

    /**
     * Base's custom extensions and the tenant's, a tenant's replacing base's of the same key whole. Unlike connectors,
     * a tenant may declare extensions base does not: an external tenant's extensions are usually its own, as its
     * sign-up flows are. The loader keeps keys and displayNames unique within each folder.
     */
    private static List<ManagedExtension> extensions(DesiredState base, DesiredState overrides) {
        Map<String, ManagedExtension> merged = new TreeMap<>();
        base.extensions().forEach(e -> merged.put(e.key(), e));
        overrides.extensions().forEach(e -> merged.put(e.key(), e));
        return List.copyOf(merged.values());
    }

    /**
     * Whether a flow base does not declare is the tenant's own: an external tenant's sign-up flow (a GUID of that
     * tenant's), or a flow of a family base declares none of (base shares nothing there, so each tenant declares its
     * own: a workforce tenant's B2X_1_ flows beside an external tenant in one repo).
     */
    private static boolean tenantsOwn(DesiredFlow flow, DesiredState base) {
        UserFlowKind kind = UserFlowKind.require(flow.flowId());
        return kind.callsExtensions()
                || base.flows().stream().noneMatch(f -> UserFlowKind.require(f.flowId()) == kind);
    }

    private static DesiredFlow replaceSteps(DesiredFlow base, DesiredFlow tenant) {
        Map<Step, DesiredStep> steps = new EnumMap<>(Step.class);
        base.steps().forEach(s -> steps.put(s.step(), s));
        tenant.steps().forEach(s -> steps.put(s.step(), s));
        return new DesiredFlow(base.flowId(), base.location(), List.copyOf(steps.values()));
    }

    private static String where(SourceLocation at) {
        return at.file() + ":" + at.line();
    }
}
