package io.userflowsync.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.userflowsync.plan.Fixtures.CHECK_DOMAIN;
import static io.userflowsync.plan.Fixtures.LEGACY;
import static io.userflowsync.report.SamplePlans.FOLDER;
import static io.userflowsync.report.SamplePlans.GIT;
import static org.assertj.core.api.Assertions.assertThat;

class PlanJsonTest {

    private static List<String> keys(JsonNode node) {
        List<String> keys = new ArrayList<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    @Test
    void topLevelAndSummaryKeysComeInAStableOrder() {
        JsonNode json = PlanJson.render(SamplePlans.mixed(), GIT);

        assertThat(keys(json)).containsExactly("formatVersion", "source", "policy", "summary", "changes",
                "suppressed", "errors", "mode", "guards", "connectors");
        assertThat(keys(json.get("connectors"))).containsExactly("changes", "heldBack", "problems", "inSync",
                "extensionsInSync");
        assertThat(keys(json.get("mode"))).containsExactly("mode", "reason", "description", "suspendedAt");
        assertThat(keys(json.get("guards"))).containsExactly("maxUnbinds", "maxChanges", "holdsBack", "overridden",
                "tripped");
        assertThat(keys(json.get("summary"))).containsExactly("bind", "rebind", "unbind", "suppressed", "errors",
                "managedSteps", "inSyncSteps", "drift", "connectorChanges", "partial");
        assertThat(keys(json.get("changes").get(0)))
                .containsExactly("flow", "step", "action", "from", "to", "location", "changedBy");
        assertThat(keys(json.get("suppressed").get(0)))
                .containsExactly("flow", "step", "action", "from", "to", "location", "reason");
    }

    @Test
    void summaryCounts() {
        JsonNode summary = PlanJson.render(SamplePlans.mixed(), GIT).get("summary");

        assertThat(summary.get("bind").asInt()).isEqualTo(1);
        assertThat(summary.get("rebind").asInt()).isEqualTo(1);
        assertThat(summary.get("unbind").asInt()).isEqualTo(1);
        assertThat(summary.get("suppressed").asInt()).isEqualTo(1);
        assertThat(summary.get("errors").asInt()).isZero();
        assertThat(summary.get("managedSteps").asInt()).isEqualTo(5);
        assertThat(summary.get("inSyncSteps").asInt()).isEqualTo(1);
        assertThat(summary.get("drift").asBoolean()).isTrue();
    }

    @Test
    void sourceAndPolicy() {
        JsonNode json = PlanJson.render(SamplePlans.mixed(), GIT);

        assertThat(json.get("formatVersion").asInt()).isEqualTo(2);
        assertThat(json.get("policy").asText()).isEqualTo("upsert-only");
        assertThat(json.get("source").get("location").asText()).isEqualTo("https://git.example.com/idp/bindings.git");
        assertThat(json.get("source").get("commit").asText()).isEqualTo("3f2a9c1d0e4b5a6978877665544332211aabbccd");
        assertThat(json.get("source").get("authorTime").asText()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(json.get("source").get("subject").asText()).isEqualTo("Bind partner check");

        JsonNode folder = PlanJson.render(SamplePlans.inSync(), FOLDER).get("source");
        assertThat(folder.get("commit").isNull()).isTrue();
        assertThat(folder.get("authorTime").isNull()).isTrue();
        assertThat(folder.get("subject").isNull()).isTrue();
    }

    @Test
    void changesCarryConnectorsOrNull() {
        JsonNode changes = PlanJson.render(SamplePlans.mixed(), GIT).get("changes");

        JsonNode unbind = changes.get(0);
        assertThat(unbind.get("flow").asText()).isEqualTo("B2X_1_customers");
        assertThat(unbind.get("step").asText()).isEqualTo("postFederationSignup");
        assertThat(unbind.get("action").asText()).isEqualTo("unbind");
        assertThat(unbind.get("from").get("id").asText()).isEqualTo(LEGACY.id());
        assertThat(unbind.get("from").get("displayName").asText()).isEqualTo(LEGACY.displayName());
        assertThat(unbind.get("to").isNull()).isTrue();
        assertThat(unbind.get("location").asText()).isEqualTo("config/desired-state.example.yaml:9:27");

        JsonNode bind = changes.get(1);
        assertThat(bind.get("action").asText()).isEqualTo("bind");
        assertThat(bind.get("from").isNull()).isTrue();
        assertThat(bind.get("to").get("id").asText()).isEqualTo(CHECK_DOMAIN.id());

        assertThat(PlanJson.render(SamplePlans.mixed(), GIT).get("suppressed").get(0).get("reason").asText())
                .isEqualTo("policy upsert-only never unbinds");
    }

    @Test
    void errorsWithAndWithoutStepAndLocation() {
        JsonNode json = PlanJson.render(SamplePlans.withErrors(), FOLDER);

        JsonNode unknownFlow = json.get("errors").get(0);
        assertThat(keys(unknownFlow)).containsExactly("flow", "step", "kind", "message", "location");
        assertThat(unknownFlow.get("flow").asText()).isEqualTo("B2X_1_typo");
        assertThat(unknownFlow.get("step").isNull()).isTrue();
        assertThat(unknownFlow.get("kind").asText()).isEqualTo("UNKNOWN_FLOW");
        assertThat(unknownFlow.get("location").asText()).isEqualTo("config/flows.yaml:12:3");
        JsonNode ambiguous = json.get("errors").get(1);
        assertThat(ambiguous.get("step").asText()).isEqualTo("postAttributeCollection");
        assertThat(ambiguous.get("kind").asText()).isEqualTo("AMBIGUOUS_CONNECTOR");
        JsonNode readFailed = json.get("errors").get(2);
        assertThat(readFailed.get("kind").asText()).isEqualTo("READ_FAILED");
        assertThat(readFailed.get("location").isNull()).isTrue();
        assertThat(json.get("summary").get("errors").asInt()).isEqualTo(3);
    }

    @Test
    void noDriftWhenInSync() {
        JsonNode summary = PlanJson.render(SamplePlans.inSync(), FOLDER).get("summary");

        assertThat(summary.get("drift").asBoolean()).isFalse();
        assertThat(summary.get("inSyncSteps").asInt()).isEqualTo(5);
    }

    @Test
    void textFormParsesBackToTheSameTree() throws Exception {
        String text = PlanJson.renderText(SamplePlans.withErrors(), GIT);

        assertThat(new ObjectMapper().readTree(text)).isEqualTo(PlanJson.render(SamplePlans.withErrors(), GIT));
    }
}
