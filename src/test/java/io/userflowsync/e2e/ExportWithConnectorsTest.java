package io.userflowsync.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code export --with-connectors} (issue 9, items 1 and 2): the connectors written as {@code connectors:} with their
 * secrets as {@code env:} placeholders, bindings by key, and the round trip export → validate → plan, which shows
 * only what Graph cannot tell: each password, sent once.
 */
class ExportWithConnectorsTest {
    private static final String SHARED_A = "a1a1a1a1-0000-4000-8000-000000000001";
    private static final String SHARED_B = "b2b2b2b2-0000-4000-8000-000000000002";

    @TempDir
    Path dir;

    private final TestTenant t = TestTenant.demoLike();

    ExportWithConnectorsTest() {
        // Two connectors with one displayName: neither can be managed by it, so both stay out of connectors:.
        t.tenant.addConnector(SHARED_A, "Shared hook", "https://shared.example/a", "api", "pw-a")
                .addConnector(SHARED_B, "Shared hook", "https://shared.example/b", "api", "pw-b")
                .addFlow("B2X_1_shared").bind("B2X_1_shared", "postAttributeCollection", SHARED_B);
    }

    @AfterEach
    void stop() {
        t.close();
    }

    @Test
    void theExportListsTheConnectorsWithPlaceholdersAndBindsThemByKeyTheSameBytesTwice() {
        TestTenant.Result first = t.run("export", "--with-connectors");
        TestTenant.Result second = t.run("export", "--with-connectors");

        assertThat(first.exitCode()).as(first.all()).isZero();
        assertThat(second.out()).isEqualTo(first.out());
        assertThat(first.out())
                .contains("connectors:\n  check-partner-domain:\n    displayName: Check partner domain\n"
                        + "    targetUrl: \"https://partner.example/check\"\n    authentication:\n"
                        + "      type: basic\n      username: api\n"
                        + "      password: env:UCS_CONNECTOR_CHECK_PARTNER_DOMAIN_PASSWORD # Graph never returns secrets:"
                        + " set UCS_CONNECTOR_CHECK_PARTNER_DOMAIN_PASSWORD for the agent; the first apply sends it once\n")
                .contains("postAttributeCollection: {connector: legacy-crm-hook}")
                .contains("{id: " + SHARED_B + "}")
                .doesNotContain("shared-hook:")
                .doesNotContain("pw-check-1");
    }

    @Test
    void toAFolderTheConnectorsHaveAFileOfTheirOwnAndTheFolderValidates() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("exported"));

        TestTenant.Result export = t.run("export", "--with-connectors", "--output", folder.toString());
        TestTenant.Result validate = t.run("validate", "--desired", folder.toString());

        assertThat(export.exitCode()).as(export.all()).isZero();
        assertThat(Files.readString(folder.resolve("connectors.yaml"))).contains("connectors:\n  check-partner-domain:")
                .contains("userFlows: {}");
        assertThat(Files.readString(folder.resolve("b2x-user-flows.yaml"))).contains("{connector: legacy-crm-hook}")
                .doesNotContain("connectors:\n");
        assertThat(validate.exitCode()).as(validate.all()).isZero();
    }

    @Test
    void aRoundTripPlansOnlyEachPasswordSentOnceAndNothingAfterTheApply() throws Exception {
        TestTenant.Result export = t.run("export", "--with-connectors");
        Path file = Files.writeString(dir.resolve("exported.yaml"), export.out());
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("SYNC_GIT_WORK_DIR", dir.resolve("state").toString());

        TestTenant.Result validate = t.run(env, "validate", "--desired", file.toString());
        TestTenant.Result withoutSecrets = t.run(env, "plan", "--desired", file.toString());
        for (String key : List.of("CHECK_PARTNER_DOMAIN", "ENRICH_PARTNER_PROFILE", "LEGACY_CRM_HOOK",
                "VALIDATE_LOYALTY_NUMBER")) {
            env.put("UCS_CONNECTOR_" + key + "_PASSWORD", "set-by-the-operator-" + key);
        }
        TestTenant.Result plan = t.run(env, "plan", "--desired", file.toString(), "--output", "json");

        assertThat(validate.exitCode()).as(validate.all()).isZero();
        assertThat(validate.out()).contains("5 user flow(s), 10 managed step(s), 4 connector(s)");
        assertThat(withoutSecrets.exitCode()).as(withoutSecrets.all()).isEqualTo(1);
        assertThat(withoutSecrets.out()).contains("UCS_CONNECTOR_CHECK_PARTNER_DOMAIN_PASSWORD").contains("is not set");
        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        JsonNode json = new ObjectMapper().readTree(plan.out());
        assertThat(json.path("changes")).as("no binding changes").isEmpty();
        List<String> connectorChanges = new ArrayList<>();
        for (JsonNode change : json.path("connectors").path("changes")) {
            connectorChanges.add(change.path("action").asText() + " " + change.path("key").asText() + " "
                    + change.path("fields").toString());
        }
        assertThat(connectorChanges).containsExactly(
                "update check-partner-domain [{\"field\":\"password\",\"from\":null,\"to\":\"(sensitive)\"}]",
                "update enrich-partner-profile [{\"field\":\"password\",\"from\":null,\"to\":\"(sensitive)\"}]",
                "update legacy-crm-hook [{\"field\":\"password\",\"from\":null,\"to\":\"(sensitive)\"}]",
                "update validate-loyalty-number [{\"field\":\"password\",\"from\":null,\"to\":\"(sensitive)\"}]");

        assertThat(t.run(env, "apply", "--desired", file.toString()).exitCode()).isZero();
        TestTenant.Result after = t.run(env, "plan", "--desired", file.toString());
        assertThat(after.exitCode()).as(after.all()).isZero();
    }
}
