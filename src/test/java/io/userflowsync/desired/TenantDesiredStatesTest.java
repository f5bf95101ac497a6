package io.userflowsync.desired;

import io.userflowsync.model.ConnectorRef;
import io.userflowsync.model.DesiredState;
import io.userflowsync.model.ManagedConnector;
import io.userflowsync.model.SourceRevision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class TenantDesiredStatesTest {
    private static final SourceRevision REVISION = SourceRevision.folder("desired");
    private static final String BASE_FLOWS = """
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: Check partner domain
                postAttributeCollection: Enrich profile
              B2X_1_customers:
                postAttributeCollection: null
            """;

    @TempDir
    Path root;

    private final TenantDesiredStates tenants = new TenantDesiredStates(new DesiredStateLoader(false));

    private void write(String relative, String text) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private SortedMap<String, DesiredState> load() throws DesiredStateException {
        return tenants.load(root, "desired", REVISION);
    }

    private static Optional<String> connector(DesiredState state, String flow, String step) {
        return state.flows().stream().filter(f -> f.flowId().equals(flow)).findFirst().orElseThrow()
                .steps().stream().filter(s -> s.step().graphName().equals(step)).findFirst().orElseThrow()
                .connector().map(c -> ((ConnectorRef.ByDisplayName) c).displayName());
    }

    @Test
    void eachTenantIsBaseWithItsOwnFoldersStepsReplacingBases() throws Exception {
        write("base/flows.yaml", BASE_FLOWS);
        write("tenants/dev/flows.yaml", """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain (dev)
                """);
        write("tenants/prod/flows.yaml", "userFlows: {}\n");

        SortedMap<String, DesiredState> states = load();

        assertThat(states).containsOnlyKeys("dev", "prod");
        DesiredState dev = states.get("dev");
        assertThat(connector(dev, "B2X_1_partner_signup", "postFederationSignup")).contains("Check partner domain (dev)");
        assertThat(connector(dev, "B2X_1_partner_signup", "postAttributeCollection")).contains("Enrich profile");
        assertThat(connector(dev, "B2X_1_customers", "postAttributeCollection")).isEmpty();
        assertThat(dev.flows().get(1).steps().get(0).location().toString()).isEqualTo("desired/tenants/dev/flows.yaml:3:5");
        DesiredState prod = states.get("prod");
        assertThat(connector(prod, "B2X_1_partner_signup", "postFederationSignup")).contains("Check partner domain");
        assertThat(prod.source()).isEqualTo(REVISION);
    }

    private static final String BASE_CONNECTORS = """
            connectors:
              partner-check:
                displayName: Check partner domain
                targetUrl: https://partners.example/check
                authentication: {type: basic, username: agent, password: env:PARTNER_PW}
              enrich:
                displayName: Enrich profile
                targetUrl: https://enrich.example/api
                authentication: {type: basic, username: agent, password: env:ENRICH_PW}
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: {connector: partner-check}
                postAttributeCollection: null
            """;

    private static String targetUrl(DesiredState state, String key) {
        return state.connector(key).orElseThrow().targetUrl();
    }

    @Test
    void baseConnectorsReachEveryTenantAndATenantFolderReplacesOneWholeByItsKey() throws Exception {
        write("base/flows.yaml", BASE_CONNECTORS);
        write("tenants/dev/connectors.yaml", """
                connectors:
                  partner-check:
                    displayName: Check partner domain (dev)
                    targetUrl: https://dev.partners.example/check
                    authentication: {type: basic, username: dev-agent, password: env:DEV_PARTNER_PW}
                userFlows:
                  B2X_1_partner_signup:
                    postAttributeCollection: {connector: enrich}
                """);
        write("tenants/prod/flows.yaml", "userFlows: {}\n");

        SortedMap<String, DesiredState> states = load();

        DesiredState dev = states.get("dev");
        DesiredState prod = states.get("prod");
        assertThat(prod.connectors()).extracting(ManagedConnector::key).containsExactly("enrich", "partner-check");
        assertThat(targetUrl(prod, "partner-check")).isEqualTo("https://partners.example/check");
        assertThat(dev.connectors()).extracting(ManagedConnector::key).containsExactly("enrich", "partner-check");
        assertThat(targetUrl(dev, "partner-check")).isEqualTo("https://dev.partners.example/check");
        assertThat(dev.connector("partner-check").orElseThrow().location().file())
                .isEqualTo("desired/tenants/dev/connectors.yaml");
        assertThat(targetUrl(dev, "enrich")).isEqualTo("https://enrich.example/api");
        assertThat(tenants.loadTenant(root, "desired", REVISION, "dev")).isEqualTo(dev);
    }

    @Test
    void aTenantConnectorThatBaseDoesNotDeclareOrThatTakesAnotherOnesDisplayNameIsAProblemNamingTheTenant()
            throws Exception {
        write("base/flows.yaml", BASE_CONNECTORS);
        write("tenants/dev/connectors.yaml", """
                connectors:
                  partner-chek:
                    displayName: Check partner domain (dev)
                    targetUrl: https://dev.partners.example/check
                    authentication: {type: basic, username: agent, password: env:DEV_PARTNER_PW}
                  partner-check:
                    displayName: Enrich profile
                    targetUrl: https://dev.partners.example/check
                    authentication: {type: basic, username: agent, password: env:DEV_PARTNER_PW}
                userFlows: {}
                """);

        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> tenants.loadTenant(root, "desired", REVISION, "dev"));

        assertThat(e.problems()).extracting(ValidationProblem::toString).containsExactly(
                "desired/tenants/dev/connectors.yaml:2:3: tenant 'dev': connector partner-chek is not declared in "
                        + "base; a tenant folder only replaces connectors that base declares. Did you mean "
                        + "'partner-check'?",
                "desired/tenants/dev/connectors.yaml:6:3: tenant 'dev': connector partner-check has the displayName "
                        + "\"Enrich profile\" of connector enrich (desired/base/flows.yaml:6); give each managed "
                        + "connector its own displayName");
    }

    @Test
    void oneTenantIsReadFromBaseAndItsOwnFolderSoAnotherTenantsProblemNeverBlocksIt() throws Exception {
        write("base/flows.yaml", BASE_FLOWS);
        write("tenants/dev/flows.yaml", "userFlows:\n  B2X_1_typo:\n    postFederationSignup: A\n");
        write("tenants/prod/flows.yaml", """
                userFlows:
                  B2X_1_customers:
                    postAttributeCollection: Enrich profile (prod)
                """);

        DesiredState prod = tenants.loadTenant(root, "desired", REVISION, "prod");
        DesiredStateException dev = catchThrowableOfType(DesiredStateException.class,
                () -> tenants.loadTenant(root, "desired", REVISION, "dev"));

        assertThat(connector(prod, "B2X_1_customers", "postAttributeCollection")).contains("Enrich profile (prod)");
        assertThat(dev.problems()).extracting(ValidationProblem::toString).singleElement().asString()
                .startsWith("desired/tenants/dev/flows.yaml:2:3: tenant 'dev': B2X_1_typo is not declared in base");
    }

    @Test
    void aListedTenantWithoutAFolderIsAProblemNamingTheFolderToAdd() throws Exception {
        write("base/flows.yaml", BASE_FLOWS);
        write("tenants/dev/flows.yaml", "userFlows: {}\n");

        DesiredStateException e = catchThrowableOfType(DesiredStateException.class,
                () -> tenants.loadTenant(root, "desired", REVISION, "prod"));

        assertThat(e.problems()).extracting(ValidationProblem::toString).singleElement().asString()
                .startsWith("desired/tenants/prod:1:1: no folder for tenant 'prod'");
    }

    @Test
    void aSuspendInOneTenantsFolderSuspendsThatTenantOnly() throws Exception {
        write("base/flows.yaml", BASE_FLOWS);
        write("tenants/dev/flows.yaml", "suspend: true\nuserFlows: {}\n");
        write("tenants/prod/flows.yaml", "userFlows: {}\n");

        SortedMap<String, DesiredState> states = load();

        assertThat(states.get("dev").suspendedAt()).isPresent();
        assertThat(states.get("prod").suspendedAt()).isEmpty();
    }

    @Test
    void folderAndFileNamesStartingWithADotAreSkippedAsInAnyFolder() throws Exception {
        write("base/flows.yaml", BASE_FLOWS);
        write("tenants/dev/flows.yaml", "userFlows: {}\n");
        write("tenants/.git-keep/flows.yaml", "not: read\n");
        write("tenants/.keep", "");

        assertThat(load()).containsOnlyKeys("dev");
    }

    @Test
    void aRootWithoutATenantsFolderIsNotTheTenantLayout() throws Exception {
        write("flows.yaml", BASE_FLOWS);
        write("base/flows.yaml", BASE_FLOWS);

        assertThat(TenantDesiredStates.isTenantLayout(root)).isFalse();
        assertThat(TenantDesiredStates.isTenantLayout(root.resolve("flows.yaml"))).isFalse();
        write("tenants/dev/flows.yaml", "userFlows: {}\n");
        assertThat(TenantDesiredStates.isTenantLayout(root)).isTrue();
    }

    static Stream<Arguments> badLayouts() {
        return Stream.of(
                Arguments.of("no base folder",
                        files("tenants/dev/flows.yaml", "userFlows: {}\n"),
                        List.of("desired/base:1:1: no 'base' folder beside 'tenants'")),
                Arguments.of("a YAML file beside tenants belongs to no tenant",
                        files("base/flows.yaml", BASE_FLOWS, "flows.yaml", BASE_FLOWS,
                                "tenants/dev/flows.yaml", "userFlows: {}\n"),
                        List.of("desired/flows.yaml:1:1: a desired-state file beside 'tenants' belongs to no tenant")),
                Arguments.of("an empty tenants folder",
                        files("base/flows.yaml", BASE_FLOWS, "tenants/.keep", ""),
                        List.of("desired/tenants:1:1: no tenant folder in 'tenants'")),
                Arguments.of("a file directly in tenants",
                        files("base/flows.yaml", BASE_FLOWS, "tenants/dev.yaml", "userFlows: {}\n",
                                "tenants/dev/flows.yaml", "userFlows: {}\n"),
                        List.of("desired/tenants/dev.yaml:1:1: 'tenants' holds one folder per tenant, not files")),
                Arguments.of("a tenant name that cannot be a setting key",
                        files("base/flows.yaml", BASE_FLOWS, "tenants/Prod_EU/flows.yaml", "userFlows: {}\n"),
                        List.of("desired/tenants/Prod_EU:1:1: tenant name 'Prod_EU' is not valid")),
                Arguments.of("a tenant folder without YAML never means 'base unchanged'",
                        files("base/flows.yaml", BASE_FLOWS, "tenants/dev/README.md", "notes\n"),
                        List.of("desired/tenants/dev:1:1: no *.yaml or *.yml file in this folder")),
                Arguments.of("problems in every tenant are reported at once, sorted by place",
                        files("base/flows.yaml", "userFlows:\n  B2X_1_a:\n    postFederationSignup: A\n",
                                "tenants/dev/flows.yaml", "userFlows:\n  B2X_1_a:\n    postFederationSignup: \n",
                                "tenants/prod/flows.yaml", "userFlows:\n  B2X_1_b:\n    postFederationSignup: B\n"),
                        List.of("desired/tenants/dev/flows.yaml:3:26: empty value",
                                "desired/tenants/prod/flows.yaml:2:3: tenant 'prod': B2X_1_b is not declared in base")),
                Arguments.of("a problem in base is reported with each tenant's own (overrides wait for a valid base)",
                        files("base/flows.yaml", "userFlows:\n  B2X_1_a:\n    postFederationSignUp: A\n",
                                "tenants/dev/flows.yaml", "userFlows:\n  B2X_1_a:\n    postFederationSignup: \n",
                                "tenants/prod/flows.yaml", "userFlows:\n  B2X_1_b:\n    postFederationSignup: B\n"),
                        List.of("desired/base/flows.yaml:3:5: unknown step 'postFederationSignUp'",
                                "desired/tenants/dev/flows.yaml:3:26: empty value")),
                Arguments.of("a tenant step that base does not declare names the tenant and the line",
                        files("base/flows.yaml", BASE_FLOWS, "tenants/dev/flows.yaml", """
                                userFlows:
                                  B2X_1_customers:
                                    postFederationSignup: Check partner domain
                                """),
                        List.of("desired/tenants/dev/flows.yaml:3:5: tenant 'dev': B2X_1_customers postFederationSignup "
                                + "is not declared in base at desired/base/flows.yaml:5")));
    }

    private static Map<String, String> files(String... pathThenText) {
        Map<String, String> files = new LinkedHashMap<>();
        for (int i = 0; i < pathThenText.length; i += 2) {
            files.put(pathThenText[i], pathThenText[i + 1]);
        }
        return files;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLayouts")
    void aLayoutProblemIsReportedWithItsPlaceAndNothingLoads(String rule, Map<String, String> files,
                                                              List<String> expectedStarts) throws IOException {
        for (Map.Entry<String, String> file : files.entrySet()) {
            write(file.getKey(), file.getValue());
        }

        DesiredStateException e = catchThrowableOfType(DesiredStateException.class, this::load);

        assertThat(e).as(rule).isNotNull();
        assertThat(e.problems()).as(rule).hasSize(expectedStarts.size());
        for (int i = 0; i < expectedStarts.size(); i++) {
            assertThat(e.problems().get(i).toString()).as(rule).startsWith(expectedStarts.get(i));
        }
    }
}
