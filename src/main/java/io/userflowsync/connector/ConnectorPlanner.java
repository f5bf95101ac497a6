package io.userflowsync.connector;

import io.userflowsync.connector.ConnectorChange.Action;
import io.userflowsync.connector.ConnectorChange.FieldChange;
import io.userflowsync.model.Connector;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.LiveConnector;
import io.userflowsync.model.ManagedConnector;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Plans the writes that make the tenant's connectors what the desired state's {@code connectors:} section says
 * (issue 9, item 1). Pure: the live connectors, what was last sent ({@link SentRecord}s) and the state of each secret
 * ({@link SecretState}, read by the caller) in, a {@link ConnectorPlan} out.
 *
 * <p>Graph never reads a secret back (resources/identityapiconnector.md: {@code password} is {@code "******"};
 * certificates read back as {@code pkcs12CertificateInformation}), so a password is re-sent only when its fingerprint
 * differs from the one recorded when it was last sent (or none was recorded), and a certificate is uploaded only when
 * its thumbprint is not in the connector's {@code certificateList}.
 */
public final class ConnectorPlanner {
    public static final String DELETE_SETTING = "sync.connectors.delete";

    /** From what the live stage read. */
    public static ConnectorPlan plan(List<ManagedConnector> desired, ConnectorInputs inputs) {
        return plan(desired, inputs.live(), inputs.sent(), inputs.secrets(), inputs.callers(),
                inputs.deleteAllowed());
    }

    /**
     * @param sent           by key: what the agent last sent, from the work dir
     * @param secrets        by key: the state of each managed connector's secret now
     * @param deleteAllowed  whether {@value #DELETE_SETTING} is on
     */
    public static ConnectorPlan plan(List<ManagedConnector> desired, List<LiveConnector> live,
                                     Map<String, SentRecord> sent, Map<String, SecretState> secrets,
                                     ConnectorCallers callers, boolean deleteAllowed) {
        Map<String, LiveConnector> byId = new LinkedHashMap<>();
        Map<String, List<LiveConnector>> byName = new LinkedHashMap<>();
        for (LiveConnector c : live) {
            if (byId.putIfAbsent(Ids.key(c.id()), c) == null) {
                byName.computeIfAbsent(c.displayName(), n -> new ArrayList<>()).add(c);
            }
        }
        List<ConnectorChange> changes = new ArrayList<>();
        List<ConnectorPlan.HeldBack> heldBack = new ArrayList<>();
        List<ConnectorPlan.Problem> problems = new ArrayList<>();
        int inSync = 0;
        Map<String, Connector> targets = new TreeMap<>();
        Map<String, ManagedConnector> wanted = new TreeMap<>();
        desired.forEach(d -> wanted.put(d.key(), d));
        for (ManagedConnector connector : wanted.values()) {
            SecretState secret = secrets.getOrDefault(connector.key(),
                    new SecretState.Unreadable("its secret was not read"));
            Optional<SentRecord> record = Optional.ofNullable(sent.get(connector.key()));
            Optional<LiveConnector> recorded = record.map(r -> byId.get(Ids.key(r.connectorId())));
            Optional<LiveConnector> match = recorded;
            if (match.isEmpty()) {
                List<LiveConnector> named = byName.getOrDefault(connector.displayName(), List.of());
                if (named.size() > 1) {
                    problems.add(new ConnectorPlan.Problem(connector.key(), named.size() + " identityApiConnectors "
                            + "have the displayName \"" + connector.displayName() + "\" and none is recorded as "
                            + "this connector; delete or rename the extra ones in the portal"));
                    continue;
                }
                match = named.stream().findFirst();
            }
            // A binding follows the connector the key became, even when its secret cannot be read this run.
            match.ifPresent(m -> targets.put(connector.key(), m.asConnector()));
            if (secret instanceof SecretState.Unreadable unreadable) {
                problems.add(new ConnectorPlan.Problem(connector.key(), unreadable.reason()));
                continue;
            }
            if (match.isEmpty()) {
                changes.add(create(connector));
                targets.put(connector.key(), Connector.toBeCreated(connector.displayName()));
                continue;
            }
            // A connector found by name, not by record, has no fingerprint the agent can trust: its secret is sent.
            Optional<String> lastSent = recorded.isPresent() ? record.flatMap(SentRecord::passwordFingerprint)
                    : Optional.empty();
            List<ConnectorChange> own = update(connector, match.get(), secret, lastSent);
            if (own.isEmpty()) {
                inSync++;
            }
            changes.addAll(own);
        }
        for (Map.Entry<String, SentRecord> entry : new TreeMap<>(sent).entrySet()) {
            if (wanted.containsKey(entry.getKey())) {
                continue;
            }
            LiveConnector gone = byId.get(Ids.key(entry.getValue().connectorId()));
            if (gone == null) {
                continue; // deleted already (by a run, or in the portal): nothing to do
            }
            ConnectorChange delete = new ConnectorChange(entry.getKey(), Action.DELETE, Optional.of(gone.id()),
                    gone.displayName(), List.of(), false, Optional.empty(), Optional.empty());
            List<String> calledBy = callers.of(gone.id());
            if (!deleteAllowed) {
                heldBack.add(new ConnectorPlan.HeldBack(delete, DELETE_SETTING + " is off"));
            } else if (!calledBy.isEmpty()) {
                heldBack.add(new ConnectorPlan.HeldBack(delete, "called by " + String.join(", ", calledBy)));
            } else if (!callers.complete()) {
                heldBack.add(new ConnectorPlan.HeldBack(delete, "not every user flow could be read, so it is not "
                        + "known that none calls it"));
            } else {
                changes.add(delete);
            }
        }
        return new ConnectorPlan(changes, heldBack, problems, inSync, targets);
    }

