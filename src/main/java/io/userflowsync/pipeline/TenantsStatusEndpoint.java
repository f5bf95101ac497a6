package io.userflowsync.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.userflowsync.ha.Election;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /status} with {@code sync.tenants}: {@code {"tenants": {"<name>": <a single tenant's status>}, "ha":
 * ...}}, each tenant's entry exactly what {@link StatusEndpoint} answers for one tenant (its revisions, runs and its
 * own election), and {@code ha} says which tenants this replica leads (issue 9 item 3).
 */
public final class TenantsStatusEndpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, StatusEndpoint> tenants;
    private final Election election;

    /** @param tenants each tenant's status, in the order of {@code sync.tenants} */
    public TenantsStatusEndpoint(Map<String, StatusEndpoint> tenants, Election election) {
        this.tenants = new LinkedHashMap<>(tenants);
        this.election = election;
    }

    public String json() {
        try {
            ObjectNode root = JSON.createObjectNode();
            ObjectNode each = root.putObject("tenants");
            for (Map.Entry<String, StatusEndpoint> t : tenants.entrySet()) {
                each.set(t.getKey(), JSON.readTree(t.getValue().json()));
            }
            root.set("ha", JSON.valueToTree(election.status()));
            return root.toPrettyString();
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
