package io.userflowsync.e2e;

import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Several tenants from one config repo (issue 9, item 3), through the real commands: two simulated tenants on
 * loopback, one desired-state folder with base/ and tenants/, each tenant signing in with its own settings.
 */
class SeveralTenantsCommandsTest {
    private static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final String ENRICH = "7b2d9a41-3c55-4e0b-9f3a-2a8d5c1e6f10";

    @TempDir
    Path dir;

    TestTenant dev;
    TestTenant prod;

    @BeforeEach
    void start() throws IOException {
        dev = TestTenant.demoLike();
        prod = TestTenant.demoLike();
        write("base/flows.yaml", """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain
                """);
        write("tenants/dev/flows.yaml", """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Enrich partner profile
                """);
        write("tenants/prod/flows.yaml", "userFlows: {}\n");
    }

    @AfterEach
    void stop() {
        dev.close();
        prod.close();
    }

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** Nothing global points at either simulator: each tenant's own settings must. */
    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SYNC_TENANTS", "dev,prod");
        env.put("GRAPH_MAX_ATTEMPTS", "2");
        for (Map.Entry<String, TestTenant> t : Map.of("DEV", dev, "PROD", prod).entrySet()) {
            String prefix = "SYNC_TENANTS_" + t.getKey() + "_";
            env.put(prefix + "AZURE_TENANT_ID", t.getValue().tenant.tenantId());
            env.put(prefix + "AZURE_CLIENT_ID", t.getValue().tenant.clientId());
            env.put(prefix + "AZURE_CLIENT_SECRET", "env:" + t.getKey() + "_SECRET");
            env.put(t.getKey() + "_SECRET", TestTenant.SECRET);
            env.put(prefix + "AZURE_AUTHORITY_HOST", t.getValue().simulator.baseUrl());
            env.put(prefix + "GRAPH_ENDPOINT", t.getValue().simulator.baseUrl());
        }
        return env;
    }

    private TestTenant.Result run(String... args) {
        String[] all = Arrays.copyOf(args, args.length + 2);
        all[args.length] = "--desired";
        all[args.length + 1] = dir.toString();
        return dev.run(environment(), all);
    }

    @Test
    void applyReconcilesEachTenantToBaseWithItsOwnOverrides() {
        TestTenant.Result apply = run("apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(0);
        assertThat(dev.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(ENRICH);
        assertThat(prod.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(run("plan").exitCode()).as("in sync afterwards").isEqualTo(0);
    }

    @Test
    void aFaultInOneTenantLeavesTheOtherReconciledAndTheExitCodeIsTheWorst() {
        dev.simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/.*"), 403, 1000, Optional.empty(),
                "Authorization_RequestDenied"));

        TestTenant.Result apply = run("apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(prod.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(dev.writes()).isEmpty();
        assertThat(apply.err()).contains("[dev] ");
    }

    @Test
    void everyOutputLineNamesItsTenant() {
        TestTenant.Result plan = run("plan");

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out().lines().filter(l -> !l.isEmpty()))
                .allMatch(l -> l.startsWith("[dev] ") || l.startsWith("[prod] "))
                .anyMatch(l -> l.equals("[dev] == tenant dev =="))
                .anyMatch(l -> l.equals("[prod] == tenant prod =="));
        assertThat(plan.err().lines().filter(l -> !l.isEmpty()))
                .allMatch(l -> l.startsWith("[dev] ") || l.startsWith("[prod] "));
    }

    @Test
    void tenantNameRunsThatTenantOnly() {
        TestTenant.Result apply = run("apply", "--tenant", "prod");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(0);
        assertThat(prod.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(dev.simulator.requests()).isEmpty();
        assertThat(apply.out()).doesNotContain("[dev]");
    }

    @Test
    void validateChecksEachTenantAndNamesTheOneWithAProblem() throws IOException {
        write("tenants/dev/flows.yaml", "userFlows:\n  B2X_1_typo:\n    postFederationSignup: A\n");

        TestTenant.Result validate = run("validate");

        assertThat(validate.exitCode()).isEqualTo(1);
        assertThat(validate.out()).contains("[prod] Desired state is valid");
        assertThat(validate.err()).contains("[dev]   " + dir.resolve("tenants/dev/flows.yaml")
                + ":2:3: tenant 'dev': B2X_1_typo is not declared in base");
        assertThat(dev.simulator.requests()).isEmpty();
    }

    @Test
    void eachTenantManagesBasesConnectorsWithItsOwnReplacementsAndKeepsItsOwnRecordOfWhatItSent() throws IOException {
        write("base/connectors.yaml", """
                connectors:
                  partner-api:
                    displayName: Partner API
                    targetUrl: https://partner-api.example/check
                    authentication: {type: basic, username: agent, password: env:PARTNER_PW}
                userFlows:
                  B2X_1_customers:
                    postAttributeCollection: {connector: partner-api}
                """);
        write("tenants/dev/connectors.yaml", """
                connectors:
                  partner-api:
                    displayName: Partner API
                    targetUrl: https://dev.partner-api.example/check
                    authentication: {type: basic, username: agent, password: env:DEV_PARTNER_PW}
                userFlows: {}
                """);
        Map<String, String> env = environment();
        env.put("SYNC_GIT_WORK_DIR", dir.resolve("state").toString());
        env.put("PARTNER_PW", "prod-partner-password-1");
        env.put("DEV_PARTNER_PW", "dev-partner-password-1");

        TestTenant.Result plan = dev.run(env, "plan", "--desired", dir.toString());
        TestTenant.Result apply = dev.run(env, "apply", "--desired", dir.toString());

        assertThat(plan.exitCode()).as(plan.all()).isEqualTo(2);
        assertThat(plan.out()).contains("[dev]       targetUrl: https://dev.partner-api.example/check")
                .contains("[prod]       targetUrl: https://partner-api.example/check");
        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(0);
        String devId = dev.tenant.binding("B2X_1_customers", "postAttributeCollection").orElseThrow();
        String prodId = prod.tenant.binding("B2X_1_customers", "postAttributeCollection").orElseThrow();
        assertThat(dev.tenant.password(devId)).contains("dev-partner-password-1");
        assertThat(prod.tenant.password(prodId)).contains("prod-partner-password-1");
        assertThat(dir.resolve("state/tenants/dev/connectors-sent.json")).exists();
        assertThat(dir.resolve("state/tenants/prod/connectors-sent.json")).exists();

        env.put("PARTNER_PW", "prod-partner-password-2");
        TestTenant.Result rotate = dev.run(env, "apply", "--desired", dir.toString());
        TestTenant.Result again = dev.run(env, "apply", "--desired", dir.toString());

        assertThat(rotate.exitCode()).as(rotate.all()).isEqualTo(0);
        assertThat(again.exitCode()).as(again.all()).isEqualTo(0);
        assertThat(prod.tenant.password(prodId)).contains("prod-partner-password-2");
        assertThat(prod.tenant.secretWrites(prodId)).as("prod: created, then its changed secret sent once").isEqualTo(2);
        assertThat(dev.tenant.secretWrites(devId)).as("dev's secret did not change: never sent again").isEqualTo(1);
        assertThat(rotate.all() + again.all()).doesNotContain("partner-password");
    }

    @Test
    void validateNeedsNoCredentialSoAnUnsetSecretReferenceDoesNotFailIt() {
        Map<String, String> env = environment();
        env.remove("DEV_SECRET");

        TestTenant.Result validate = dev.run(env, "validate", "--desired", dir.toString());

        assertThat(validate.exitCode()).as(validate.all()).isEqualTo(0);
    }

    @Test
    void aTenantOptionWithoutSyncTenantsIsRefused() {
        Map<String, String> env = dev.environment();

        TestTenant.Result plan = dev.run(env, "plan", "--tenant", "dev", "--desired", dir.toString());

        assertThat(plan.exitCode()).isEqualTo(1);
        assertThat(plan.err()).contains("--tenant dev needs sync.tenants");
    }
}
