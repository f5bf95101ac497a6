package io.userflowsync.export;

import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * What an export covers.
 *
 * @param flows             the user flows asked for by id ({@code --flows}); empty for every flow of the tenant
 * @param boundOnly         leave unbound steps out instead of writing them as {@code null}
 * @param experimentalSteps whether {@code preTokenIssuance} is read and written (B2C flows only), as
 *                          {@code sync.experimental.pre-token-issuance} allows it in the desired state
 * @param withConnectors    also write the connectors themselves as a {@code connectors:} section (issue 9, item 2),
 *                          with {@code env:} placeholders for their secrets, and bindings by {@code {connector: key}}
 */
public record ExportRequest(List<String> flows, boolean boundOnly, boolean experimentalSteps, boolean withConnectors) {
    public ExportRequest {
        flows = List.copyOf(new TreeSet<>(flows));
    }

    public ExportRequest(List<String> flows, boolean boundOnly, boolean experimentalSteps) {
        this(flows, boundOnly, experimentalSteps, false);
    }

    public boolean allFlows() {
        return flows.isEmpty();
    }

    /**
     * Every step the API has for a flow of this kind, in sign-up order: {@code postFederationSignup} and
     * {@code postAttributeCollection} (userFlowApiConnectorConfiguration, v1.0 and beta), and the beta-only
     * {@code preTokenIssuance} for B2C flows when the experimental setting is on, as the desired state allows it.
     */
    public List<Step> stepsFor(UserFlowKind kind) {
        return Arrays.stream(Step.values())
                .filter(step -> kind.steps().contains(step))
                .filter(step -> !step.experimental() || experimentalSteps && kind == UserFlowKind.B2C)
                .toList();
    }

    /**
     * The command that makes this export, for the file's header: only what decides its content (never where it was
     * written, nor settings, which may hold secrets), in one order, so the same export always has the same header.
     */
    public String commandLine() {
        StringBuilder sb = new StringBuilder("userflow-connector-sync export");
        if (!flows.isEmpty()) {
            sb.append(" --flows ").append(String.join(" ", flows));
        }
        if (boundOnly) {
            sb.append(" --bound-only");
        }
        if (withConnectors) {
            sb.append(" --with-connectors");
        }
        if (experimentalSteps) {
            sb.append(" --set sync.experimental.pre-token-issuance=true");
        }
        return sb.toString();
    }
}
