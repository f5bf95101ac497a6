package io.userflowsync.export;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A migration aid: what a workforce or Azure AD B2C tenant's bindings would look like in an External ID external
 * tenant, written beside a folder export as {@value #FILE_NAME}. It is a sketch, every line a comment and the file not
 * a {@code .yaml} one, so the agent never reads it: the external tenant's flows have ids of their own (GUIDs) that
 * only its admin knows, and what they call is a custom authentication extension, created apart, not an API
 * connector. Each step maps to the event that runs at the same point of sign-up
 * (concepts of External ID's custom authentication extensions): {@code postAttributeCollection} to
 * {@code onAttributeCollectionSubmit} (after the user submits the attributes, before the account is created) and
 * {@code postFederationSignup} to {@code onAttributeCollectionStart} (before the attribute page is shown, which in an
 * external tenant is also right after a federated sign-in); {@code preTokenIssuance} has no per-flow event (an
 * {@code onTokenIssuanceStart} listener is bound per application).
 */
final class ExternalTenantSketch {
    static final String FILE_NAME = "external-tenant.sketch";

    private ExternalTenantSketch() {
    }

    /** Empty when no exported flow has a step an external tenant could take over. */
    static Optional<String> of(List<ExportedFlow> flows, List<String> origin) {
        List<String> body = new ArrayList<>();
        for (ExportedFlow flow : flows) {
            if (UserFlowKind.require(flow.flowId()).callsExtensions()) {
                continue;
            }
            List<String> events = new ArrayList<>();
            List<String> notes = new ArrayList<>();
            for (ExportedFlow.ExportedStep step : flow.steps()) {
                Optional<Step> event = eventFor(step.step());
                if (event.isEmpty()) {
                    notes.add("#     (" + step.step().graphName() + " has no per-flow event: bind an "
                            + "onTokenIssuanceStart extension to the application instead)");
                    continue;
                }
                events.add("#     " + event.get().graphName() + ": " + target(step) + "  # was "
                        + step.step().graphName());
            }
            if (events.isEmpty() && notes.isEmpty()) {
                continue;
            }
            body.add("#   <GUID of the external tenant's sign-up flow replacing " + CommentText.line(flow.flowId()) + ">:");
            body.addAll(events);
            body.addAll(notes);
        }
        if (body.isEmpty()) {
            return Optional.empty();
        }
        List<String> lines = new ArrayList<>();
        origin.forEach(line -> lines.add("# " + line));
        lines.add("#");
        lines.add("# SKETCH, NEEDS REVIEW: this tenant's bindings as an External ID external tenant would hold them.");
        lines.add("# The agent never reads this file (it is not a .yaml file) and nothing here is applied until you");
        lines.add("# edit it: create the sign-up flows and custom authentication extensions in the external tenant,");
        lines.add("# replace every <...> with the flow's GUID and the extension's displayName or {id: ...}, uncomment,");
        lines.add("# and save it as a .yaml file of the external tenant's desired state.");
        lines.add("# Each step became the event at the same point of sign-up: postAttributeCollection ->");
        lines.add("# onAttributeCollectionSubmit, postFederationSignup -> onAttributeCollectionStart. An extension");
        lines.add("# receives a different request than an API connector (and authenticates with an Entra token, not a");
        lines.add("# stored secret): the API behind it needs changing too.");
        lines.add("#");
        lines.add("# version: 1");
        lines.add("# authenticationEventsFlows:");
        lines.addAll(body);
        return Optional.of(String.join("\n", lines) + "\n");
    }

    static Optional<Step> eventFor(Step step) {
        return switch (step) {
            case POST_ATTRIBUTE_COLLECTION -> Optional.of(Step.ON_ATTRIBUTE_COLLECTION_SUBMIT);
            case POST_FEDERATION_SIGNUP -> Optional.of(Step.ON_ATTRIBUTE_COLLECTION_START);
            default -> Optional.empty();
        };
    }

    private static String target(ExportedFlow.ExportedStep step) {
        if (step.connector().isEmpty()) {
            return "null";
        }
        ConnectorRef ref = step.connector().get();
        String what = ref instanceof ConnectorRef.ByDisplayName n ? CommentText.quote(n.displayName())
                : ref instanceof ConnectorRef.ById id ? "connector " + CommentText.line(id.id())
                : "connector key " + CommentText.line(((ConnectorRef.ByKey) ref).key());
        return "<extension replacing " + what + ">";
    }
}
