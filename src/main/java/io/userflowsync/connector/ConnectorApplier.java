package io.userflowsync.connector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.connector.ConnectorChange.Action;
import io.userflowsync.graph.GraphClient;
import io.userflowsync.graph.GraphException;
import io.userflowsync.model.ConnectorAuthentication;
import io.userflowsync.model.GraphError;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.ManagedExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Sends a {@link ConnectorPlan}'s changes, one Graph call each, and records what was sent ({@link SentRecords})
 * after each accepted write, so a crash between two writes costs at most one re-send. Called only from
 * {@code apply/Applier}, after its {@code WriteRefusal} check (report-only, suspend, guards), before the binding
 * writes; nothing else writes connectors.
 */
public final class ConnectorApplier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GraphClient graph;
    private final Supplier<SecretSources> secretSources;
    private final SentRecords records;
    private final Optional<SentRecords> extensionRecords;
    private SecretSources secrets;

    public ConnectorApplier(GraphClient graph, SecretSources secrets, SentRecords records) {
        this(graph, () -> secrets, records);
    }

    public ConnectorApplier(GraphClient graph, Supplier<SecretSources> secretSources, SentRecords records) {
        this(graph, secretSources, records, Optional.empty());
    }

    /** @param extensionRecords where the id each managed extension's key became is kept */
    public ConnectorApplier(GraphClient graph, Supplier<SecretSources> secretSources, SentRecords records,
                            SentRecords extensionRecords) {
        this(graph, secretSources, records, Optional.of(extensionRecords));
    }

    /**
     * @param secretSources made on the first write: it reads (or makes) the fingerprint key in the state directory,
     *                      which an agent that manages no connector never needs
     */
    private ConnectorApplier(GraphClient graph, Supplier<SecretSources> secretSources, SentRecords records,
                             Optional<SentRecords> extensionRecords) {
        this.graph = graph;
        this.secretSources = secretSources;
        this.records = records;
        this.extensionRecords = extensionRecords;
    }

    /**
     * What happened to one change: done, Graph's error, or a secret that could not be read (nothing sent).
     *
     * @param createdId the id Graph gave a connector this change created
     */
    public record Result(ConnectorChange change, Optional<GraphError> error, Optional<String> problem,
                         Optional<String> createdId) {
        public Result(ConnectorChange change, Optional<GraphError> error, Optional<String> problem) {
            this(change, error, problem, Optional.empty());
        }

        public boolean done() {
            return error.isEmpty() && problem.isEmpty();
        }
    }

    public synchronized List<Result> apply(ConnectorPlan plan) throws GraphException {
        if (secrets == null && plan.changes().stream().anyMatch(c -> c.target() == ConnectorChange.Target.CONNECTOR)) {
            secrets = secretSources.get();
        }
        Map<String, SentRecord> sent = new TreeMap<>(records.load());
        Map<String, SentRecord> extensionsSent = new TreeMap<>(extensionRecords.map(SentRecords::load)
                .orElse(Map.of()));
        List<Result> results = new ArrayList<>();
        for (ConnectorChange change : plan.changes()) {
            Result result;
            try {
                if (change.target() == ConnectorChange.Target.EXTENSION) {
                    result = sendExtension(change, extensionsSent);
                    results.add(result);
                    continue;
                }
                result = send(change, sent);
            } catch (SecretSources.Unreadable e) {
                result = new Result(change, Optional.empty(), Optional.of(e.getMessage()));
            } catch (GraphException e) {
                // No token, or no answer: this change was not made; the ones before it are recorded.
                result = new Result(change, Optional.of(e.error()), Optional.empty());
            }
            if (result.done()) {
                records.save(sent);
            }
            results.add(result);
        }
        return results;
    }

    /**
     * A create or an update of a custom authentication extension; the id its key became is recorded after each
     * accepted write, so the next plan finds it again when its displayName changes.
     */
    private Result sendExtension(ConnectorChange change, Map<String, SentRecord> sent) throws GraphException {
        ManagedExtension extension = change.extension().orElseThrow();
        String id;
        Optional<GraphError> error;
        if (change.action() == Action.CREATE) {
            GraphClient.ConnectorWriteAnswer answer = graph.createExtension(extension);
            error = answer.error();
            id = answer.createdId().orElse("");
        } else {
            id = change.connectorId().orElseThrow();
            error = graph.updateExtension(id, extension,
                    change.fields().stream().map(ConnectorChange.FieldChange::field).toList());
        }
        if (error.isEmpty() && !id.isEmpty()) {
            sent.put(change.key(), new SentRecord(id, Optional.empty()));
            extensionRecords.ifPresent(r -> r.save(sent));
        }
        return new Result(change, error, Optional.empty(),
                change.action() == Action.CREATE && error.isEmpty() && !id.isEmpty() ? Optional.of(id)
                        : Optional.empty());
    }

    private Result send(ConnectorChange change, Map<String, SentRecord> sent)
            throws GraphException, SecretSources.Unreadable {
        if (change.action() == Action.DELETE) {
            Optional<GraphError> error = graph.deleteConnector(change.connectorId().orElseThrow());
            if (error.isEmpty()) {
                sent.remove(change.key());
            }
            return new Result(change, error, Optional.empty());
        }
        ManagedConnector desired = change.desired().orElseThrow();
        String id;
        Optional<GraphError> error;
        Optional<String> fingerprint = Optional.empty();
        if (change.action() == Action.UPLOAD_CERTIFICATE) {
            id = change.connectorId().orElseThrow();
            error = graph.uploadClientCertificate(id, pkcs12((ConnectorAuthentication.Certificate)
                    desired.authentication(), false));
        } else {
            ObjectNode body = JSON.createObjectNode();
            for (ConnectorChange.FieldChange field : change.fields()) {
                if (field.field().equals("displayName") || field.field().equals("targetUrl")) {
                    body.put(field.field(), field.field().equals("displayName") ? desired.displayName()
                            : desired.targetUrl());
                }
            }
            if (change.sendsSecret()) {
                if (desired.authentication() instanceof ConnectorAuthentication.Basic basic) {
                    String password = secrets.text(basic.password());
                    fingerprint = Optional.of(secrets.fingerprint(password));
                    body.putObject("authenticationConfiguration")
                            .put("@odata.type", "#microsoft.graph.basicAuthentication")
                            .put("username", basic.username()).put("password", password);
                } else {
                    body.set("authenticationConfiguration", pkcs12((ConnectorAuthentication.Certificate)
                            desired.authentication(), true));
                }
            }
            if (change.action() == Action.CREATE) {
                GraphClient.ConnectorWriteAnswer answer = graph.createConnector(body);
                error = answer.error();
                id = answer.createdId().orElse("");
            } else {
                id = change.connectorId().orElseThrow();
                error = graph.updateConnector(id, body);
            }
        }
        if (error.isEmpty()) {
            Optional<String> kept = Optional.ofNullable(sent.get(change.key()))
                    .filter(r -> r.connectorId().equalsIgnoreCase(id))
                    .flatMap(SentRecord::passwordFingerprint);
            boolean basic = desired.authentication() instanceof ConnectorAuthentication.Basic;
            sent.put(change.key(), new SentRecord(id, basic ? fingerprint.or(() -> kept) : Optional.empty()));
        }
        return new Result(change, error, Optional.empty(),
                change.action() == Action.CREATE && error.isEmpty() && !id.isEmpty() ? Optional.of(id)
                        : Optional.empty());
    }

    /**
     * {@code #microsoft.graph.pkcs12Certificate} for a create or PATCH (resources/pkcs12certificate.md), or the bare
     * {@code pkcs12Value}/{@code password} body of uploadClientCertificate.
     */
    private ObjectNode pkcs12(ConnectorAuthentication.Certificate certificate, boolean typed)
            throws SecretSources.Unreadable {
        ObjectNode node = JSON.createObjectNode();
        if (typed) {
            node.put("@odata.type", "#microsoft.graph.pkcs12Certificate");
        }
        node.put("pkcs12Value", secrets.base64(certificate.pkcs12()));
        node.put("password", secrets.text(certificate.password()));
        return node;
    }
}
