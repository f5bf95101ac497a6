package io.userflowsync.e2e;

import io.userflowsync.simulator.FaultRule;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** One config repo for a workforce tenant (API connectors) and an external tenant (custom extensions). */
class WorkforceAndExternalTenantsTest {
    private static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";

    @TempDir
    Path dir;

    TestTenant workforce;
    TestTenant external;

    @BeforeEach
    void start() throws IOException {
        workforce = TestTenant.demoLike();
        external = TestTenant.of(ExternalTenantCommandsTest.externalTenant());
        write("base/flows.yaml", "userFlows: {}\n");
        write("tenants/workforce/flows.yaml", """
                userFlows:
                  B2X_1_partner_signup:
                    postFederationSignup: Check partner domain
                """);
        write("tenants/external/flows.yaml", """
                authenticationEventsFlows:
                  %s:
                    onAttributeCollectionSubmit: Validate sign-up
                """.formatted(ExternalTenantCommandsTest.SIGN_UP));
    }

    @AfterEach
    void stop() {
        workforce.close();
        external.close();
    }

    private void write(String relative, String text) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SYNC_TENANTS", "workforce,external");
        env.put("GRAPH_MAX_ATTEMPTS", "2");
        for (Map.Entry<String, TestTenant> t : Map.of("WORKFORCE", workforce, "EXTERNAL", external).entrySet()) {
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

    private TestTenant.Result run(String command) {
        return workforce.run(environment(), command, "--desired", dir.toString());
    }

    @Test
    void oneApplyReconcilesTheConnectorsOfOneTenantAndTheExtensionsOfTheOther() {
        TestTenant.Result apply = run("apply");

        assertThat(apply.exitCode()).as(apply.all()).isZero();
        assertThat(workforce.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(external.tenant.extensionBinding(ExternalTenantCommandsTest.SIGN_UP, "onAttributeCollectionSubmit"))
                .contains(ExternalTenantCommandsTest.VALIDATE);
        assertThat(external.writes()).noneMatch(w -> w.contains("apiConnectors") || w.contains("b2xUserFlows"));
        assertThat(run("plan").exitCode()).as("in sync afterwards").isZero();
    }

    @Test
    void theExternalTenantFailingLeavesTheWorkforceTenantReconciled() {
        external.simulator.inject(new FaultRule("GET", Pattern.compile(".*/identity/.*"), 403, 1000, Optional.empty(),
                "Authorization_RequestDenied"));

        TestTenant.Result apply = run("apply");

        assertThat(apply.exitCode()).as(apply.all()).isEqualTo(1);
        assertThat(workforce.tenant.binding("B2X_1_partner_signup", "postFederationSignup")).contains(CHECK);
        assertThat(external.writes()).isEmpty();
        assertThat(apply.err()).contains("[external] ");
    }
}
