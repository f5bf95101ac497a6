package io.userflowsync.desired;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.userflowsync.model.DesiredFlow;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.Step;
import io.userflowsync.model.UserFlowKind;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Keeps config/desired-state.schema.json and the example in step with what the loader accepts. */
class DesiredStateSchemaTest {
    private static final Path SCHEMA = Path.of("config/desired-state.schema.json");
    private static final Path EXAMPLE = Path.of("config/desired-state.example.yaml");

    private final JsonNode schema = read();

    @Test
    void stepNamesAreTheStepEnumsGraphNames() {
        JsonNode steps = schema.at("/$defs/flow/properties");
        List<Step> connectorSteps = Arrays.stream(Step.values()).filter(s -> !s.isEvent()).toList();
        assertThat(names(steps)).containsExactlyElementsOf(connectorSteps.stream().map(Step::graphName).toList());
        for (Step step : connectorSteps) {
            JsonNode described = steps.get(step.graphName());
            assertThat(described.path("x-experimental").asBoolean(false)).as(step.graphName())
                    .isEqualTo(step.experimental());
            if (step.experimental()) {
                assertThat(described.get("description").asText())
                        .contains("EXPERIMENTAL", DesiredStateFormat.EXPERIMENTAL_STEPS_SETTING);
            }
        }
    }

    @Test
    void flowIdPatternIsTheLoadersRegex() {
        JsonNode userFlows = schema.at("/properties/userFlows");
        assertThat(names(userFlows.get("patternProperties"))).containsExactly(UserFlowKind.ID_REGEX);
        assertThat(userFlows.at("/propertyNames/pattern").asText()).isEqualTo(UserFlowKind.ID_REGEX);
    }

    @Test
    void externalFlowsAreKeyedByTheLoadersGuidAndListTheEventSteps() {
        JsonNode flows = schema.at("/properties/" + DesiredStateFormat.EVENTS_FLOWS_KEY);
        assertThat(names(flows.get("patternProperties"))).containsExactly(UserFlowKind.EXTERNAL_ID_REGEX);
        assertThat(flows.at("/propertyNames/pattern").asText()).isEqualTo(UserFlowKind.EXTERNAL_ID_REGEX);
        assertThat(names(schema.at("/$defs/eventsFlow/properties"))).containsExactlyElementsOf(
                UserFlowKind.EXTERNAL.steps().stream().map(Step::graphName).toList());
        assertThat(schema.at("/$defs/eventValue/oneOf")).noneSatisfy(form -> assertThat(form.at("/required/0").asText())
                .isEqualTo(StepValueParser.CONNECTOR_KEY));
    }

    @Test
    void applicationsAreKeyedByAGuidAndListTheListenerEventsThatCustomExtensionsMayServe() {
        JsonNode applications = schema.at("/properties/" + DesiredStateFormat.APPLICATIONS_KEY);
        assertThat(names(applications.get("patternProperties"))).containsExactly(UserFlowKind.EXTERNAL_ID_REGEX);
        assertThat(applications.at("/propertyNames/pattern").asText()).isEqualTo(UserFlowKind.EXTERNAL_ID_REGEX);
        assertThat(names(schema.at("/$defs/applicationListeners/properties"))).containsExactlyElementsOf(
                UserFlowKind.APPLICATION.steps().stream().map(Step::graphName).toList());
        assertThat(schema.at("/$defs/customExtension/properties/event/enum")).extracting(JsonNode::asText)
                .containsExactlyElementsOf(Arrays.stream(Step.values()).filter(Step::isEvent).map(Step::graphName)
                        .toList());
    }

    @Test
    void lengthLimitsAreTheLoaders() {
        assertThat(schema.at("/properties/userFlows/propertyNames/maxLength").asInt())
                .isEqualTo(DesiredStateFormat.MAX_KEY_CHARS);
        assertThat(schema.at("/$defs/name/maxLength").asInt()).isEqualTo(DesiredStateFormat.MAX_VALUE_CHARS);
    }

    @Test
    void topLevelKeysAndVersionMatchTheLoader() {
        assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(names(schema.get("properties")))
                .containsExactlyInAnyOrderElementsOf(DesiredStateFormat.TOP_LEVEL_KEYS);
        assertThat(schema.get("anyOf")).extracting(form -> form.at("/required/0").asText())
                .containsExactly(DesiredStateFormat.USER_FLOWS_KEY, DesiredStateFormat.EVENTS_FLOWS_KEY,
                        DesiredStateFormat.APPLICATIONS_KEY);
        assertThat(schema.at("/properties/version/const").asInt()).isEqualTo(DesiredStateFormat.VERSION);
    }

    @Test
    void connectorKeysAndTheirReferenceFormAreTheLoaders() {
        JsonNode connectors = schema.at("/properties/" + DesiredStateFormat.CONNECTORS_KEY);
        assertThat(connectors.at("/propertyNames/pattern").asText()).isEqualTo(DesiredStateFormat.CONNECTOR_KEY_REGEX);
        assertThat(names(connectors.get("patternProperties"))).containsExactly(DesiredStateFormat.CONNECTOR_KEY_REGEX);
        assertThat(names(schema.at("/$defs/connector/properties")))
                .containsExactlyElementsOf(ConnectorsParser.CONNECTOR_KEYS);
        assertThat(schema.at("/$defs/authentication/oneOf")).extracting(a -> names(a.get("properties")))
                .containsExactly(ConnectorsParser.BASIC_KEYS, ConnectorsParser.CERTIFICATE_KEYS);
        assertThat(schema.at("/$defs/stepValue/oneOf")).anySatisfy(form -> assertThat(form.at("/required/0").asText())
                .isEqualTo(StepValueParser.CONNECTOR_KEY));
    }

    @Test
    void suspendIsAnOptionalBooleanOnly() {
        JsonNode suspend = schema.at("/properties/" + DesiredStateFormat.SUSPEND_KEY);
        assertThat(suspend.path("type").asText()).isEqualTo("boolean");
        assertThat(suspend.path("description").asText()).contains("report-only");
    }

    @Test
    void exampleLoadsWithoutProblems() throws DesiredStateException {
        DesiredState state = new DesiredStateLoader(false).load(EXAMPLE);
        assertThat(state.flows()).extracting(DesiredFlow::flowId)
                .containsExactly("B2X_1_contractors", "B2X_1_customers", "B2X_1_partner_signup");
        assertThat(state.flows()).allSatisfy(flow -> assertThat(flow.steps()).isNotEmpty());
    }

    private static JsonNode read() {
        try {
            return new ObjectMapper().readTree(SCHEMA.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + SCHEMA.toAbsolutePath(), e);
        }
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