    private static ConnectorChange create(ManagedConnector connector) {
        List<FieldChange> fields = new ArrayList<>();
        fields.add(new FieldChange("displayName", Optional.empty(), connector.displayName()));
        fields.add(new FieldChange("targetUrl", Optional.empty(), connector.targetUrl()));
        fields.addAll(authenticationFields(connector.authentication(), Optional.empty()));
        return new ConnectorChange(connector.key(), Action.CREATE, Optional.empty(), connector.displayName(), fields,
                true, Optional.of(connector), Optional.of(connector.location()));
    }

    /**
     * At most two writes: one PATCH for the fields and, when needed, the authentication (PATCH replaces the whole
     * configuration, api-reference/v1.0/api/identityapiconnector-update.md), and one uploadClientCertificate when
     * only a certificate is missing (which adds one and keeps the others, so a rotation never leaves the connector
     * without a certificate).
     */
    private static List<ConnectorChange> update(ManagedConnector connector, LiveConnector live, SecretState secret,
                                                Optional<String> lastSent) {
        List<FieldChange> fields = new ArrayList<>();
        if (!live.displayName().equals(connector.displayName())) {
            fields.add(new FieldChange("displayName", Optional.of(live.displayName()), connector.displayName()));
        }
        if (!live.targetUrl().equals(connector.targetUrl())) {
            fields.add(new FieldChange("targetUrl", Optional.of(live.targetUrl()), connector.targetUrl()));
        }
        boolean sendsSecret = false;
        boolean upload = false;
        if (connector.authentication() instanceof ConnectorAuthentication.Basic basic) {
            Optional<String> liveUser = live.authentication() instanceof LiveConnector.Basic b
                    ? Optional.of(b.username()) : Optional.empty();
            boolean sameUser = liveUser.filter(basic.username()::equals).isPresent();
            boolean samePassword = lastSent.filter(((SecretState.Password) secret).fingerprint()::equals).isPresent();
            if (!sameUser || !samePassword) {
                sendsSecret = true;
                if (liveUser.isEmpty()) {
                    fields.add(new FieldChange("authentication", Optional.of(describe(live.authentication())),
                            "basic"));
                }
                if (!sameUser) {
                    fields.add(new FieldChange("username", liveUser, basic.username()));
                }
                fields.add(new FieldChange("password", Optional.empty(), FieldChange.SENSITIVE));
            }
        } else {
            String thumbprint = ((SecretState.Certificate) secret).thumbprint();
            if (live.authentication() instanceof LiveConnector.Certificates certificates) {
                upload = certificates.certificates().stream()
                        .noneMatch(c -> c.thumbprint().equalsIgnoreCase(thumbprint));
            } else {
                sendsSecret = true;
                fields.add(new FieldChange("authentication", Optional.of(describe(live.authentication())),
                        "certificate"));
                fields.add(new FieldChange("certificate", Optional.empty(), thumbprint + " " + FieldChange.SENSITIVE));
            }
        }
        List<ConnectorChange> changes = new ArrayList<>();
        if (!fields.isEmpty()) {
            changes.add(new ConnectorChange(connector.key(), Action.UPDATE, Optional.of(live.id()),
                    connector.displayName(), fields, sendsSecret, Optional.of(connector),
                    Optional.of(connector.location())));
        }
        if (upload) {
            String thumbprint = ((SecretState.Certificate) secret).thumbprint();
            changes.add(new ConnectorChange(connector.key(), Action.UPLOAD_CERTIFICATE, Optional.of(live.id()),
                    connector.displayName(), List.of(new FieldChange("certificate", Optional.empty(),
                    thumbprint + " " + FieldChange.SENSITIVE)), true, Optional.of(connector),
                    Optional.of(connector.location())));
        }
        return changes;
    }

    private static List<FieldChange> authenticationFields(ConnectorAuthentication authentication,
                                                          Optional<String> from) {
        if (authentication instanceof ConnectorAuthentication.Basic basic) {
            return List.of(new FieldChange("authentication", from, "basic"),
                    new FieldChange("username", Optional.empty(), basic.username()),
                    new FieldChange("password", Optional.empty(), FieldChange.SENSITIVE));
        }
        return List.of(new FieldChange("authentication", from, "certificate"),
                new FieldChange("certificate", Optional.empty(), FieldChange.SENSITIVE));
    }

    private static String describe(LiveConnector.Authentication authentication) {
        if (authentication instanceof LiveConnector.Basic) {
            return "basic";
        }
        if (authentication instanceof LiveConnector.Certificates) {
            return "certificate";
        }
        return ((LiveConnector.Other) authentication).odataType();
    }

    private ConnectorPlanner() {
    }
}
