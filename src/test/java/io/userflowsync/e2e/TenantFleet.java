package io.userflowsync.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Several simulated tenants (each its own simulator on loopback) and one desired-state folder with {@code base/}
 * and {@code tenants/<name>/}: what the daemon tests with {@code sync.tenants} start, ask and assert on.
 */
final class TenantFleet implements AutoCloseable {
    static final String CHECK = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    static final String BASE = """
            userFlows:
              B2X_1_partner_signup:
                postFederationSignup: Check partner domain
            """;

    final Map<String, TestTenant> tenants = new LinkedHashMap<>();
    final Path desired;

    /** Tenants named {@code names}, each taking base unchanged. */
    TenantFleet(Path dir, List<String> names) throws IOException {
        this.desired = dir.resolve("desired");
        write("base/flows.yaml", BASE);
        for (String name : names) {
            tenants.put(name, TestTenant.demoLike());
            write("tenants/" + name + "/flows.yaml", "userFlows: {}\n");
        }
    }

    TestTenant get(String name) {
        return tenants.get(name);
    }

    void write(String relative, String text) throws IOException {
        Path file = desired.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    /** sync.tenants and each tenant's own sign-in settings; nothing global points at any simulator. */
    Map<String, String> environment() {
        Map<String, String> env = new HashMap<>();
        env.put("SYNC_TENANTS", String.join(",", tenants.keySet()));
        env.put("SYNC_DESIRED_PATH", desired.toString());
        env.put("GRAPH_MAX_ATTEMPTS", "2");
        tenants.forEach((name, t) -> {
            String upper = name.toUpperCase(Locale.ROOT).replace('-', '_');
            String prefix = "SYNC_TENANTS_" + upper + "_";
            env.put(prefix + "AZURE_TENANT_ID", t.tenant.tenantId());
            env.put(prefix + "AZURE_CLIENT_ID", t.tenant.clientId());
            env.put(prefix + "AZURE_CLIENT_SECRET", "env:" + upper + "_SECRET");
            env.put(upper + "_SECRET", TestTenant.SECRET);
            env.put(prefix + "AZURE_AUTHORITY_HOST", t.simulator.baseUrl());
            env.put(prefix + "GRAPH_ENDPOINT", t.simulator.baseUrl());
        });
        return env;
    }

    /** Whether the tenant is reconciled to base. */
    boolean reconciled(String name) {
        return get(name).tenant.binding("B2X_1_partner_signup", "postFederationSignup").filter(CHECK::equals)
                .isPresent();
    }

    @Override
    public void close() {
        tenants.values().forEach(TestTenant::close);
    }
}
