package io.userflowsync.e2e;

import io.userflowsync.simulator.GraphQuota;
import io.userflowsync.simulator.SimulatedTenant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A plan of a large tenant says on stderr how far its reads have come, when asked or on a terminal, and only then. */
class ProgressLineTest {
    private static final String A = "3f8e6b1c-0d2a-4c7e-9b51-6a4f2e8d1c07";
    private static final int FLOWS = 200;

    @TempDir
    Path dir;
    private TestTenant t;
    private Path desired;

    @BeforeEach
    void tenant() throws Exception {
        SimulatedTenant tenant = new SimulatedTenant("10000000-0000-0000-0000-000000000001",
                "20000000-0000-0000-0000-000000000002", TestTenant.SECRET);
        tenant.addConnector(A, "Check partner domain", "https://partner.example/check", "api", "pw-1");
        StringBuilder yaml = new StringBuilder("userFlows:\n");
        for (int i = 0; i < FLOWS; i++) {
            String id = String.format(Locale.ROOT, "B2X_1_flow%04d", i);
            tenant.addFlow(id).bind(id, "postAttributeCollection", A);
            yaml.append("  ").append(id).append(":\n    postAttributeCollection: {id: ").append(A).append("}\n");
        }
        // One batch of 20 in flight at a time, 300 ms each: ten batches, a read of three seconds.
        t = TestTenant.slow(tenant, Duration.ofMillis(300));
        t.simulator.quota(GraphQuota.unlimited());
        desired = TestTenant.desired(dir, yaml.toString());
    }

    @AfterEach
    void close() {
        t.close();
    }

    private TestTenant.Result plan(String progress) {
        Map<String, String> env = new HashMap<>(t.environment());
        env.put("GRAPH_MAX_CONCURRENCY", "1");
        env.put("GRAPH_QUOTA_PER_MINUTE", "0"); // the simulator's quota is lifted: this is about the line, not the pace
        env.put("SYNC_PROGRESS", progress);
        return t.run(env, "plan", "--desired", desired.toString());
    }

    @Test
    void askedForItAPlanShowsItsReadsOnStderrAndWipesTheLineBeforeItsPlan() {
        TestTenant.Result plan = plan("always");

        assertThat(plan.exitCode()).as(plan.all()).isZero();
        assertThat(plan.err()).containsPattern("\rReading live state: [1-9]\\d* of 200 flows");
        assertThat(plan.err()).as("the line is wiped, not left above what follows").endsWith("\r");
        assertThat(plan.out()).doesNotContain("Reading").doesNotContain("\r");
    }

    @Test
    void onAStderrThatIsNotATerminalNothingExtraIsShown() {
        TestTenant.Result auto = plan("auto");
        TestTenant.Result never = plan("never");

        assertThat(auto.exitCode()).as(auto.all()).isZero();
        assertThat(auto.err()).doesNotContain("Reading").doesNotContain("\r");
        assertThat(never.err()).doesNotContain("Reading").doesNotContain("\r");
        assertThat(auto.out()).as("the same plan either way").isEqualTo(never.out());
    }

    @Test
    void anUnknownProgressSettingIsRefusedByName() {
        TestTenant.Result plan = plan("sometimes");

        assertThat(plan.exitCode()).isNotZero();
        assertThat(plan.err()).contains("sync.progress").contains("sometimes");
    }
}
